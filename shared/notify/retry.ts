/** Whether to try a webhook again: HTTP status rules (Standard Webhooks; docs/reliability.md, "Delivery") and Retry-After. */
import { excerpt, type Verdict } from './channel';
import type { HttpAnswer } from './http';
import { parseRetryAfter } from '../util/retry';

/**
 * Judges the HTTP status before any body rule: undefined for 2xx (the platform judges the body). 3xx fails and is
 * not followed (a redirect could lead anywhere, the metadata service included); 410 means the endpoint is gone; 408,
 * 429 and 5xx may pass on a later attempt (429 and 503 with their Retry-After); other 4xx are permanent.
 */
export function judgeStatus(answer: HttpAnswer, nowMs: number): Verdict | undefined {
  const s = answer.status;
  if (s >= 200 && s < 300) return undefined;
  const said = answer.body.trim() ? `: ${excerpt(answer.body)}` : '';
  if (s >= 300 && s < 400) return { ok: false, retry: false, reason: `HTTP ${s} redirect, not followed` };
  if (s === 410) return { ok: false, retry: false, reason: `HTTP 410: the endpoint is gone; remove or replace this target${said}` };
  if (s === 408 || s === 429 || s >= 500) return { ok: false, retry: true, reason: `HTTP ${s}${said}`, retryAfterMs: parseRetryAfter(answer.headers['retry-after'], nowMs) };
  return { ok: false, retry: false, reason: `HTTP ${s}${said}` };
}
