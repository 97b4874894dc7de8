/**
 * The Function Compute signature as @alicloud/fc2 2.6.6 computes it: HMAC-SHA256 keyed by the secret over
 * `METHOD\nCONTENT-MD5\nCONTENT-TYPE\nDATE\n`, the sorted lower-case `x-fc-*` headers and the path.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue as header } from './headers';

/** The string the client signed, rebuilt from the received request (queries are signed only on `/proxy/`). */
export function fcStringToSign(method: string, path: string, headers: IncomingHttpHeaders): string {
  const fc = Object.keys(headers)
    .filter((k) => k.startsWith('x-fc-'))
    .sort()
    .map((k) => `${k}:${header(headers, k)}\n`)
    .join('');
  return `${method}\n${header(headers, 'content-md5')}\n${header(headers, 'content-type')}\n${header(headers, 'date')}\n${fc}${path}`;
}

/** The base64 HMAC-SHA256 signature. */
export function fcSign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}
