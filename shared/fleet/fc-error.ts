/**
 * fc2 errors as ApiCallErrors. fc2 throws `Error{name: 'FC<Code>Error', code, message: '<METHOD> <path> failed with
 * <status>. requestid: <id>, message: <text>.'}`, with no status field (docs/reliability.md, "Wire facts").
 * When the body was not FC's JSON (a gateway's HTML 502), fc2 leaves `code` undefined and the text `undefined`.
 */
import { ApiCallError, fromCloudError, isRetryableCloudCode, scrubServerMessage } from '../collect/api-error';

const FC_FAILURE = /failed with (\d{3})\. requestid: ([^,]*), message: (.*)$/s;

const absent = (v: string | undefined): boolean => v === undefined || v === '' || v === 'undefined';

/** Normalises an fc2 error; transport errors (refused, reset, timeout, malformed body) go through the shared normaliser. */
export function fromFcError(api: string, err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  const e = typeof err === 'object' && err !== null ? (err as { code?: unknown; message?: unknown }) : {};
  const m = FC_FAILURE.exec(String(e.message));
  if (!m) return fromCloudError(api, err);
  const status = Number(m[1]);
  const parsed = typeof e.code === 'string' && e.code !== '';
  const code = parsed ? String(e.code) : `HTTP${status}`;
  const text = m[3].replace(/\.$/, '');
  const message = absent(text) ? `HTTP ${status} without a Function Compute error body` : scrubServerMessage(text);
  const requestId = absent(m[2]) ? undefined : m[2];
  return new ApiCallError({ api, code, message, httpStatus: status, requestId }, isRetryableCloudCode(code, status) || status === 429);
}
