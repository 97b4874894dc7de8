/**
 * One error type for every API the collectors call. pop-core RPC, pop-core ROA and client-node each throw a
 * different shape (docs/reliability.md, "Wire facts"); the checks only ever see an ApiFailure.
 */

// The classes live in util/errors.ts (one module for error types); re-exported for the collectors' callers.
export { ApiCallError, type ApiFailure } from '../util/errors';
import { ApiCallError, ExecPluginError, KubeconfigError } from '../util/errors';
import { parseRetryAfter } from '../util/retry';

const TRANSPORT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);
// The host does not exist or cannot be routed to: retrying will not help, the endpoint (or the network) is wrong.
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
const CONNECTION_FAILURES = new Set([...TRANSPORT_CODES, ...UNREACHABLE_CODES, 'Timeout', 'ConnectionError']);

/** The host[:port] of an endpoint URL, for messages (never the path or query). */
export function endpointHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** Names the endpoint host on a connection failure (a wrong endpoint or network is the first thing to check). */
export function withHost(err: ApiCallError, host: string | undefined): ApiCallError {
  if (!host || !CONNECTION_FAILURES.has(err.failure.code) || err.failure.host) return err;
  return new ApiCallError({ ...err.failure, host, message: `${err.failure.message} reaching ${host}` }, err.retryable, err.retryAfterMs);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Alibaba Cloud codes that a retry may fix (throttling, 5xx, transient server states). */
export function isRetryableCloudCode(code: string, httpStatus?: number): boolean {
  if (/^Throttling/.test(code) || code === 'ServiceUnavailable' || code === 'InternalError' || code === 'SystemBusy' || code === 'UnknownError') return true;
  return httpStatus !== undefined && httpStatus >= 500;
}

// URLs in pop-core messages carry the signed query (AccessKeyId, SecurityToken): never keep them.
function scrubUrl(message: string): string {
  return message.replace(/,?\s*URL:\s*\S+/g, '').replace(/https?:\/\/\S+/g, '<url>');
}

/**
 * Cleans a message a server sent back. Servers can echo the request: SignatureDoesNotMatch appends the string to
 * sign, which holds the SecurityToken. Keep the sentence, drop URLs, the echo and any credential-bearing parameter.
 */
export function scrubServerMessage(message: string): string {
  return scrubUrl(message)
    .replace(/\s*server string to sign is:.*$/is, '')
    .replace(/(SecurityToken|Signature|AccessKeySecret|x-acs-security-token|x-fc-security-token)(=|%3D|:\s*)[^&\s]*/gi, '$1$2<redacted>');
}

function transportFailure(api: string, err: Record<string, unknown>): ApiCallError | undefined {
  const code = str(err.code) ?? str(err.errno);
  const name = str(err.name) ?? '';
  if (name === 'RequestTimeoutError' || name === 'AbortError' || name === 'TimeoutError' || /ReadTimeout|ConnectTimeout/.test(String(err.message))) {
    return new ApiCallError({ api, code: 'Timeout', message: 'the request timed out' }, true);
  }
  if (code && TRANSPORT_CODES.has(code)) return new ApiCallError({ api, code, message: `connection failed (${code})` }, true);
  if (code && UNREACHABLE_CODES.has(code)) return new ApiCallError({ api, code, message: `host unreachable (${code})` }, false);
  if (name === 'FetchError' || name === 'SyntaxError' || /socket hang up|terminated|premature close|Unexpected end of JSON/i.test(String(err.message))) {
    return new ApiCallError({ api, code: name === 'SyntaxError' ? 'MalformedResponse' : 'ConnectionError', message: 'the response was cut off or malformed' }, true);
  }
  return undefined;
}

/** Normalises an error thrown by pop-core (RPC or ROA) into an ApiCallError. */
export function fromCloudError(api: string, err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  if (!isObject(err)) return new ApiCallError({ api, code: 'UnknownError', message: String(err) }, false);
  const data = isObject(err.data) ? err.data : isObject(err.result) ? err.result : undefined;
  const entry = isObject(err.entry) && isObject(err.entry.response) ? err.entry.response : undefined;
  const httpStatus = typeof err.statusCode === 'number' ? err.statusCode : typeof entry?.statusCode === 'number' ? entry.statusCode : undefined;
  const code = str(data?.Code) ?? str(data?.code) ?? str(err.code);
  if (code && (data || httpStatus)) {
    const message = scrubServerMessage(str(data?.Message) ?? str(data?.message) ?? String(err.message ?? ''));
    const requestId = str(data?.RequestId) ?? str(data?.requestId);
    return new ApiCallError({ api, code, message, httpStatus, requestId }, isRetryableCloudCode(code, httpStatus));
  }
  const transport = transportFailure(api, err);
  if (transport) return transport;
  if (httpStatus !== undefined) {
    return new ApiCallError({ api, code: `HTTP${httpStatus}`, message: scrubUrl(String(err.message ?? '')) }, httpStatus >= 500 || httpStatus === 429);
  }
  return new ApiCallError({ api, code: str(err.name) ?? 'UnknownError', message: scrubUrl(String(err.message ?? err)) }, false);
}

function retryAfterOf(headers: unknown): number | undefined {
  return isObject(headers) ? parseRetryAfter(headers['retry-after'] ?? headers['Retry-After'], Date.now()) : undefined;
}

/** Normalises an error thrown by @kubernetes/client-node 1.x (ApiException, FetchError, AbortError). */
export function fromKubeError(api: string, err: unknown): ApiCallError {
  if (err instanceof ApiCallError) return err;
  // Our own kubeconfig and exec-plugin failures carry their code: permanent, whatever the transport would say.
  if (err instanceof KubeconfigError || err instanceof ExecPluginError) return new ApiCallError({ api, code: err.code, message: err.message }, false, undefined, { cause: err });
  if (!isObject(err)) return new ApiCallError({ api, code: 'UnknownError', message: String(err) }, false);
  if (typeof err.code === 'number') {
    const status = err.code;
    let body: Record<string, unknown> | undefined;
    try {
      body = typeof err.body === 'string' ? (JSON.parse(err.body) as Record<string, unknown>) : isObject(err.body) ? err.body : undefined;
    } catch {
      body = undefined;
    }
    const reason = str(body?.reason) ?? (status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : `HTTP${status}`);
    const message = scrubServerMessage(str(body?.message) ?? (status === 401 ? 'Unauthorized' : `HTTP ${status}`));
    const retryable = status === 429 || status >= 500;
    return new ApiCallError({ api, code: reason, message, httpStatus: status }, retryable, retryAfterOf(err.headers));
  }
  return transportFailure(api, err) ?? new ApiCallError({ api, code: str(err.name) ?? 'UnknownError', message: String(err.message ?? err) }, false);
}
