/**
 * Delivery behaviour: retries of transient failures with capped backoff and Retry-After, the stable delivery id across
 * them, permanent failures not retried, the deadline, timeouts and resets, concurrency, never throwing, and secrets
 * (the signing secret, the robot URL's token) never appearing in a result, even when a receiver echoes them.
 */
import { deliverReport } from '../../shared/notify/deliver';
import type { DeliveryOptions, WebhookKind, WebhookTarget } from '../../shared/notify/types';
import type { Report } from '../../shared/report/schema';
import { answers, bigReport, deliverAndVerify, fastDeliver, signaturesChecked, startReceiver, verifyStandardWebhook, type Receiver, type Received, type Reply } from './support';

const SECRET = `whsec_${Buffer.from('delivery-test-key-0123456789ab').toString('base64')}`;
const report: Report = bigReport(3);
const open: Receiver[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(reply: (req: Received, n: number) => Reply): Promise<Receiver> {
  const r = await startReceiver(reply);
  open.push(r);
  return r;
}

function generic(r: Receiver, name = 'hooks'): WebhookTarget {
  return { kind: 'generic', name, url: `${r.origin}/hooks/drift`, secret: SECRET };
}

function options(extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return { deliveryId: 'dlv-2026-11-26T08:00:00Z-0001', deadline: Date.now() + 10_000, allowHttp: true, allowPrivateNetwork: true, ...extra };
}

describe('transient failures are retried with the same delivery id', () => {
  it('500, 500, then 200: three attempts, one webhook-id, every attempt signed afresh and verifiable', async () => {
    const r = await receiver((_q, n) => (n < 3 ? { status: 500, body: 'upstream' } : answers.generic()));
    const { deliver, waits } = fastDeliver();
    const [res] = await deliver(report, [generic(r)], options({ attempts: 3 }));
    expect(res).toEqual({ target: 'hooks', kind: 'generic', ok: true, attempts: 3 });
    expect(r.requests.map((q) => q.headers['webhook-id'])).toEqual(Array(3).fill('dlv-2026-11-26T08:00:00Z-0001'));
    for (const q of r.requests) expect(() => verifyStandardWebhook(SECRET, q)).not.toThrow();
    expect(new Set(r.requests.map((q) => q.body)).size).toBe(1);
    // Capped exponential backoff with equal jitter: 5 ms base → [2.5, 5], then [5, 10].
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toBeLessThanOrEqual(5);
    expect(waits[1]).toBeGreaterThanOrEqual(5);
    expect(waits[1]).toBeLessThanOrEqual(10);
  });

  it('429 with Retry-After waits as told, in seconds or as an HTTP date', async () => {
    const inSeconds = await receiver((_q, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '2' } } : answers.generic()));
    const asDate = await receiver((_q, n) => (n === 1 ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 3000).toUTCString() } } : answers.generic()));
    const { deliver, waits } = fastDeliver();
    const results = await deliver(report, [generic(inSeconds, 'a')], options());
    expect(results[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(waits).toEqual([2000]);
    const [b] = await deliver(report, [generic(asDate, 'b')], options());
    expect(b).toMatchObject({ ok: true, attempts: 2 });
    expect(waits[1]).toBeGreaterThan(1000);
    expect(waits[1]).toBeLessThanOrEqual(3000);
  });

  it('a reset connection and a request that times out are retried', async () => {
    const reset = await receiver((_q, n) => (n === 1 ? { reset: true } : answers.generic()));
    const slow = await receiver((_q, n) => (n === 1 ? { ...answers.generic(), delayMs: 2000 } : answers.generic()));
    const { deliver } = fastDeliver({ requestTimeoutMs: 200 });
    const [a, b] = await deliver(report, [generic(reset, 'reset'), generic(slow, 'slow')], options());
    expect(a).toMatchObject({ ok: true, attempts: 2 });
    expect(b).toMatchObject({ ok: true, attempts: 2 });
  });

  it('gives up after `attempts` and says what the last failure was', async () => {
    const r = await receiver(() => ({ status: 503, body: 'maintenance' }));
    const [res] = await fastDeliver().deliver(report, [generic(r)], options({ attempts: 2 }));
    expect(res).toEqual({ target: 'hooks', kind: 'generic', ok: false, attempts: 2, error: `${new URL(r.origin).host}: HTTP 503: maintenance (gave up after 2 attempts)` });
    expect(r.requests).toHaveLength(2);
  });
});

