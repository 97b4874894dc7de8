/**
 * Object Storage Service on the endpoint host names ali-oss calls (`<bucket>.oss-<region>[-internal].aliyuncs.com`):
 * PutObject (with `x-oss-forbid-overwrite`), GetObject, HeadObject, ListObjectsV2 and DeleteObject, authenticated
 * with V1 or V4 signatures in a header or a presigned URL, STS token included; errors are OSS's XML bodies.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultEffect } from '../faults';
import { denial } from './access';
import { countCall, type SimContext } from './context';
import { CloudError, faultError } from './errors';
import { headerValue } from './headers';
import { accessDenied, invalidArgument, ossErrorBody, OssError, xmlText } from './oss-errors';
import { authenticateOss } from './oss-auth';
import { parseQuery, type QueryParam } from './oss-signature';
import { admit, asCloudError, isErrorFault, send } from './respond';

const HOST = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+?)(-internal)?\.aliyuncs\.com(:\d+)?$/;

/** The bucket and region a request's Host names, when it is an OSS virtual-hosted name. */
export function ossHost(host: string | undefined): { bucket: string; region: string; host: string } | undefined {
  const m = HOST.exec((host ?? '').toLowerCase());
  return m ? { bucket: m[1], region: m[2], host: host!.replace(/:\d+$/, '') } : undefined;
}

type Operation = 'PutObject' | 'GetObject' | 'HeadObject' | 'ListObjectsV2' | 'DeleteObject';

function operationOf(method: string, key: string, query: readonly QueryParam[]): Operation | undefined {
  if (key === '') return method === 'GET' && query.some((q) => q.key === 'list-type' && q.value === '2') ? 'ListObjectsV2' : undefined;
  return ({ PUT: 'PutObject', GET: 'GetObject', HEAD: 'HeadObject', DELETE: 'DeleteObject' } as const)[method as 'PUT'];
}

/** Answers one OSS request. */
export async function serveOss(ctx: SimContext, req: IncomingMessage, res: ServerResponse, body: Buffer, target: { bucket: string; region: string; host: string }): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestId = ctx.requestIds.next().replace(/-/g, '').slice(0, 24);
  const headers: Record<string, string> = { 'x-oss-request-id': requestId, server: 'AliyunOSS', date: ctx.now().toUTCString() };
  let effect: FaultEffect | undefined;
  try {
    const [rawPath, rawQuery = ''] = (req.url ?? '/').split('?');
    const key = decodeURIComponent(rawPath.slice(1));
    const query = parseQuery(rawQuery);
    const op = operationOf(method, key, query);
    if (!op) throw new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { Method: method, ResourceType: key ? 'Object' : 'Bucket' });
    countCall(ctx, `oss:${op}`);
    const admission = await admit(req, [ctx.faults], { action: op, method, path: rawPath, page: 1 });
    if (admission.finished) return;
    effect = admission.effect;
    if (isErrorFault(effect)) throw faultError(effect);
    const bucketRegion = ctx.oss.regionOf(target.bucket);
    if (bucketRegion === undefined) throw new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: target.bucket });
    if (bucketRegion !== target.region) {
      throw accessDenied('The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', {
        Bucket: target.bucket,
        Endpoint: `oss-${bucketRegion}.aliyuncs.com`,
      });
    }
    authenticateOss(ctx, { req, method, bucket: target.bucket, key, query, region: bucketRegion });
    if (denial(ctx, `oss:${op}`)) throw accessDenied(`You are forbidden to oss:${op}.`, { Bucket: target.bucket });
    const answer = operate(ctx, op, { req, method, body, bucket: target.bucket, key, query });
    // A HEAD answer keeps the object's Content-Length but sends no body.
    if (method === 'HEAD') res.writeHead(answer.status, { ...headers, ...answer.headers }).end();
    else send(res, answer.status, { ...headers, ...answer.headers }, answer.body, effect);
  } catch (err) {
    const e = err instanceof CloudError ? err : asCloudError(err);
    // A HEAD answer has no body: the status and the request id are all a client learns.
    if (method === 'HEAD') res.writeHead(e.status, { ...headers, 'x-oss-ec': e.code }).end();
    else send(res, e.status, { ...headers, 'content-type': 'application/xml' }, ossErrorBody(e, requestId, target.host), effect);
  }
}

