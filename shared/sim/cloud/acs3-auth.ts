/**
 * Authentication of ACS3-HMAC-SHA256 requests (the official Tea SDKs: @alicloud/fc20230330, vpc20160428,
 * ecs20140526, ram20150501, cs20151215 all sign this way by default), for every request style: `host` and every
 * `x-acs-*` header must be signed and the body must hash to `x-acs-content-sha256`; then key, clock, signature,
 * STS token (`x-acs-security-token`) and nonce as for the older signatures.
 */
import type { IncomingMessage } from 'node:http';
import { ACS3_ALGORITHM, acs3Sign, acs3StringToSign, parseAcs3Authorization, sha256Hex } from './acs3-signature';
import { authenticate, type AuthStyle } from './auth';
import type { SimContext } from './context';
import { CloudError } from './errors';
import { headerValue } from './headers';

/** What the signature covers, as received. */
export interface Acs3Request {
  method: string;
  path: string;
  rawQuery: string;
  body: string;
}

/** True when the request names ACS3-HMAC-SHA256 in its Authorization header. */
export function isAcs3(req: IncomingMessage): boolean {
  return headerValue(req.headers, 'authorization').split(' ', 1)[0] === ACS3_ALGORITHM;
}

function signatureMismatch(style: AuthStyle): CloudError {
  return style === 'acs'
    ? new CloudError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.')
    : new CloudError(403, 'SignatureNotMatch', 'The request signature we calculated does not match the signature you provided. Check your access key and signing method');
}

/** Throws the API's error for the first failed check. */
export function authenticateAcs3(ctx: SimContext, req: IncomingMessage, r: Acs3Request, style: AuthStyle): void {
  const auth = parseAcs3Authorization(headerValue(req.headers, 'authorization'));
  if (auth) {
    const unsigned = Object.keys(req.headers).filter((h) => (h === 'host' || h.startsWith('x-acs-')) && !auth.signedHeaders.includes(h));
    if (unsigned.length > 0) throw new CloudError(400, style === 'acs' ? 'IncompleteSignature' : 'InvalidArgument', `headers must be signed: ${unsigned.sort().join(', ')}`);
    const claimed = headerValue(req.headers, 'x-acs-content-sha256');
    if (!claimed) throw new CloudError(400, style === 'acs' ? 'MissingContentSHA256' : 'MissingRequiredHeader', 'required HTTP header x-acs-content-sha256 was not specified');
    if (claimed !== sha256Hex(Buffer.from(r.body, 'utf8'))) throw signatureMismatch(style);
  }
  const date = headerValue(req.headers, 'x-acs-date');
  const token = headerValue(req.headers, 'x-acs-security-token');
  authenticate(
    ctx,
    {
      accessKeyId: auth?.accessKeyId,
      signature: auth?.signature,
      stringToSign: auth ? acs3StringToSign(r.method, r.path, r.rawQuery, req.headers, auth.signedHeaders) : '',
      sign: acs3Sign,
      time: date ? { value: date, name: 'x-acs-date', format: 'iso8601' } : undefined,
      nonce: headerValue(req.headers, 'x-acs-signature-nonce') || undefined,
      securityToken: token || undefined,
    },
    style,
  );
}