describe('permanent failures are not retried', () => {
  it.each([
    [410, /the endpoint is gone/],
    [401, /HTTP 401/],
    [403, /HTTP 403/],
    [404, /HTTP 404/],
  ])('HTTP %i', async (status, why) => {
    const r = await receiver(() => ({ status }));
    const [res] = await fastDeliver().deliver(report, [generic(r)], options({ attempts: 4 }));
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toMatch(why);
    expect(r.requests).toHaveLength(1);
  });
});

describe('the deadline', () => {
  it('past: no attempt starts', async () => {
    const r = await receiver(() => answers.generic());
    const [res] = await fastDeliver().deliver(report, [generic(r)], options({ deadline: Date.now() - 1 }));
    expect(res).toMatchObject({ ok: false, attempts: 0, error: 'deadline reached before the first attempt' });
    expect(r.connections).toBe(0);
  });

  it('near: a retry that would start after it is not made', async () => {
    const r = await receiver(() => ({ status: 502 }));
    const { deliver } = fastDeliver({ backoff: { baseMs: 1000, capMs: 1000 } });
    const [res] = await deliver(report, [generic(r)], options({ deadline: Date.now() + 300, attempts: 5 }));
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toMatch(/HTTP 502; the next attempt \(in \d+ ms\) would start after the deadline/);
  });

  it('a Retry-After beyond it ends the delivery instead of waiting', async () => {
    const r = await receiver(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const { deliver, waits } = fastDeliver();
    const [res] = await deliver(report, [generic(r)], options({ attempts: 5 }));
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toMatch(/in 120000 ms\) would start after the deadline/);
    expect(waits).toEqual([]);
  });
});

describe('many targets', () => {
  it('are delivered concurrently, results in the targets order (the exported deliverReport)', async () => {
    const kinds: WebhookKind[] = ['dingtalk', 'lark', 'wecom', 'slack', 'generic'];
    // Each receiver answers 400 ms after a request arrives: delivered one after another, the last request would arrive
    // at least 1.6 s after the first; delivered at once, all arrive before the first answer.
    const arrivals: number[] = [];
    const receivers = await Promise.all(
      kinds.map((k) =>
        receiver(() => {
          arrivals.push(Date.now());
          return { ...(k === 'slack' ? answers.slack() : k === 'lark' ? answers.lark() : k === 'generic' ? answers.generic() : answers.dingtalk()), delayMs: 400 };
        }),
      ),
    );
    // Each target signed as its platform does (WeCom and Slack have no signature); every request is checked.
    const secrets: Partial<Record<WebhookKind, string>> = { dingtalk: 'SECmany-targets', lark: 'lark-many-targets', generic: SECRET };
    const checkedBefore = signaturesChecked();
    const results = await deliverAndVerify(
      deliverReport,
      report,
      kinds.map((kind, i) => ({ kind, name: `t${i}`, url: `${receivers[i].origin}/x`, ...(secrets[kind] ? { secret: secrets[kind] } : {}) })),
      options(),
    );
    expect(signaturesChecked() - checkedBefore).toBe(kinds.length);
    expect(arrivals).toHaveLength(kinds.length);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(400);
    expect(results.map((r) => [r.target, r.kind, r.ok])).toEqual(kinds.map((k, i) => [`t${i}`, k, true]));
  });
});

