/**
 * Receiver-side webhook signature checks, written from each vendor's documentation and independently of
 * shared/notify/sign.ts (Buffer keys, byte-level string-to-sign, timingSafeEqual). Every test that receives a webhook
 * runs what it received through `signatureProblem` (test/notify/support.ts and test/functions/support.ts do it for
 * their receivers), so a delivery whose signature a real platform would refuse fails the test that sent it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** What a receiver got: path and query as sent, headers, the exact body. */
export interface SignedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The target as the sender was configured: the platform and its secret, if any. */
export interface SigningTarget {
  kind: string;
  secret?: string;
}

const HOUR_MS = 3_600_000;

function equalBase64(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const LF = Buffer.from([0x0a]);

/**
 * DingTalk custom robot, "sign request" (加签): the query carries `timestamp` (milliseconds, within one hour of the
 * receiver's clock) and `sign` = urlEncode(base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret))),
 * UTF-8. https://open.dingtalk.com/document/robots/customize-robot-security-settings (English:
 * https://help.dingtalk.io/open/dingstart/customize-robot-security-settings).
 */
export function dingtalkProblem(url: string, secret: string, nowMs: number): string | undefined {
  const q = new URL(url, 'http://receiver').searchParams;
  const timestamp = q.get('timestamp');
  const sign = q.get('sign');
  if (!timestamp || !sign) return 'no timestamp and sign in the query';
  if (!/^\d{13}$/.test(timestamp)) return `timestamp ${timestamp} is not in milliseconds`;
  if (Math.abs(Number(timestamp) - nowMs) > HOUR_MS) return 'timestamp more than an hour away';
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  mac.update(Buffer.concat([Buffer.from(timestamp, 'ascii'), LF, Buffer.from(secret, 'utf8')]));
  return equalBase64(mac.digest('base64'), sign) ? undefined : 'sign does not match';
}

/**
 * Feishu/Lark custom bot, "signature verification" (签名校验): the JSON body carries `timestamp` (seconds, a string,
 * within one hour) and `sign` = base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty)).
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (Lark:
 * https://open.larksuite.com/document/client-docs/bot-v3/add-custom-bot; help centre:
 * https://www.feishu.cn/hc/en-US/articles/360024984973).
 */
export function larkProblem(body: string, secret: string, nowMs: number): string | undefined {
  let parsed: { timestamp?: unknown; sign?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return 'body is not JSON';
  }
  const { timestamp, sign } = parsed;
  if (typeof timestamp !== 'string' || typeof sign !== 'string') return 'no timestamp and sign strings in the body';
  if (!/^\d{10}$/.test(timestamp)) return `timestamp ${timestamp} is not in seconds`;
  if (Math.abs(Number(timestamp) * 1000 - nowMs) > HOUR_MS) return 'timestamp more than an hour away';
  const key = Buffer.concat([Buffer.from(timestamp, 'ascii'), LF, Buffer.from(secret, 'utf8')]);
  return equalBase64(createHmac('sha256', key).update(Buffer.alloc(0)).digest('base64'), sign) ? undefined : 'sign does not match';
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Standard Webhooks (the generic target): `webhook-id`, `webhook-timestamp` (seconds, within five minutes) and
 * `webhook-signature`, space-separated `v1,<base64>` entries, one of which is base64(HmacSHA256(key =
 * base64-decoded secret after `whsec_`, message = id + "." + timestamp + "." + exact body)).
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function standardWebhooksProblem(headers: IncomingHttpHeaders, body: string, secret: string, nowMs: number): string | undefined {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!id || !timestamp || !signatures) return 'missing webhook-id, webhook-timestamp or webhook-signature';
  if (!/^\d+$/.test(timestamp) || Math.abs(Number(timestamp) * 1000 - nowMs) > 5 * 60_000) return 'webhook-timestamp more than five minutes away';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), Buffer.from(body, 'utf8')]))
    .digest('base64');
  const offered = signatures.split(' ').flatMap((s) => (s.startsWith('v1,') ? [s.slice(3)] : []));
  return offered.some((s) => equalBase64(expected, s)) ? undefined : 'no v1 signature matches';
}

/**
 * Why a received request would be refused by its platform, or undefined when it would be accepted.
 * WeCom group robots have no signature (the `key` in the URL is the credential,
 * https://developer.work.weixin.qq.com/document/path/91770), nor do Slack incoming webhooks (the URL is the secret,
 * https://api.slack.com/messaging/webhooks): for them, and for any target without a secret, the check is that the
 * request carries no signature of another scheme. `nowMs` is the sender's clock when a test fixes it.
 */
export function signatureProblem(target: SigningTarget, req: SignedRequest, nowMs = Date.now()): string | undefined {
  if (target.secret !== undefined && target.secret !== '') {
    switch (target.kind) {
      case 'dingtalk':
        return dingtalkProblem(req.url, target.secret, nowMs);
      case 'lark':
        return larkProblem(req.body, target.secret, nowMs);
      case 'generic':
        return standardWebhooksProblem(req.headers, req.body, target.secret, nowMs);
      default:
        return `${target.kind} has no signature scheme, yet a secret is configured`;
    }
  }
  const q = new URL(req.url, 'http://receiver').searchParams;
  if (q.has('sign') || header(req.headers, 'webhook-signature') !== undefined) return 'an unsigned target sent a signature';
  if (target.kind === 'lark' && /"sign"\s*:/.test(req.body.slice(0, 200))) return 'an unsigned Lark target sent a sign field';
  return undefined;
}
