/**
 * The run's time budget. Function Compute kills an invocation at its timeout (context.function.timeout, in
 * seconds; FC sets no environment variable for it), so the run must end earlier, with its report delivered.
 */
import { ConfigError } from '../util/errors';

/** Upper bound of one cloud request, in audit and dispatch alike; the retry policy and the run deadline bound the whole. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** Used when the context names no timeout (a local call): the pipeline's own default. */
const UNKNOWN_TIMEOUT_BUDGET_MS = 240_000;

/** Time kept between the run's end and the timeout, for returning and flushing: a tenth of it, 1 to 15 seconds. */
export function timeoutMarginMs(timeoutMs: number): number {
  return Math.min(15_000, Math.max(1_000, Math.round(timeoutMs / 10)));
}

/** The run's budget in ms: ACK_DRIFT_DEADLINE_MS if set (it must fit under the timeout), else the timeout minus the margin. */
export function runBudgetMs(deadlineMs: number | undefined, functionTimeoutSeconds: number | undefined): number {
  if (functionTimeoutSeconds === undefined || !(functionTimeoutSeconds > 0)) return deadlineMs ?? UNKNOWN_TIMEOUT_BUDGET_MS;
  const timeoutMs = functionTimeoutSeconds * 1000;
  const limit = timeoutMs - timeoutMarginMs(timeoutMs);
  if (deadlineMs === undefined) return limit;
  if (deadlineMs > limit) {
    throw new ConfigError([`ACK_DRIFT_DEADLINE_MS: ${deadlineMs} does not fit the function timeout of ${timeoutMs} ms less a ${timeoutMarginMs(timeoutMs)} ms margin (at most ${limit})`]);
  }
  return deadlineMs;
}

/** Splits a budget between the audit and the alert deliveries after it (no reserve when there is nothing to deliver). */
export function splitBudget(budgetMs: number, delivers: boolean): { auditMs: number; deliveryMs: number } {
  const deliveryMs = delivers ? Math.min(30_000, Math.round(budgetMs / 5)) : 0;
  return { auditMs: budgetMs - deliveryMs, deliveryMs };
}