describe('never throws', () => {
  it('bad targets and a broken report become failed results', async () => {
    const r = await receiver(() => answers.generic());
    const broken = { ...report, findings: undefined } as unknown as Report;
    const results = await fastDeliver().deliver(
      report,
      [
        { kind: 'teams' as WebhookKind, name: 'unknown-kind', url: `${r.origin}/x` },
        { kind: 'generic', name: 'bad-url', url: '::not a url::' },
        { kind: 'generic', name: 'bad-secret', url: `${r.origin}/x`, secret: 'whsec_!!not base64!!' },
      ],
      options(),
    );
    expect(results.map((x) => [x.target, x.ok, x.attempts])).toEqual([
      ['unknown-kind', false, 0],
      ['bad-url', false, 0],
      ['bad-secret', false, 1],
    ]);
    expect(results[0].error).toBe('unknown webhook kind "teams"');
    expect(results[2].error).toMatch(/not a whsec_ base64 key/);
    const [b] = await fastDeliver().deliver(broken, [{ kind: 'dingtalk', name: 'd', url: `${r.origin}/robot/send` }], options());
    expect(b).toMatchObject({ ok: false, attempts: 0 });
    expect(b.error).toMatch(/^unexpected failure/);
    const [c] = await fastDeliver().deliver(report, [generic(r)], options({ deliveryId: 'line\nbreak' }));
    expect(c).toMatchObject({ ok: false, attempts: 1 });
    expect(c.error).toMatch(/the request could not be built/);
  });
});

describe('secrets never reach a result', () => {
  const CANARY = {
    secret: 'SECcanary0secret0do0not0leak',
    token: 'canary0token0do0not0leak0123456789',
    slack: 'canary0slack0path0token0987',
  };

  it('even when every receiver echoes the request URL, headers and the secret back into its error', async () => {
    const echo = (q: Received) => `${q.url} ${JSON.stringify(q.headers)} ${CANARY.secret} ${encodeURIComponent(CANARY.secret)}`;
    const ding = await receiver((q) => answers.dingtalk(310000, `sign not match ${echo(q)}`));
    const lark = await receiver((q) => answers.lark(19021, `sign match fail ${echo(q)}`));
    const wecom = await receiver((q) => answers.wecom(93000, `invalid webhook url ${echo(q)}`));
    const slack = await receiver((q) => ({ status: 404, body: `no_service ${echo(q)}` }));
    const gen = await receiver((q) => ({ status: 400, body: `bad ${echo(q)}` }));
    const targets: WebhookTarget[] = [
      { kind: 'dingtalk', name: 'd', url: `${ding.origin}/robot/send?access_token=${CANARY.token}`, secret: CANARY.secret },
      { kind: 'lark', name: 'l', url: `${lark.origin}/open-apis/bot/v2/hook/${CANARY.token}`, secret: CANARY.secret },
      { kind: 'wecom', name: 'w', url: `${wecom.origin}/cgi-bin/webhook/send?key=${CANARY.token}` },
      { kind: 'slack', name: 's', url: `${slack.origin}/services/T0/B0/${CANARY.slack}` },
      { kind: 'generic', name: 'g', url: `${gen.origin}/hooks?token=${CANARY.token}`, secret: `whsec_${Buffer.from(CANARY.secret).toString('base64')}` },
    ];
    const results = await fastDeliver().deliver(report, targets, options());
    for (const res of results) {
      expect(res).toMatchObject({ ok: false, attempts: 1 });
      expect(res.error).toContain('[redacted]');
      for (const leak of [CANARY.secret, CANARY.token, CANARY.slack, Buffer.from(CANARY.secret).toString('base64')]) expect(res.error).not.toContain(leak);
    }
    expect(results[0].error).toContain('errcode 310000: sign not match');
  });

  it('in network errors and refusals too', async () => {
    const closed = await receiver(() => answers.generic());
    const port = new URL(closed.origin).port;
    await closed.close();
    open.splice(open.indexOf(closed), 1);
    const results = await fastDeliver().deliver(
      report,
      [
        { kind: 'dingtalk', name: 'closed', url: `http://127.0.0.1:${port}/robot/send?access_token=${CANARY.token}`, secret: CANARY.secret },
        { kind: 'dingtalk', name: 'refused', url: `https://169.254.169.254/robot/send?access_token=${CANARY.token}`, secret: CANARY.secret },
        { kind: 'dingtalk', name: 'http', url: `http://oapi.dingtalk.example/robot/send?access_token=${CANARY.token}`, secret: CANARY.secret },
      ],
      options({ attempts: 2, allowHttp: undefined }),
    );
    expect(results[0].error).toBeDefined();
    for (const res of results) {
      expect(res.ok).toBe(false);
      expect(res.error).not.toContain(CANARY.token);
      expect(res.error).not.toContain(CANARY.secret);
      expect(res.error).not.toContain('/robot/send');
    }
  });
});
