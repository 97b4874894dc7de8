/** Lark/Feishu custom bot: an interactive card, `timestamp` and `sign` in the body, judged by `code` (or `StatusCode`). */
import { JSON_HEADERS, jsonObject, judgeRobotCode, type Channel } from './channel';
import { safeLink } from './escape';
import { oneLine } from '../util/hidden-chars';
import { fitDigest } from './fit';
import { larkSign } from './sign';
import { buildDigest, footerText, moreMarker, type Digest } from './summary';
import { utf8Bytes } from '../util/truncate';

/**
 * Body limit. The brief gives about 30 KB for a card; Lark's custom-bot guide is reported to cap the request body at
 * 20 K (unverified here), so the signed body is held to 20,000 bytes, which satisfies both.
 */
export const LARK_MAX_BODY_BYTES = 20_000;

// `"timestamp":"<10 digits>","sign":"<44 base64>",` is 51 bytes; the margin keeps a 13-digit clock safe too.
const SIGNATURE_BYTES = 80;

// 11232: the bot's rate limit (100/min, 5/s), reported by openclaw/openclaw#70879 and its fix commit 90c7870961
// (secondary sources). 19021 (bad signature or stale timestamp), 19022 (IP not allowed), 19024 (keywords missing),
// 9499 (bad request) are permanent.
const TRANSIENT = new Set([11232]);

const TEMPLATE: Record<Digest['status'], string> = { degraded: 'red', unknown: 'orange', healthy: 'green' };

export const lark: Channel = {
  format(report, ctx) {
    const body = fitDigest(buildDigest(report, ctx), renderCard, (b) => utf8Bytes(b) + SIGNATURE_BYTES <= LARK_MAX_BODY_BYTES);
    return body === undefined ? { error: `the message cannot fit Lark's ${LARK_MAX_BODY_BYTES} bytes` } : { body };
  },

  sign(url, body, ctx) {
    if (!ctx.secret) return { url, headers: { ...JSON_HEADERS }, body };
    // Seconds, as strings, first in the body; the rest of the body is byte-for-byte the formatted message.
    const timestamp = Math.floor(ctx.now.getTime() / 1000);
    const signed = `{"timestamp":${JSON.stringify(String(timestamp))},"sign":${JSON.stringify(larkSign(ctx.secret, timestamp))},${body.slice(1)}`;
    return { url, headers: { ...JSON_HEADERS }, body: signed };
  },

  judgeBody(answer) {
    const json = jsonObject(answer.body);
    if (!json) return { ok: false, retry: false, reason: 'HTTP 200 with an answer that is not JSON' };
    // Current bots answer {code, msg}; older ones {StatusCode, StatusMessage}.
    return json.code !== undefined ? judgeRobotCode('code', json.code, json.msg, TRANSIENT) : judgeRobotCode('StatusCode', json.StatusCode, json.StatusMessage, TRANSIENT);
  },
};

// Report text goes in plain_text elements, which Lark shows verbatim: no lark_md, so a name cannot inject a
// link or an <at id=all> mention.
function renderCard(d: Digest, keep: number): string {
  const text = (content: string) => ({ tag: 'div', text: { tag: 'plain_text', content } });
  const elements: unknown[] = [text(oneLine(d.headline))];
  if (d.cause) {
    const n = d.cause.explains;
    elements.push({ tag: 'hr' });
    elements.push(
      text(
        [`Root cause (explains ${n} finding${n === 1 ? '' : 's'})`, ...d.cause.chain.map((l, i) => `${i + 1}. ${i ? '← ' : ''}${oneLine(l.code)} ${oneLine(l.resource)}: ${oneLine(l.message)}`)].join(
          '\n',
        ),
      ),
    );
    if (d.cause.fixes.length) {
      const steps = d.cause.fixes.map((f) => `• ${f.after ? `then (${oneLine(f.after)}): ` : ''}${oneLine(f.description)}${f.command ? `\n  $ ${oneLine(f.command)}` : ''}`);
      elements.push(text(['Fix', ...steps].join('\n')));
    }
  }
  elements.push({ tag: 'hr' });
  elements.push(text([`Counts: ${d.counts}`, ...(d.gaps.length ? [`Not verified: ${d.gaps.map(oneLine).join('; ')}`] : [])].join('\n')));
  const link = safeLink(d.reportUrl);
  if (d.more.length) {
    const shown = d.more.slice(0, keep).map((l) => `• ${l.label} ${oneLine(l.code)} ${oneLine(l.resource)}: ${oneLine(l.message)}`);
    if (keep < d.more.length) shown.push(moreMarker(d.more.length - keep, link !== undefined));
    elements.push(text(['Also', ...shown].join('\n')));
  }
  if (link) elements.push({ tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: 'Open the report page' }, url: link, type: 'primary' }] });
  elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: oneLine(footerText(d)) }] });
  return JSON.stringify({
    msg_type: 'interactive',
    card: { config: { wide_screen_mode: true }, header: { template: TEMPLATE[d.status], title: { tag: 'plain_text', content: oneLine(d.title) } }, elements },
  });
}
