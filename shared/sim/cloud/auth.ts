/**
 * Authentication common to the three request styles. The signature algorithms differ (rpc-, roa-,
 * fc-signature.ts); the checks around them and their error answers are decided here.
 */
import { CloudError, missingParameter } from './errors';
import type { SimContext } from './context';
import { REQUEST_VALIDITY_MS } from './nonces';
import { sameSignature } from './signature-compare';

/**
 * `acs`: RPC and ROA (POP gateway codes, mostly 400). `fc`: Function Compute, whose documented auth
 * failures are 403 `SignatureNotMatch` / `InvalidAccessKeyID`.
 */
export type AuthStyle = 'acs' | 'fc';

/** What a request presents to be authenticated. */
export interface SignedRequest {
  accessKeyId?: string;
  signature?: string;
  /** The string to sign rebuilt from the request, and the algorithm that signs it. */
  stringToSign: string;
  sign(stringToSign: string, accessKeySecret: string): string;
  /** `Timestamp` (ISO 8601, RPC) or the `date` header (HTTP date, ROA and FC), with the name it came under. */
  time?: { value: string; name: string; format: 'iso8601' | 'http-date' };
  /** `SignatureNonce` / `x-acs-signature-nonce`; undefined when the style has none or the client sent none. */
  nonce?: string;
  securityToken?: string;
}

const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parseTime(time: NonNullable<SignedRequest['time']>): number {
  if (time.format === 'iso8601' && !ISO8601.test(time.value)) return NaN;
  return Date.parse(time.value);
}

function fail(style: AuthStyle, acs: [number, string, string], fc: [number, string, string]): CloudError {
  const [status, code, message] = style === 'acs' ? acs : fc;
  return new CloudError(status, code, message);
}

/** Checks key, clock, signature, STS token and nonce in that order; throws the API's error for the first failure. */
export function authenticate(ctx: SimContext, req: SignedRequest, style: AuthStyle): void {
  const creds = ctx.credentials;
  if (!req.accessKeyId || !req.signature) {
    throw fail(
      style,
      [400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.'],
      [400, 'MissingRequiredHeader', 'required HTTP header authorization was not specified'],
    );
  }
  if (!req.time) {
    throw style === 'acs' ? missingParameter('Timestamp') : new CloudError(400, 'MissingRequiredHeader', 'required HTTP header date was not specified');
  }
  const sentAt = parseTime(req.time);
  if (Number.isNaN(sentAt)) {
    throw fail(style, [400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.'], [400, 'InvalidArgument', `invalid ${req.time.name} '${req.time.value}'`]);
  }
  if (Math.abs(ctx.now().getTime() - sentAt) > REQUEST_VALIDITY_MS) {
    throw fail(
      style,
      [400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'],
      [403, 'RequestTimeTooSkewed', 'the difference between the request time and the current time is too large'],
    );
  }
  if (req.accessKeyId !== creds.accessKeyId) {
    throw fail(style, [404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'], [403, 'InvalidAccessKeyID', `invalid access key ID '${req.accessKeyId}'`]);
  }
  if (!sameSignature(req.sign(req.stringToSign, creds.accessKeySecret), req.signature)) {
    throw fail(
      style,
      // The real gateway echoes its string to sign, the one thing that makes a signing bug debuggable.
      [400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${req.stringToSign}`],
      [403, 'SignatureNotMatch', 'The request signature we calculated does not match the signature you provided. Check your access key and signing method'],
    );
  }
  checkSecurityToken(creds.securityToken, req.securityToken, style);
  if (req.nonce !== undefined && !ctx.nonces.claim(req.accessKeyId, req.nonce, ctx.now().getTime())) {
    throw new CloudError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
  }
}

/**
 * An STS key needs its token: a missing or different token reads as an expired one (what a rotated FC
 * context credential produces). A token sent with a permanent key mismatches the key.
 */
function checkSecurityToken(expected: string | undefined, sent: string | undefined, style: AuthStyle): void {
  const status = style === 'acs' ? 400 : 403;
  if (expected !== undefined && (sent === undefined || !sameSignature(sent, expected))) {
    throw new CloudError(status, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
  }
  if (expected === undefined && sent !== undefined) {
    throw new CloudError(status, 'InvalidSecurityToken.MismatchWithAccessKey', 'Specified SecurityToken mismatch with the AccessKey.');
  }
}
