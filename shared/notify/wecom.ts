/** WeCom group robot: a markdown message, no signature (the `key` in the URL is the secret), judged by `errcode`. */
import { JSON_HEADERS, jsonObject, judgeRobotCode, type Channel } from './channel';
import { fitDigest } from './fit';
import { renderMarkdown } from './markdown';
import { buildDigest } from './summary';
import { utf8Bytes } from '../util/truncate';

/**
 * `markdown.content` holds at most 4,096 UTF-8 bytes (work.weixin.qq.com doc 91770;
 * the robot answers errcode 40058 "markdown.content exceed max length 4096" otherwise).
 */
export const WECOM_MAX_CONTENT_BYTES = 4096;

// 45009 "api freq out of limit" (about 20 messages a minute); -1 "system busy". 93000 "invalid webhook url"
// and 40058 (invalid parameter, e.g. too long) are permanent.
const TRANSIENT = new Set([45009, -1]);

export const wecom: Channel = {
  format(report, ctx) {
    const content = fitDigest(buildDigest(report, ctx), renderMarkdown, (text) => utf8Bytes(text) <= WECOM_MAX_CONTENT_BYTES);
    return content === undefined ? { error: `the message cannot fit WeCom's ${WECOM_MAX_CONTENT_BYTES} bytes` } : { body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }) };
  },

  sign(url, body) {
    return { url, headers: { ...JSON_HEADERS }, body };
  },

  judgeBody(answer) {
    const json = jsonObject(answer.body);
    if (!json) return { ok: false, retry: false, reason: 'HTTP 200 with an answer that is not JSON' };
    return judgeRobotCode('errcode', json.errcode, json.errmsg, TRANSIENT);
  },
};
