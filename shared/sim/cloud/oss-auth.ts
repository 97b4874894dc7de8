/** Authenticates an OSS request: a V1 or V4 Authorization header, or a V1 or V4 presigned URL; anonymous is refused (private buckets). */
import type { IncomingMessage } from 'node:http';
import type { SimContext } from './context';
import { headerValue } from './headers';
import { REQUEST_VALIDITY_MS } from './nonces';
import { accessDenied, invalidArgument, OssError } from './oss-errors';
import { parseV4Authorization, parseV4Credential, parseV4Time, v1Sign, v1StringToSign, v4CanonicalRequest, v4Sign, v4StringToSign, type QueryParam } from './oss-signature';
import { sameSignature } from './signature-compare';

export interface OssAuthRequest {
  req: IncomingMessage;
  method: string;
  bucket: string;
  key: string;
  query: readonly QueryParam[];
  region: string;
}

// A V4 presigned URL may live at most 7 days (OSS "Signature V4 in URLs": x-oss-expires 1–604800).
const V4_MAX_EXPIRES_S = 604_800;

function param(query: readonly QueryParam[], key: string): string | undefined {
  return query.find((q) => q.key === key)?.value ?? undefined;
}

/** Throws the OSS error for the first failed check; returns when the request is signed with the scenario's key. */
export function authenticateOss(ctx: SimContext, r: OssAuthRequest): void {
  const authorization = headerValue(r.req.headers, 'authorization');
  if (authorization.startsWith('OSS4-HMAC-SHA256')) headerV4(ctx, r, authorization);
  else if (authorization.startsWith('OSS ')) headerV1(ctx, r, authorization);
  else if (authorization) throw invalidArgument('Authorization header is invalid.', 'Authorization', authorization.split(' ')[0]);
  else if (param(r.query, 'x-oss-signature-version') === 'OSS4-HMAC-SHA256') presignedV4(ctx, r);
  else if (param(r.query, 'OSSAccessKeyId') !== undefined) presignedV1(ctx, r);
  else throw accessDenied('You have no right to access this object because of bucket acl.');
}

function checkClock(ctx: SimContext, sentAt: number, raw: string): void {
  if (Number.isNaN(sentAt)) throw new OssError(403, 'AccessDenied', 'Invalid date format in the request.', { Date: raw });
  if (Math.abs(ctx.now().getTime() - sentAt) > REQUEST_VALIDITY_MS) {
    throw new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: raw,
      ServerTime: ctx.now().toISOString(),
      MaxAllowedSkewMilliseconds: String(REQUEST_VALIDITY_MS),
    });
  }
}

function checkKey(ctx: SimContext, accessKeyId: string): void {
  if (accessKeyId !== ctx.credentials.accessKeyId) throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', { OSSAccessKeyId: accessKeyId });
}

function checkSignature(expected: string, sent: string, stringToSign: string, accessKeyId: string, canonicalRequest?: string): void {
  if (sameSignature(expected, sent)) return;
  // The real service echoes what it signed: the one thing that makes a signing bug debuggable.
  throw new OssError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
    StringToSign: stringToSign,
    OSSAccessKeyId: accessKeyId,
    ...(canonicalRequest ? { CanonicalRequest: canonicalRequest } : {}),
  });
}

/** An STS key needs its token (header `x-oss-security-token` or the presigned `security-token`); a permanent key must send none. */
function checkToken(ctx: SimContext, sent: string | undefined): void {
  const expected = ctx.credentials.securityToken;
  if (expected !== undefined ? sent === undefined || !sameSignature(sent, expected) : sent !== undefined) {
    throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.');
  }
}

function headerV1(ctx: SimContext, r: OssAuthRequest, authorization: string): void {
  const m = /^OSS ([^:\s]+):(\S+)$/.exec(authorization);
  if (!m) throw invalidArgument('Authorization header is invalid.', 'Authorization', 'OSS');
  const date = headerValue(r.req.headers, 'x-oss-date') || headerValue(r.req.headers, 'date');
  checkClock(ctx, date ? Date.parse(date) : NaN, date);
  checkKey(ctx, m[1]);
  const stringToSign = v1StringToSign(r.method, r.req.headers, date, r.bucket, r.key, r.query);
  checkSignature(v1Sign(stringToSign, ctx.credentials.accessKeySecret), m[2], stringToSign, m[1]);
  checkToken(ctx, headerValue(r.req.headers, 'x-oss-security-token') || undefined);
}

