/** The contract each platform file fulfils: build the message once, sign each attempt, judge the answer. */
import type { Report } from '../report/schema';
import type { HttpAnswer } from './http';
import { oneLine } from '../util/hidden-chars';
import { truncateUtf8 } from '../util/truncate';

export interface MessageContext {
  deliveryId: string;
  reportUrl?: string;
}

export interface AttemptContext {
  secret?: string;
  deliveryId: string;
  /** The attempt's time: signatures carry it, so a retry is signed afresh. */
  now: Date;
}

export interface OutgoingRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/** What an answer means: delivered, or failed and whether another attempt may succeed. */
export type Verdict = { ok: true } | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

export interface Channel {
  /** The message body, built once per delivery: the same report and delivery id give the same bytes. */
  format(report: Report, ctx: MessageContext): { body: string } | { error: string };
  /** The request for one attempt: URL, headers and body with a fresh timestamp and signature. */
  sign(url: URL, body: string, ctx: AttemptContext): OutgoingRequest | { error: string };
  /** Judges a 2xx answer by its body: chat robots answer HTTP 200 with an error code (docs/reliability.md, "Delivery"). */
  judgeBody(answer: HttpAnswer): Verdict;
}

/** The JSON headers every chat robot expects. */
export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'ack-drift' };

/** A short, printable excerpt of what a receiver said, for an error message. */
export function excerpt(text: unknown): string {
  return truncateUtf8(oneLine(String(text ?? '')).trim(), 200);
}

/**
 * Judges a robot's `{<field>: code, <msg>: text}` answer: 0 is delivered; a code in `transient` (rate limits, "system
 * busy") is retried; any other code is permanent (bad signature, bad token, keyword mismatch: retrying cannot fix them).
 */
export function judgeRobotCode(field: string, code: unknown, message: unknown, transient: ReadonlySet<number>): Verdict {
  if (code === 0) return { ok: true };
  if (typeof code !== 'number') return { ok: false, retry: false, reason: `HTTP 200 without a numeric ${field} in the answer` };
  const retry = transient.has(code);
  return { ok: false, retry, reason: `${field} ${code}: ${excerpt(message)}${retry ? ' (rate limited or busy)' : ''}` };
}

/** The answer body as a JSON object, or undefined when it is not one. */
export function jsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
