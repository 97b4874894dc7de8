/**
 * The ROA signature as pop-core's ROAClient computes it: HMAC-SHA1 keyed by the bare secret over
 * `METHOD\nACCEPT\nCONTENT-MD5\nCONTENT-TYPE\nDATE\n`, the sorted `x-acs-*` headers, and the path with its
 * sorted, unencoded query.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue as header } from './headers';

/** The string the client signed, rebuilt from the received request. */
export function roaStringToSign(method: string, path: string, query: ReadonlyMap<string, string>, headers: IncomingHttpHeaders): string {
  const acs = Object.keys(headers)
    .filter((k) => k.startsWith('x-acs-'))
    .sort()
    .map(
      (k) =>
        `${k}:${header(headers, k)
          .replace(/[\t\n\r\f]/g, ' ')
          .trim()}\n`,
    )
    .join('');
  const keys = [...query.keys()].sort();
  const resource = keys.length === 0 ? path : `${path}?${keys.map((k) => `${k}=${query.get(k) ?? ''}`).join('&')}`;
  const head = [method, header(headers, 'accept'), header(headers, 'content-md5'), header(headers, 'content-type'), header(headers, 'date')];
  return `${head.join('\n')}\n${acs}${resource}`;
}

/** The base64 HMAC-SHA1 signature (key: the secret, without the RPC `&`). */
export function roaSign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}
