/** Delivers a report to every webhook target at once: vetted, signed, size-fitted, retried within the deadline, never thrown. */
import type { Report } from '../report/schema';
import type { Channel, Verdict } from './channel';
import { dingtalk } from './dingtalk';
import { generic } from './generic';
import { postOnce } from './http';
import { lark } from './lark';
import { checkOutboundUrl, vetDestination, type ResolveAll, type VettedAddress } from './outbound';
import { redactSecrets } from './redact';
import { judgeStatus } from './retry';
import { type Backoff, equalJitter, retryLoop, sleep } from '../util/retry';
import { slack } from './slack';
import type { DeliverReport, DeliveryOptions, DeliveryResult, WebhookKind, WebhookTarget } from './types';
import { wecom } from './wecom';

/** What delivery needs from the world, injectable so tests can stub DNS and time the retries. */
export interface DeliveryDeps {
  /** Host name → all its addresses; undefined means dns.lookup with `all: true`. */
  resolveAll?: ResolveAll;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  backoff: Backoff;
  /** Upper bound for one request, connect to last byte (the platforms allow 15–30 s; alerts are small: docs/reliability.md, "Delivery"). */
  requestTimeoutMs: number;
}

const CHANNELS: Record<WebhookKind, Channel> = { dingtalk, lark, wecom, slack, generic };
const DEFAULT_ATTEMPTS = 3;
// A request started just before the deadline still gets this long, rather than a timeout too short to ever succeed.
const MIN_REQUEST_MS = 1000;

const DEFAULT_DEPS: DeliveryDeps = {
  sleep,
  random: Math.random,
  backoff: { baseMs: 500, capMs: 8000 },
  requestTimeoutMs: 10_000,
};

/** Builds a `deliverReport` with its dependencies replaced (tests); the product uses `deliverReport`. */
export function createDeliverReport(overrides: Partial<DeliveryDeps> = {}): DeliverReport {
  const deps: DeliveryDeps = { ...DEFAULT_DEPS, ...overrides };
  return (report, targets, options) =>
    Promise.all(targets.map((target) => deliverOne(report, target, options, deps).catch((e: unknown) => failed(target, 0, `unexpected failure: ${e instanceof Error ? e.message : String(e)}`))));
}

/** Posts the report to every target concurrently; one result per target, in the targets' order; never throws. */
export const deliverReport: DeliverReport = createDeliverReport();

async function deliverOne(report: Report, target: WebhookTarget, options: DeliveryOptions, deps: DeliveryDeps): Promise<DeliveryResult> {
  const channel = CHANNELS[target.kind];
  if (!channel) return failed(target, 0, `unknown webhook kind "${String(target.kind)}"`);
  const checked = checkOutboundUrl(target.url, options);
  if ('refused' in checked) return failed(target, 0, `refused: ${checked.refused}`);
  const url = checked.url;
  const message = channel.format(report, { deliveryId: options.deliveryId, reportUrl: options.reportUrl });
  if ('error' in message) return failed(target, 0, message.error);

  const now = () => (options.now ? options.now() : new Date()).getTime();
  const send: Sending = { channel, url, body: message.body, target, options, deps, now };
  const asked = options.attempts;
  const maxAttempts = asked !== undefined && Number.isFinite(asked) ? Math.max(1, Math.floor(asked)) : DEFAULT_ATTEMPTS;
  let addresses: VettedAddress[] | undefined;
  const schedule = { attempts: maxAttempts, deadline: options.deadline, now, sleep: deps.sleep, backoff: (n: number) => equalJitter(n, deps.backoff, deps.random) };
  const end = await retryLoop<true, { refused: string } | { reason: string }>(schedule, async () => {
    // Vetted once, then pinned: every retry connects to the address that passed, never to a fresh DNS answer.
    const vetting = addresses ? { addresses } : await vetDestination(url, options, deps.resolveAll);
    if ('refused' in vetting) return { ok: false, retry: false, failure: { refused: vetting.refused } };
    const verdict: Verdict = 'dnsFailure' in vetting ? { ok: false, retry: vetting.transient, reason: vetting.dnsFailure } : await attempt(send, (addresses = vetting.addresses));
    if (verdict.ok) return { ok: true, value: true };
    return { ok: false, retry: verdict.retry, retryAfterMs: verdict.retryAfterMs, failure: { reason: `${url.host}: ${verdict.reason}` } };
  });
  if (end.ok) return { target: target.name, kind: target.kind, ok: true, attempts: end.attempts };
  const n = end.attempts;
  if (end.failure && 'refused' in end.failure) return failed(target, n - 1, `refused: ${end.failure.refused}`);
  const last = end.failure?.reason;
  if (end.why === 'deadline') return failed(target, n, n ? `deadline reached after ${n} attempt(s); last: ${last}` : 'deadline reached before the first attempt');
  if (end.why === 'permanent') return failed(target, n, `${last} (permanent, not retried)`);
  if (end.why === 'late') return failed(target, n, `${last}; the next attempt (in ${end.waitMs} ms) would start after the deadline`);
  return failed(target, n, `${last} (gave up after ${n} attempts)`);
}

/** Everything one target's attempts share. */
interface Sending {
  channel: Channel;
  url: URL;
  body: string;
  target: WebhookTarget;
  options: DeliveryOptions;
  deps: DeliveryDeps;
  now: () => number;
}

async function attempt(s: Sending, addresses: VettedAddress[]): Promise<Verdict> {
  const signed = s.channel.sign(s.url, s.body, { secret: s.target.secret, deliveryId: s.options.deliveryId, now: new Date(s.now()) });
  if ('error' in signed) return { ok: false, retry: false, reason: signed.error };
  const timeoutMs = Math.min(s.deps.requestTimeoutMs, Math.max(MIN_REQUEST_MS, s.options.deadline - s.now()));
  const posted = await postOnce({ url: signed.url, addresses, headers: signed.headers, body: signed.body, timeoutMs });
  if ('failure' in posted) return { ok: false, retry: posted.retry, reason: posted.failure };
  return judgeStatus(posted.answer, s.now()) ?? s.channel.judgeBody(posted.answer);
}

function failed(target: WebhookTarget, attempts: number, error: string): DeliveryResult {
  return { target: target.name, kind: target.kind, ok: false, attempts, error: redactSecrets(error, target) };
}
