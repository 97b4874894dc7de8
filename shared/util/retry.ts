/** The one retry loop and its backoffs: capped exponential with jitter, bounded by a deadline, honouring Retry-After. */
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

/** Exponential backoff from `baseMs`, capped at `capMs`. */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

// The backoff ceiling before attempt `attempt + 1`.
function ceiling(attempt: number, b: Backoff): number {
  return Math.min(b.capMs, b.baseMs * 2 ** (attempt - 1));
}

/** Full jitter, anywhere from 0 to the ceiling: many calls share one throttle, so spreading them matters most. */
export function fullJitter(attempt: number, b: Backoff, random: () => number): number {
  return Math.floor(random() * ceiling(attempt, b));
}

/** Equal jitter, half fixed and half random: targets retrying together spread out but never retry at once. */
export function equalJitter(attempt: number, b: Backoff, random: () => number): number {
  const c = ceiling(attempt, b);
  return Math.round(c / 2 + (random() * c) / 2);
}

/** One attempt's outcome: a value, or a failure that says whether trying again can help and how long the server asked to wait. */
export type AttemptOutcome<T, F> = { ok: true; value: T } | { ok: false; failure: F; retry: boolean; retryAfterMs?: number };

/**
 * How a loop ended: with a value, or with the last failure and why it stopped — `permanent` (retrying cannot help),
 * `exhausted` (no attempts left), `deadline` (reached before an attempt could start; `failure` is the previous
 * attempt's, if any) or `late` (the next attempt, `waitMs` away, would start after the deadline).
 */
export type LoopEnd<T, F> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; attempts: number; why: 'permanent' | 'exhausted' | 'late'; failure: F; waitMs?: number }
  | { ok: false; attempts: number; why: 'deadline'; failure?: F };

/** What a retry loop needs from its caller: its limits, its clock, its sleep and its backoff. */
export interface RetrySchedule {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Epoch milliseconds after which no attempt starts. */
  deadline: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The wait before attempt `attempt + 1` when the server named none longer. */
  backoff: (attempt: number) => number;
}

/**
 * The one retry loop (collectors, invocations, webhooks): attempts until a value, a permanent failure, the last
 * attempt or the deadline. A failure's Retry-After is a floor: the wait is the longer of it and the backoff.
 */
export async function retryLoop<T, F>(schedule: RetrySchedule, attempt: (n: number) => Promise<AttemptOutcome<T, F>>): Promise<LoopEnd<T, F>> {
  let last: F | undefined;
  for (let n = 1; ; n++) {
    if (schedule.now() >= schedule.deadline) return { ok: false, attempts: n - 1, why: 'deadline', failure: last };
    const outcome = await attempt(n);
    if (outcome.ok) return { ok: true, value: outcome.value, attempts: n };
    last = outcome.failure;
    if (!outcome.retry) return { ok: false, attempts: n, why: 'permanent', failure: outcome.failure };
    if (n >= schedule.attempts) return { ok: false, attempts: n, why: 'exhausted', failure: outcome.failure };
    const waitMs = Math.max(outcome.retryAfterMs ?? 0, schedule.backoff(n));
    if (schedule.now() + waitMs >= schedule.deadline) return { ok: false, attempts: n, why: 'late', failure: outcome.failure, waitMs };
    await schedule.sleep(waitMs);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// Timers fire a little early or late: a timeout this close to the deadline ended with it.
const DEADLINE_SLACK_MS = 50;

/** Runs `call`, retrying retryable ApiCallErrors (normalised by `normalise`) until attempts or the deadline run out. */
export async function withRetry<T>(api: string, policy: RetryPolicy, normalise: (api: string, err: unknown) => ApiCallError, call: () => Promise<T>): Promise<T> {
  const backoff = { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs };
  const schedule = { attempts: policy.attempts, deadline: policy.deadline, now: Date.now, sleep, backoff: (n: number) => fullJitter(n, backoff, policy.random) };
  const end = await retryLoop<T, ApiCallError>(schedule, async () => {
    try {
      return { ok: true, value: await call() };
    } catch (raw) {
      const err = normalise(api, raw);
      // Readers cut each attempt's timeout to the time left: a timeout at the deadline is the deadline's doing.
      if (err.failure.code === 'Timeout' && Date.now() >= policy.deadline - DEADLINE_SLACK_MS) {
        throw new DeadlineError({ api, code: 'DeadlineExceeded', message: 'the run deadline was reached during this call' }, false, undefined, { cause: err });
      }
      return { ok: false, failure: err, retry: err.retryable, retryAfterMs: err.retryAfterMs };
    }
  });
  if (end.ok) return end.value;
  if (end.why === 'deadline') {
    throw new DeadlineError({ api, code: 'DeadlineExceeded', message: 'the run deadline was reached before this call completed' }, false, undefined, { cause: end.failure });
  }
  throw end.failure;
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
