/**
 * The one gate every cloud reply passes before a collector reads it. pop-core throws only when an RPC body carries
 * `Code`, and its ROA client hands back an HTML or XML body as a string: a `503 {"code":…}`, a `200 {"RequestId":…}`
 * without its list or a gateway's HTML page would otherwise read as an empty, complete answer.
 */
import { ApiCallError, isRetryableCloudCode, scrubServerMessage } from './api-error';
import { graphemePrefix } from '../util/truncate';

type Json = Record<string, unknown>;

/** What the reply must hold besides a 2xx status and a JSON object: the path of a list, an object or a string. */
export type Shape = { list: string } | { object: string } | { string: string };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function at(body: Json, path: string): unknown {
  let v: unknown = body;
  for (const key of path.split('.')) v = isObject(v) && Object.hasOwn(v, key) ? v[key] : undefined;
  return v;
}

function describe(body: unknown): string {
  if (typeof body === 'string') return `a non-JSON body (${JSON.stringify(graphemePrefix(body.trim(), 40))}…)`;
  return Array.isArray(body) ? 'a JSON array' : `${body === null ? 'null' : typeof body}`;
}

/**
 * Returns the body when the reply is whole; throws an ApiCallError otherwise. A non-2xx status is a failure with
 * that status and whatever code the body names (`code` or `Code`); a missing list, object or string is an
 * incomplete reply. Both are retried: a proxy or an overloaded front end sends them, and they may pass.
 */
export function acceptReply(api: string, status: number | undefined, body: unknown, shape?: Shape): Json {
  const requestId = isObject(body) ? (str(body.RequestId) ?? str(body.requestId)) : undefined;
  if (status !== undefined && (status < 200 || status > 299)) {
    const code = (isObject(body) && (str(body.Code) ?? str(body.code) ?? str(body.errorCode))) || `HTTP${status}`;
    const said = isObject(body) ? (str(body.Message) ?? str(body.message)) : undefined;
    const message = said ? scrubServerMessage(said) : `the API answered HTTP ${status} with ${describe(body)}`;
    return fail({ api, code, message, httpStatus: status, requestId }, isRetryableCloudCode(code, status) || status === 429);
  }
  if (!isObject(body)) {
    const message = `the API answered ${status ?? ''} with ${describe(body)}, not a JSON object`.replace('  ', ' ');
    return fail({ api, code: 'MalformedResponse', message, httpStatus: status }, true);
  }
  if (!shape) return body;
  const [kind, path] = Object.entries(shape)[0] as ['list' | 'object' | 'string', string];
  const v = at(body, path);
  const ok = kind === 'list' ? Array.isArray(v) : kind === 'object' ? isObject(v) : typeof v === 'string' && v !== '';
  if (!ok) return fail({ api, code: 'IncompleteResponse', message: `the reply has no ${path} ${kind}`, httpStatus: status, requestId }, true);
  return body;
}

function fail(failure: ApiCallError['failure'], retryable: boolean): never {
  throw new ApiCallError(failure, retryable);
}

/** The list under `path` of a reply `acceptReply` passed. */
export function listAt(body: Json, path: string): Json[] {
  return at(body, path) as Json[];
}
