/**
 * How a handler fails. Bad input (event, configuration) is the caller's to fix: one line naming it, no stack.
 * Anything else is a bug: its stack goes to the log, the caller gets its message only.
 */
import type { Logger } from '../log/logger';
import { UsageError } from '../util/errors';
import { EventError } from './validate';

/** Thrown when an event names a cluster outside ACK_DRIFT_CLUSTER_IDS. */
export class ClusterNotAllowedError extends EventError {
  override name = 'ClusterNotAllowedError';
}

/** An Error whose stack is its message alone: what Function Compute shows as the invocation's error. */
function plain(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  e.stack = `${name}: ${message}`;
  return e;
}

/** Logs `err` and returns the error the invocation fails with. */
export function invocationError(err: unknown, log: Logger): Error {
  if (err instanceof UsageError) {
    log.error({ error: { type: err.name, message: err.message } }, 'invocation rejected');
    return plain(err.name, err.message);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  log.error({ error: { type: e.name, message: e.message, stack: e.stack } }, 'invocation failed');
  return plain('InternalError', `ack-drift failed: ${e.message}`);
}

/** The HTTP status for a rejected request. */
export function httpStatusOf(err: Error): number {
  if (err.name === 'ClusterNotAllowedError') return 403;
  if (err.name === 'EventError') return 400;
  return 500;
}
