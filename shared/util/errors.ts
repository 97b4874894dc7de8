/** Error types shared by the command line, the handlers and the collectors: one module, each with its `cause`. */

/** Bad usage, configuration or input file: the command exits 2 with this message and no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failed API call as reports show it: which API, the provider's code, its message and request id. */
export interface ApiFailure {
  /** `vpc:DescribeRouteEntryList`, `k8s:list nodes`, ... */
  api: string;
  /** Provider error code (`Forbidden.RAM`, `Throttling.User`), Kubernetes reason (`Forbidden`), or a transport code. */
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  /** The endpoint host that could not be reached (set for connection failures, where it is the first thing to check). */
  host?: string;
}

/** An API call failed; carries the normalised failure, whether retrying can help, and the error it came from. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  constructor(
    readonly failure: ApiFailure,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`${failure.api}: ${failure.code}: ${failure.message}${failure.requestId ? ` (request id ${failure.requestId})` : ''}`, options);
  }
}

/** A request that gave no complete answer in time (the name the transport normaliser recognises). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** An answer larger than a reader accepts: read no further. */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLarge';
}

/** Deadline reached before the call could succeed: reported as `unknown(deadline)`. */
export class DeadlineError extends ApiCallError {
  override name = 'DeadlineError';
}

/** A wrong input value (a credential, a cluster id, a VPC, a kubeconfig), not a wrong command line: exit 2, no usage. */
export class InputError extends UsageError {
  override name = 'InputError';
}
