/**
 * OSS request signatures, rebuilt from the request as the service does (OSS API reference, "Signature V1" and
 * "Signature V4"): V1 `OSS ak:base64(HMAC-SHA1)` over verb, Content-MD5, Content-Type, date, `x-oss-*` headers and
 * the canonical resource; V4 `OSS4-HMAC-SHA256` over a canonical request, with a key derived from the secret,
 * the day, the region and the product. The presigned forms put the same signatures in the query string.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './headers';

/** One query parameter as sent: a value of null means the key came without `=` (`?acl`). */
export interface QueryParam {
  key: string;
  value: string | null;
}

/** Splits a raw query string into decoded parameters, keeping `key` and `key=` apart as the signatures do. */
export function parseQuery(raw: string): QueryParam[] {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      return i < 0 ? { key: decode(pair), value: null } : { key: decode(pair.slice(0, i)), value: decode(pair.slice(i + 1)) };
    });
}

// The sub-resources V1 signs; other parameters (list-type, prefix, max-keys…) are not part of the string to sign.
const V1_SUBRESOURCES = new Set([
  'acl',
  'append',
  'bucketInfo',
  'cname',
  'comp',
  'continuation-token',
  'cors',
  'delete',
  'encryption',
  'endTime',
  'img',
  'lifecycle',
  'live',
  'location',
  'logging',
  'objectMeta',
  'partNumber',
  'policy',
  'position',
  'qos',
  'referer',
  'replication',
  'restore',
  'security-token',
  'startTime',
  'stat',
  'status',
  'style',
  'styleName',
  'symlink',
  'tagging',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'vod',
  'website',
  'x-oss-process',
  'x-oss-traffic-limit',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
]);

/** V1's canonical resource: `/bucket/key` and the signed sub-resources, sorted. */
function v1Resource(bucket: string, key: string, query: readonly QueryParam[]): string {
  const sub = query.filter((q) => V1_SUBRESOURCES.has(q.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts = sub.map((q) => (q.value ? `${q.key}=${q.value}` : q.key));
  return `/${bucket}/${key}${parts.length ? `?${parts.join('&')}` : ''}`;
}

/** The V1 string to sign; `date` is the Date header, `x-oss-date`, or a presigned URL's `Expires`. */
export function v1StringToSign(method: string, headers: IncomingHttpHeaders, date: string, bucket: string, key: string, query: readonly QueryParam[]): string {
  const oss = Object.keys(headers)
    .filter((h) => h.startsWith('x-oss-'))
    .sort()
    .map((h) => `${h}:${headerValue(headers, h).trim()}`);
  return [method, headerValue(headers, 'content-md5'), headerValue(headers, 'content-type'), date, ...oss, v1Resource(bucket, key, query)].join('\n');
}

/** Signs a V1 string to sign with the secret. */
export function v1Sign(stringToSign: string, secret: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}

/** RFC 3986 encoding, `!'()*` included, as V4 canonicalises. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** V4's canonical request; `additional` are the extra signed header names (lower case, sorted). */
export function v4CanonicalRequest(method: string, headers: IncomingHttpHeaders, bucket: string, key: string, query: readonly QueryParam[], additional: readonly string[]): string {
  const canonicalQuery = [...query]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((q) => (q.value === null ? uriEncode(q.key) : `${uriEncode(q.key)}=${uriEncode(q.value)}`))
    .join('&');
  const names = new Set(additional);
  for (const h of Object.keys(headers)) if (h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-')) names.add(h);
  const canonicalHeaders = [...names]
    .sort()
    .map((h) => `${h}:${headerValue(headers, h).trim()}\n`)
    .join('');
  const payload = headerValue(headers, 'x-oss-content-sha256') || 'UNSIGNED-PAYLOAD';
  return [method, uriEncode(`/${bucket}/${key}`).replace(/%2F/g, '/'), canonicalQuery, canonicalHeaders, additional.join(';'), payload].join('\n');
}

/** V4's string to sign for a canonical request made at `timestamp` (`yyyymmddTHHMMssZ`) in `region`. */
export function v4StringToSign(timestamp: string, region: string, canonicalRequest: string): string {
  const scope = `${timestamp.slice(0, 8)}/${region}/oss/aliyun_v4_request`;
  return ['OSS4-HMAC-SHA256', timestamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
}

/** Signs a V4 string to sign: the key is derived from the secret, the day, the region and the product. */
export function v4Sign(stringToSign: string, secret: string, day: string, region: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, day), region), 'oss'), 'aliyun_v4_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** `OSS4-HMAC-SHA256 Credential=ak/day/region/oss/aliyun_v4_request,AdditionalHeaders=a;b,Signature=hex`, parsed. */
export function parseV4Authorization(header: string): { accessKeyId: string; day: string; region: string; additional: string[]; signature: string } | undefined {
  const m = /^OSS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/oss\/aliyun_v4_request,(?:AdditionalHeaders=([^,]*),)?Signature=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1], day: m[2], region: m[3], additional: m[4] ? m[4].split(';') : [], signature: m[5] };
}

/** `ak/day/region/oss/aliyun_v4_request` (a presigned V4 URL's `x-oss-credential`), parsed. */
export function parseV4Credential(credential: string): { accessKeyId: string; day: string; region: string } | undefined {
  const m = /^([^/]+)\/(\d{8})\/([a-z0-9-]+)\/oss\/aliyun_v4_request$/.exec(credential);
  return m ? { accessKeyId: m[1], day: m[2], region: m[3] } : undefined;
}

/** `20261128T101500Z` → epoch milliseconds (NaN when malformed). */
export function parseV4Time(t: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(t);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}
