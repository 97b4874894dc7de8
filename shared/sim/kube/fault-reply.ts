/** The answer a scenario fault demands when it sets an HTTP status or a Retry-After. */
import type { FaultEffect } from '../faults';
import type { Reply } from './handler';
import { failure } from './status';

/**
 * A `Status` reply for a fault with `status` (reason from `code`, else from the status; `message`), or a 429
 * TooManyRequests for a bare `retryAfter`; undefined when the fault only touches the transport.
 */
export function faultReply(effect: FaultEffect | undefined): Reply | undefined {
  if (!effect || (effect.status === undefined && effect.retryAfter === undefined)) return undefined;
  const status = effect.status ?? 429;
  if (effect.retryAfter === undefined) return { status, body: failure(status, effect.message, effect.code) };
  // Retry-After is whole seconds on the wire; the Status repeats it as details.retryAfterSeconds, as APF does.
  const seconds = Math.ceil(effect.retryAfter);
  return {
    status,
    body: failure(status, effect.message, effect.code, { retryAfterSeconds: seconds }),
    headers: { 'retry-after': String(seconds) },
  };
}
