/** Capped exponential backoff with full jitter, bounded by the run's deadline. */
import { ApiCallError } from './api-error';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Epoch milliseconds after which no new attempt starts. */
  deadline: number;
  /** Source of jitter; injectable so tests are deterministic. */
  random: () => number;
}

/** The default policy: 5 attempts, 200 ms doubling to 5 s. */
export function defaultRetryPolicy(deadline: number): RetryPolicy {
  return { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000, deadline, random: Math.random };
}

/** Deadline reached before the call could succeed: reported as `unknown(deadline)`. */
export class DeadlineError extends ApiCallError {}

/** Runs `call`, retrying retryable ApiCallErrors (normalised by `normalise`) until attempts or the deadline run out. */
export async function withRetry<T>(api: string, policy: RetryPolicy, normalise: (api: string, err: unknown) => ApiCallError, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (Date.now() >= policy.deadline) throw new DeadlineError({ api, code: 'DeadlineExceeded', message: 'the run deadline was reached before this call completed' }, false);
    try {
      return await call();
    } catch (raw) {
      const err = normalise(api, raw);
      if (!err.retryable || attempt >= policy.attempts) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const wait = Math.max(err.retryAfterMs ?? 0, Math.floor(policy.random() * backoff));
      if (Date.now() + wait >= policy.deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
