/** Webhook signatures, as pure functions of the secret, the time and the bytes sent (so fixed vectors can test them). */
import { createHmac } from 'node:crypto';

/**
 * DingTalk custom robot: base64(HmacSHA256(key = secret, message = `${timestampMs}\n${secret}`)), timestamp in
 * milliseconds. The caller URL-encodes it into `&timestamp=…&sign=…` (docs/reliability.md, "Delivery").
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Lark/Feishu custom bot: base64(HmacSHA256(key = `${timestampSec}\n${secret}`, message = empty)), timestamp in
 * seconds; key and message are the reverse of DingTalk's (docs/reliability.md, "Delivery").
 */
export function larkSign(secret: string, timestampSec: number): string {
  return createHmac('sha256', `${timestampSec}\n${secret}`).update('').digest('base64');
}

/** The HMAC key of a Standard Webhooks secret: base64 after an optional `whsec_` prefix; undefined when unusable. */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const b64 = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const key = Buffer.from(b64, 'base64');
  return key.length > 0 ? key : undefined;
}

/**
 * Standard Webhooks `webhook-signature`: `v1,` + base64(HmacSHA256(key, `${id}.${timestampSec}.${body}`)) over the
 * exact bytes sent (docs/reliability.md, "Delivery"; the Standard Webhooks specification).
 */
export function standardWebhooksSignature(key: Buffer, id: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`, 'utf8').digest('base64')}`;
}
