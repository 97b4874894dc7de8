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

/** A configuration that cannot run: one line per bad variable, each naming it (and never a secret's value). */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`, options);
  }
}

/** An event the function cannot act on; the message names the field. */
export class EventError extends UsageError {
  override name = 'EventError';
}

/** Thrown when an event names a cluster outside ACK_DRIFT_CLUSTER_IDS. */
export class ClusterNotAllowedError extends EventError {
  override name = 'ClusterNotAllowedError';
}

/** The run reached the cloud but could not do its job (every region's listing failed): no bug, so no stack. */
export class RunFailedError extends Error {
  override name = 'RunFailedError';
}

/** The kubeconfig could not be used: `KubeconfigInvalid` or `KubeconfigRefused`; the message never quotes its values. */
export class KubeconfigError extends Error {
  override name = 'KubeconfigError';
  constructor(
    message: string,
    readonly code: 'KubeconfigInvalid' | 'KubeconfigRefused' = 'KubeconfigRefused',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An exec credential plugin failed; the message names the command and how it ended, never what it printed. */
export class ExecPluginError extends Error {
  override name = 'ExecPluginError';
  constructor(
    readonly code: 'DeadlineExceeded' | 'ExecPluginTimeout' | 'ExecPluginError',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A state store's failure, with what the service said (OSS code and request id), safe to log: it holds no credential. */
export class StateError extends Error {
  override name = 'StateError';
  constructor(
    readonly operation: string,
    readonly key: string,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation} ${key}: ${code}${requestId ? ` (request id ${requestId})` : ''}: ${message}`, options);
  }
}

/** A change was made but reading it back does not show it: the message says what was seen instead. */
export class VerificationError extends Error {
  override name = 'VerificationError';
}
