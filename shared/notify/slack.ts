/** Slack incoming webhook: Block Kit sections with a text fallback, no signature (the URL is the secret), answer `ok`. */
import { excerpt, JSON_HEADERS, jsonObject, type Channel } from './channel';
import { markdownCode, safeLink } from './escape';
import { oneLine } from '../util/hidden-chars';
import { escapeEntities as e } from '../util/markdown-escape';
import { fitDigest } from './fit';
import { buildDigest, footerText, moreMarker, type Digest } from './summary';
import { truncateUnits } from '../util/truncate';

/**
 * Block Kit limits, in characters (counted here as UTF-16 code units, which is never fewer): a section's text 3,000
 * (longer is rejected with HTTP 400), a header 150, 50 blocks per message, and `text` 40,000.
 */
export const SLACK_LIMITS = { sectionText: 3000, headerText: 150, blocks: 50, text: 40_000 } as const;

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string }[];
}

export const slack: Channel = {
  format(report, ctx) {
    const body = fitDigest(buildDigest(report, ctx), renderSlack, slackFits);
    return body === undefined ? { error: "the message cannot fit Slack's block limits" } : { body };
  },

  sign(url, body) {
    return { url, headers: { ...JSON_HEADERS }, body };
  },

  judgeBody(answer) {
    return answer.body.trim() === 'ok' ? { ok: true } : { ok: false, retry: false, reason: `HTTP ${answer.status} with "${excerpt(answer.body)}" instead of "ok"` };
  },
};

/** True when the body keeps every Block Kit limit Slack enforces on incoming webhooks. */
export function slackFits(body: string): boolean {
  const json = jsonObject(body) as { text?: string; blocks?: Block[] } | undefined;
  if (!json?.blocks || (json.text ?? '').length > SLACK_LIMITS.text || json.blocks.length > SLACK_LIMITS.blocks) return false;
  return json.blocks.every((b) =>
    b.type === 'header' ? (b.text?.text ?? '').length <= SLACK_LIMITS.headerText : [b.text, ...(b.elements ?? [])].every((t) => (t?.text ?? '').length <= SLACK_LIMITS.sectionText),
  );
}

function renderSlack(d: Digest, keep: number): string {
  const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const blocks: Block[] = [
    // The header is a title, not content: cutting it to Slack's 150 characters loses nothing the sections lack.
    { type: 'header', text: { type: 'plain_text', text: truncateUnits(oneLine(d.title), SLACK_LIMITS.headerText) } },
    section(`*${e(d.headline)}*`),
  ];
  if (d.cause) {
    const n = d.cause.explains;
    blocks.push(
      section(
        [`*Root cause* (explains ${n} finding${n === 1 ? '' : 's'})`, ...d.cause.chain.map((l, i) => `${i + 1}. ${i ? '← ' : ''}${markdownCode(l.code, e)} ${e(l.resource)}: ${e(l.message)}`)].join(
          '\n',
        ),
      ),
    );
    if (d.cause.fixes.length) {
      const steps = d.cause.fixes.map((f) => `• ${f.after ? `then (${e(f.after)}): ` : ''}${e(f.description)}${f.command ? `\n${markdownCode(f.command, e)}` : ''}`);
      blocks.push(section(['*Fix*', ...steps].join('\n')));
    }
  }
  blocks.push(section([`*Counts*: ${e(d.counts)}`, ...(d.gaps.length ? [`*Not verified*: ${d.gaps.map(e).join('; ')}`] : [])].join('\n')));
  const link = safeLink(d.reportUrl);
  if (d.more.length) {
    const shown = d.more.slice(0, keep).map((l) => `• ${l.label} ${markdownCode(l.code, e)} ${e(l.resource)}: ${e(l.message)}`);
    if (keep < d.more.length) shown.push(e(moreMarker(d.more.length - keep, link !== undefined)));
    blocks.push(section(['*Also*', ...shown].join('\n')));
  }
  if (link) blocks.push(section(`<${link}|Open the report page>`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: e(footerText(d)) }] });
  // The fallback shows in notifications and where blocks cannot render: the title and the headline.
  return JSON.stringify({ text: truncateUnits(oneLine(`${d.title}: ${d.headline}`), SLACK_LIMITS.sectionText), blocks });
}