function headerV4(ctx: SimContext, r: OssAuthRequest, authorization: string): void {
  const a = parseV4Authorization(authorization);
  if (!a) throw invalidArgument('Authorization header is invalid.', 'Authorization', 'OSS4-HMAC-SHA256');
  const date = headerValue(r.req.headers, 'x-oss-date');
  checkClock(ctx, parseV4Time(date), date);
  if (date.slice(0, 8) !== a.day) throw invalidArgument('Invalid signing date in Authorization header.', 'Authorization', a.day);
  if (a.region !== r.region) throw invalidArgument('Invalid signing region in Authorization header.', 'Authorization', a.region);
  if (!headerValue(r.req.headers, 'x-oss-content-sha256')) throw invalidArgument('Missing required header for this request: x-oss-content-sha256', 'x-oss-content-sha256', '');
  checkKey(ctx, a.accessKeyId);
  const canonical = v4CanonicalRequest(r.method, r.req.headers, r.bucket, r.key, r.query, a.additional);
  const stringToSign = v4StringToSign(date, a.region, canonical);
  checkSignature(v4Sign(stringToSign, ctx.credentials.accessKeySecret, a.day, a.region), a.signature, stringToSign, a.accessKeyId, canonical);
  checkToken(ctx, headerValue(r.req.headers, 'x-oss-security-token') || undefined);
}

function expired(ctx: SimContext, expiresAt: number): OssError {
  return accessDenied('Request has expired.', { Expires: new Date(expiresAt).toISOString(), ServerTime: ctx.now().toISOString() });
}

function presignedV1(ctx: SimContext, r: OssAuthRequest): void {
  const accessKeyId = param(r.query, 'OSSAccessKeyId') ?? '';
  const expires = param(r.query, 'Expires') ?? '';
  const signature = param(r.query, 'Signature') ?? '';
  if (!/^\d+$/.test(expires)) throw invalidArgument('Expires is not a valid epoch time in seconds.', 'Expires', expires);
  if (ctx.now().getTime() > Number(expires) * 1000) throw expired(ctx, Number(expires) * 1000);
  checkKey(ctx, accessKeyId);
  const stringToSign = v1StringToSign(r.method, r.req.headers, expires, r.bucket, r.key, r.query);
  checkSignature(v1Sign(stringToSign, ctx.credentials.accessKeySecret), signature, stringToSign, accessKeyId);
  checkToken(ctx, param(r.query, 'security-token'));
}

function presignedV4(ctx: SimContext, r: OssAuthRequest): void {
  const credential = parseV4Credential(param(r.query, 'x-oss-credential') ?? '');
  if (!credential) throw invalidArgument('x-oss-credential is invalid.', 'x-oss-credential', param(r.query, 'x-oss-credential') ?? '');
  const date = param(r.query, 'x-oss-date') ?? '';
  const signedAt = parseV4Time(date);
  const expiresText = param(r.query, 'x-oss-expires') ?? '';
  const expiresS = Number(expiresText);
  if (Number.isNaN(signedAt) || date.slice(0, 8) !== credential.day) throw invalidArgument('x-oss-date is invalid.', 'x-oss-date', date);
  if (!/^\d+$/.test(expiresText) || expiresS < 1 || expiresS > V4_MAX_EXPIRES_S) throw invalidArgument('x-oss-expires must be between 1 and 604800 seconds.', 'x-oss-expires', expiresText);
  if (signedAt > ctx.now().getTime() + REQUEST_VALIDITY_MS) throw invalidArgument('x-oss-date is in the future.', 'x-oss-date', date);
  if (ctx.now().getTime() > signedAt + expiresS * 1000) throw expired(ctx, signedAt + expiresS * 1000);
  if (credential.region !== r.region) throw invalidArgument('Invalid signing region in x-oss-credential.', 'x-oss-credential', credential.region);
  checkKey(ctx, credential.accessKeyId);
  const additional = (param(r.query, 'x-oss-additional-headers') ?? '').split(';').filter(Boolean);
  const canonical = v4CanonicalRequest(
    r.method,
    r.req.headers,
    r.bucket,
    r.key,
    r.query.filter((q) => q.key !== 'x-oss-signature'),
    additional,
  );
  const stringToSign = v4StringToSign(date, credential.region, canonical);
  checkSignature(v4Sign(stringToSign, ctx.credentials.accessKeySecret, credential.day, credential.region), param(r.query, 'x-oss-signature') ?? '', stringToSign, credential.accessKeyId, canonical);
  checkToken(ctx, param(r.query, 'x-oss-security-token'));
}
