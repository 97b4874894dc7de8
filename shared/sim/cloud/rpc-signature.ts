/**
 * The RPC signature (signature version 1.0) exactly as @alicloud/pop-core 1.8.0 computes it: HMAC-SHA1 keyed by
 * `secret + "&"` over `METHOD&%2F&enc(sorted k=v pairs)`, each key and value RFC 3986-encoded.
 */
import { createHmac } from 'node:crypto';

/** encodeURIComponent plus the characters pop-core also escapes: `! ' ( ) *`. */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The string the client signed, from the received parameters (`Signature` itself excluded). */
export function rpcStringToSign(method: string, params: ReadonlyMap<string, string>): string {
  const keys = [...params.keys()].filter((k) => k !== 'Signature').sort();
  const canonical = keys.map((k) => `${percentEncode(k)}=${percentEncode(params.get(k) ?? '')}`).join('&');
  return `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

/** The base64 HMAC-SHA1 signature of a string to sign. */
export function rpcSign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}
