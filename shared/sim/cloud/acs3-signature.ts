/**
 * ACS3-HMAC-SHA256, the signature of Alibaba Cloud's V3 OpenAPI (FC 3.0 documents it for API 2023-03-30), rebuilt
 * from the received request as @alicloud/openapi-core computes it: a canonical request of method, path, sorted
 * query, the signed headers (`host`, `content-type`, every `x-acs-*`) and the hex SHA-256 of the body; the string to
 * sign is `ACS3-HMAC-SHA256\n<hex sha256 of the canonical request>`, signed with HMAC-SHA256 in hex.
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue } from './headers';
import { parseForm } from './query';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** The parts of an `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` header. */
export interface Acs3Authorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-f]+)$/;

/** Parses the header; undefined when it is not a well-formed ACS3-HMAC-SHA256 authorization. */
export function parseAcs3Authorization(value: string): Acs3Authorization | undefined {
  const m = AUTHORIZATION.exec(value);
  return m ? { accessKeyId: m[1], signedHeaders: m[2].split(';'), signature: m[3] } : undefined;
}

/** The hex SHA-256 of a body, as `x-acs-content-sha256` carries it. */
export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

// The client's percent-encoding of query values (encodeURIComponent plus the reserved characters it leaves).
const encode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The string the client signed, rebuilt from the received method, path, query and the headers it says it signed. */
export function acs3StringToSign(method: string, path: string, rawQuery: string, headers: IncomingHttpHeaders, signedHeaders: readonly string[]): string {
  const query = parseForm(rawQuery);
  const canonicalQuery = [...query.keys()]
    .sort()
    .map((k) => `${k}=${encode(query.get(k) ?? '')}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((h) => `${h}:${headerValue(headers, h).trim()}\n`).join('');
  const canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), headerValue(headers, 'x-acs-content-sha256')].join('\n');
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** The hex HMAC-SHA256 signature. */
export function acs3Sign(stringToSign: string, accessKeySecret: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign, 'utf8').digest('hex');
}
