/**
 * fc2 errors as ApiCallErrors. fc2 throws `Error{name: 'FC<Code>Error', code, message: '<METHOD> <path> failed with
 * <status>. requestid: <id>, message: <text>.'}`, with no status field (../shared/reference/node20-wire-facts.md §3).
 */
import { ApiCallError, fromCloudError, isRetryableCloudCode } from '../collect/api-error';

const FC_FAILURE = /failed with (\d{3})\. requestid: ([^,]*), message: (.*)$/s;

/** Normalises an fc2 error; transport errors (refused, reset, timeout) go through the shared normaliser. */
export function fromFcError(api: string, err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  const e = typeof err === 'object' && err !== null ? (err as { code?: unknown; message?: unknown }) : {};
  const m = typeof e.code === 'string' ? FC_FAILURE.exec(String(e.message)) : null;
  if (!m) return fromCloudError(api, err);
  const status = Number(m[1]);
  const code = String(e.code);
  const requestId = m[2] && m[2] !== 'undefined' ? m[2] : undefined;
  return new ApiCallError({ api, code, message: m[3].replace(/\.$/, ''), httpStatus: status, requestId }, isRetryableCloudCode(code, status) || status === 429);
}
