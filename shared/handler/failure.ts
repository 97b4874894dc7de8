/**
 * How a handler fails. Bad input (event, configuration) is the caller's to fix: one line naming it, no stack.
 * A run that could not do its job (RunFailedError) says why in one line. Anything else is a bug: its stack goes to
 * the log, the caller gets its message only.
 */
import type { Logger } from '../log/logger';
import { ClusterNotAllowedError, ConfigError, EventError, RunFailedError, UsageError } from '../util/errors';

/** An Error whose stack is its message alone: what Function Compute shows as the invocation's error. */
function plain(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  e.stack = `${name}: ${message}`;
  return e;
}

/** Logs `err` and returns the error the invocation fails with. */
export function invocationError(err: unknown, log: Logger): Error {
  if (err instanceof UsageError || err instanceof RunFailedError) {
    const fields = { error: { type: err.name, message: err.message } };
    // A caller's bad event is the caller's to fix: a warning, so alerts on `error` lines page nobody for it. A bad
    // configuration is the operator's, and stays an error.
    if (err instanceof EventError) log.warn(fields, 'invocation rejected');
    else log.error(fields, err instanceof UsageError ? 'invocation rejected' : 'invocation failed');
    return plain(err.name, err.message);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  log.error({ error: { type: e.name, message: e.message, stack: e.stack } }, 'invocation failed');
  return plain('InternalError', `ack-drift failed: ${e.message}`);
}

/**
 * What an HTTP caller is told: a bad request or a refused cluster in full (it is the caller's own input), anything
 * else only as a category, since configuration and internal messages name variables, endpoints and APIs; the log
 * has the details, under the request id the answer carries.
 */
export function httpFailure(err: unknown): { status: number; message: string } {
  if (err instanceof ClusterNotAllowedError) return { status: 403, message: err.message };
  if (err instanceof EventError) return { status: 400, message: err.message };
  return { status: 500, message: err instanceof ConfigError ? 'configuration error' : 'internal error' };
}
