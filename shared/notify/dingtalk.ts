/** DingTalk custom robot: a markdown message, signed in the query string, judged by `errcode`. */
import { JSON_HEADERS, jsonObject, judgeRobotCode, type Channel } from './channel';
import { fitDigest } from './fit';
import { renderMarkdown } from './markdown';
import { dingtalkSign } from './sign';
import { buildDigest } from './summary';
import { utf8Bytes } from '../util/truncate';

/**
 * The markdown text may hold 20,000 bytes (the brief; kubesphere/notification-manager caps DingTalk robot messages at
 * 19,960). The whole JSON body is held to it, which is stricter than the text alone.
 */
export const DINGTALK_MAX_BODY_BYTES = 20_000;

// 130101 "send too fast, exceed 20 times per minute" (ccfos/nightingale#369; 20/min then throttled and
// docs/reliability.md, "Delivery"); -1 "system busy". Everything else (310000 signature/keyword/IP, 300001 token) is permanent.
const TRANSIENT = new Set([130101, -1]);

export const dingtalk: Channel = {
  format(report, ctx) {
    const digest = buildDigest(report, ctx);
    const body = fitDigest(digest, renderMarkdown, (text) => utf8Bytes(envelope(digest.title, text)) <= DINGTALK_MAX_BODY_BYTES);
    return body === undefined ? { error: `the message cannot fit DingTalk's ${DINGTALK_MAX_BODY_BYTES} bytes` } : { body: envelope(digest.title, body) };
  },

  sign(url, body, ctx) {
    if (!ctx.secret) return { url, headers: { ...JSON_HEADERS }, body };
    // Milliseconds, and the signature URL-encoded (base64 carries + / =), appended after the access_token.
    const timestamp = ctx.now.getTime();
    const signed = new URL(url.href);
    for (const stale of ['timestamp', 'sign']) if (signed.searchParams.has(stale)) signed.searchParams.delete(stale);
    signed.search = `${signed.search ? `${signed.search}&` : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(ctx.secret, timestamp))}`;
    return { url: signed, headers: { ...JSON_HEADERS }, body };
  },

  judgeBody(answer) {
    const json = jsonObject(answer.body);
    if (!json) return { ok: false, retry: false, reason: 'HTTP 200 with an answer that is not JSON' };
    return judgeRobotCode('errcode', json.errcode, json.errmsg, TRANSIENT);
  },
};

function envelope(title: string, text: string): string {
  return JSON.stringify({ msgtype: 'markdown', markdown: { title, text } });
}
