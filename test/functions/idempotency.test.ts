/** The idempotency store and deliverOnce: claim → deliver → complete (or release), so one run alerts each target once. */
import { deliverOnce } from '../../shared/handler/deliver-once';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import type { DeliverReport, DeliveryOptions, WebhookTarget } from '../../shared/notify/types';
import type { Report } from '../../shared/report/schema';

const report = { runId: 'run-1' } as Report;
const targets: WebhookTarget[] = [
  { kind: 'slack', name: 'sre', url: 'https://hooks.slack.example/T/B/x' },
  { kind: 'dingtalk', name: 'oncall', url: 'https://oapi.dingtalk.example/robot/send?access_token=y', secret: 'SECz' },
];

/** A deliver function that records each call and answers from `ok`. */
function recordingDeliver(ok: (target: string, call: number) => boolean) {
  const calls: { target: string; options: DeliveryOptions }[] = [];
  const deliver: DeliverReport = async (_r, ts, options) =>
    ts.map((t) => {
      calls.push({ target: t.name, options });
      const good = ok(t.name, calls.length);
      return { target: t.name, kind: t.kind, ok: good, attempts: 1, ...(good ? {} : { error: 'HTTP 500' }) };
    });
  return { deliver, calls };
}

describe('MemoryIdempotencyStore', () => {
  it('grants a key once; a completed key stays taken until its TTL; a released one is free again', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(() => now);
    expect(await store.claim('k', 100)).toBe(true);
    expect(await store.claim('k', 100)).toBe(false);
    await store.release('k');
    expect(await store.claim('k', 100)).toBe(true);
    await store.complete('k', 1000);
    await store.release('k');
    now = 999;
    expect(await store.claim('k', 100)).toBe(false);
    now = 1000;
    expect(await store.claim('k', 100)).toBe(true);
  });

  it('lets a claim lapse when its holder never comes back (a crashed instance)', async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore(() => now);
    await store.claim('k', 50);
    now = 50;
    expect(await store.claim('k', 50)).toBe(true);
  });
});

describe('deliverOnce', () => {
  const options = (store: MemoryIdempotencyStore, deliver: DeliverReport) => ({ runId: 'run-1', store, deliver, deadline: Date.now() + 10_000, allowHttp: false });

  it('delivers each target with the delivery id runId:name, and skips them the second time', async () => {
    const store = new MemoryIdempotencyStore();
    const { deliver, calls } = recordingDeliver(() => true);
    const first = await deliverOnce(report, targets, options(store, deliver));
    expect(first).toEqual([
      { target: 'sre', kind: 'slack', ok: true, attempts: 1, deliveryId: 'run-1:sre' },
      { target: 'oncall', kind: 'dingtalk', ok: true, attempts: 1, deliveryId: 'run-1:oncall' },
    ]);
    expect(calls.map((c) => c.options.deliveryId)).toEqual(['run-1:sre', 'run-1:oncall']);
    const second = await deliverOnce(report, targets, options(store, deliver));
    expect(second.map((d) => d.skipped)).toEqual(['duplicate', 'duplicate']);
    expect(calls).toHaveLength(2);
  });

  it('retries, on the next run of the same event, only the target that failed', async () => {
    const store = new MemoryIdempotencyStore();
    const { deliver, calls } = recordingDeliver((target, call) => target !== 'oncall' || call > 2);
    const first = await deliverOnce(report, targets, options(store, deliver));
    expect(first.map((d) => d.ok)).toEqual([true, false]);
    const retry = await deliverOnce(report, targets, options(store, deliver));
    expect(retry.map((d) => d.skipped ?? (d.ok ? 'sent' : 'failed'))).toEqual(['duplicate', 'sent']);
    expect(calls.map((c) => c.target)).toEqual(['sre', 'oncall', 'oncall']);
  });

  it('turns a throwing deliver into a failed result without its message (it could quote a URL)', async () => {
    const store = new MemoryIdempotencyStore();
    const deliver: DeliverReport = async () => {
      throw new TypeError('connect to https://oapi.dingtalk.example/robot/send?access_token=y failed');
    };
    const out = await deliverOnce(report, targets.slice(1), options(store, deliver));
    expect(out).toEqual([{ target: 'oncall', kind: 'dingtalk', ok: false, attempts: 0, error: 'delivery threw TypeError', deliveryId: 'run-1:oncall' }]);
    expect(await store.claim('run-1:oncall', 10)).toBe(true);
  });
});