interface OssRequest {
  req: IncomingMessage;
  method: string;
  body: Buffer;
  bucket: string;
  key: string;
  query: readonly QueryParam[];
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

function operate(ctx: SimContext, op: Operation, r: OssRequest): Answer {
  switch (op) {
    case 'PutObject':
      return putObject(ctx, r);
    case 'GetObject':
    case 'HeadObject': {
      const object = ctx.oss.get(r.bucket, r.key);
      if (!object) throw new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: r.key });
      return {
        status: 200,
        headers: {
          'content-type': object.contentType,
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          'x-oss-object-type': 'Normal',
          'x-oss-storage-class': 'Standard',
          'accept-ranges': 'bytes',
          ...(op === 'HeadObject' ? { 'content-length': String(object.body.length) } : {}),
        },
        body: object.body,
      };
    }
    case 'DeleteObject':
      ctx.oss.delete(r.bucket, r.key);
      return { status: 204, headers: {}, body: '' };
    case 'ListObjectsV2':
      return listObjectsV2(ctx, r);
  }
}

function putObject(ctx: SimContext, r: OssRequest): Answer {
  const md5 = headerValue(r.req.headers, 'content-md5');
  if (md5 && createHash('md5').update(r.body).digest('base64') !== md5) {
    throw new OssError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', { 'Content-MD5': md5 });
  }
  if (headerValue(r.req.headers, 'x-oss-forbid-overwrite').toLowerCase() === 'true' && ctx.oss.get(r.bucket, r.key)) {
    throw new OssError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.');
  }
  const object = ctx.oss.put(r.bucket, r.key, r.body, headerValue(r.req.headers, 'content-type') || 'application/octet-stream', ctx.now());
  return { status: 200, headers: { etag: object.etag, 'content-md5': createHash('md5').update(r.body).digest('base64') }, body: '' };
}

function param(query: readonly QueryParam[], key: string): string | undefined {
  return query.find((q) => q.key === key)?.value ?? undefined;
}

function listObjectsV2(ctx: SimContext, r: OssRequest): Answer {
  const prefix = param(r.query, 'prefix') ?? '';
  const delimiter = param(r.query, 'delimiter') ?? '';
  const startAfter = param(r.query, 'start-after') ?? '';
  const token = param(r.query, 'continuation-token');
  const maxKeysText = param(r.query, 'max-keys') ?? '100';
  const maxKeys = Number(maxKeysText);
  if (!/^\d+$/.test(maxKeysText) || maxKeys < 1 || maxKeys > 1000) throw invalidArgument('Argument max-keys must be an integer between 1 and 1000.', 'max-keys', maxKeysText);
  let after = startAfter;
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (!after || Buffer.from(after, 'utf8').toString('base64url') !== token) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  }
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of ctx.oss.keys(r.bucket)) {
    if (!key.startsWith(prefix) || (after && Buffer.compare(Buffer.from(key), Buffer.from(after)) <= 0)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const entry = cut >= 0 ? key.slice(0, cut + delimiter.length) : key;
    if (cut >= 0 && prefixes.includes(entry)) continue;
    if (contents.length + prefixes.length === maxKeys) {
      truncated = true;
      break;
    }
    if (cut >= 0) prefixes.push(entry);
    else contents.push(key);
    // A common prefix is passed over whole: the next page starts after every key under it.
    last = cut >= 0 ? `${entry}\u{10FFFF}` : key;
  }
  const object = (key: string) => {
    const o = ctx.oss.get(r.bucket, key)!;
    return (
      `<Contents><Key>${xmlText(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlText(o.etag)}</ETag>` +
      `<Type>Normal</Type><Size>${o.body.length}</Size><StorageClass>Standard</StorageClass></Contents>`
    );
  };
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>' +
    `<Name>${xmlText(r.bucket)}</Name><Prefix>${xmlText(prefix)}</Prefix>` +
    (startAfter ? `<StartAfter>${xmlText(startAfter)}</StartAfter>` : '') +
    (token !== undefined ? `<ContinuationToken>${xmlText(token)}</ContinuationToken>` : '') +
    `<MaxKeys>${maxKeys}</MaxKeys><Delimiter>${xmlText(delimiter)}</Delimiter><IsTruncated>${truncated}</IsTruncated>` +
    (truncated ? `<NextContinuationToken>${Buffer.from(last, 'utf8').toString('base64url')}</NextContinuationToken>` : '') +
    `<KeyCount>${contents.length + prefixes.length}</KeyCount>` +
    contents.map(object).join('') +
    prefixes.map((p) => `<CommonPrefixes><Prefix>${xmlText(p)}</Prefix></CommonPrefixes>`).join('') +
    '</ListBucketResult>';
  return { status: 200, headers: { 'content-type': 'application/xml' }, body: xml };
}
