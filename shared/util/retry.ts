/** Capped exponential backoff with full jitter, bounded by the run's deadline, honouring Retry-After. */
import { type ApiCallError, DeadlineError } from './errors';

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

// Timers fire a little early or late: a timeout this close to the deadline ended with it.
const DEADLINE_SLACK_MS = 50;

/** Runs `call`, retrying retryable ApiCallErrors (normalised by `normalise`) until attempts or the deadline run out. */
export async function withRetry<T>(api: string, policy: RetryPolicy, normalise: (api: string, err: unknown) => ApiCallError, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (Date.now() >= policy.deadline) throw new DeadlineError({ api, code: 'DeadlineExceeded', message: 'the run deadline was reached before this call completed' }, false);
    try {
      return await call();
    } catch (raw) {
      const err = normalise(api, raw);
      // Readers cut each attempt's timeout to the time left: a timeout at the deadline is the deadline's doing.
      if (err.failure.code === 'Timeout' && Date.now() >= policy.deadline - DEADLINE_SLACK_MS) {
        throw new DeadlineError({ api, code: 'DeadlineExceeded', message: 'the run deadline was reached during this call' }, false);
      }
      if (!err.retryable || attempt >= policy.attempts) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const wait = Math.max(err.retryAfterMs ?? 0, Math.floor(policy.random() * backoff));
      if (Date.now() + wait >= policy.deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Retry-After (RFC 9110 §10.2.3) as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const v = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
