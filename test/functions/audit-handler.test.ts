/**
 * The audit handler end to end: real FC event shapes and an STS context, real clients against the simulators,
 * the real deliverReport posting to a loopback receiver; idempotent delivery, HTTP answers, clean failures, no leaks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createAuditHandler, type AuditHandler, type AuditSummary } from '../../functions/audit/handler';
import type { FcContext } from '../../shared/handler/context';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import type { HttpResponse } from '../../shared/handler/http-response';
import { invokeRunId, RUN_ID_PATTERN, timerRunId } from '../../shared/handler/run-id';
import { parseScenario } from '../../shared/scenario/load';
import { captureLogs, type CapturedLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';
import type { Scenario } from '../../shared/scenario/schema';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, httpEvent, invokeEvent, leakedCanaries, ROOT, startReceiver, stsSeedScenario, timerEvent, type Receiver } from './support';

let scenario: Scenario;
let sims: Simulators;
let receiver: Receiver;
/** Everything any handler returned or logged, for the leak check at the end. */
const outputs: string[] = [];
const logs: CapturedLogs[] = [];

function envFor(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const url = sims.cloud.url;
  return {
    ACK_DRIFT_REGIONS: scenario.region,
    ACK_DRIFT_ENDPOINT_VPC: url,
    ACK_DRIFT_ENDPOINT_ECS: url,
    ACK_DRIFT_ENDPOINT_RAM: url,
    ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url,
    ACK_DRIFT_ENDPOINT_CS: url,
    ACK_DRIFT_WEBHOOKS: JSON.stringify([{ kind: 'generic', name: 'oncall', url: 'env:TEST_WEBHOOK_URL', secret: 'env:TEST_WEBHOOK_SECRET' }]),
    TEST_WEBHOOK_URL: `${receiver.url}/hooks/ack-drift?token=${CANARY.urlToken}`,
    TEST_WEBHOOK_SECRET: CANARY.webhookSecret,
    ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
    ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
    FC_REGION: scenario.region,
    FC_ACCOUNT_ID: scenario.accountId,
    ...extra,
  };
}

/** A handler as index.ts builds it, with captured logs and (by default) its own store. */
function handlerWith(env: NodeJS.ProcessEnv, store = new MemoryIdempotencyStore()): AuditHandler {
  const captured = captureLogs();
  logs.push(captured);
  const handler = createAuditHandler({ env, logger: captured.logger, deliver: deliverReport, store });
  return async (event, context) => {
    const out = await handler(event, context);
    outputs.push(JSON.stringify(out));
    return out;
  };
}

beforeAll(async () => {
  scenario = stsSeedScenario();
  sims = await startSimulators(scenario);
  receiver = await startReceiver();
});

afterAll(async () => {
  await Promise.all([sims?.close(), receiver?.close()]);
});

describe('timer trigger', () => {
  const payload = { clusterId: 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10', region: 'cn-hangzhou' };
  let handler: AuditHandler;
  let first: AuditSummary;

  beforeAll(async () => {
    handler = handlerWith(envFor());
    first = (await handler(timerEvent(payload), fcContext(scenario))) as AuditSummary;
  });

  it('audits the cluster through the simulators with the context STS credentials', () => {
    expect(first).toMatchObject({ clusterId: payload.clusterId, region: 'cn-hangzhou', status: 'degraded', dryRun: false });
    expect(first.headline).toMatch(/tobedeletedb.*metrics\.k8s\.io/);
    expect(first.counts.critical).toBeGreaterThan(0);
    // The simulators require the STS token on every call: a complete audit proves it was sent.
    expect(first.counts.unknown).toBe(0);
    expect(sims.cloud.calls).toMatchObject({ 'cs:DescribeClusterDetail': 1, 'cs:DescribeClusterUserKubeconfig': 1 });
    expect(sims.cloud.calls['vpc:DescribeRouteEntryList']).toBeGreaterThan(0);
    expect(sims.kube.calls['k8s:list nodes']).toBeGreaterThan(0);
  });

  it('derives the run id from the trigger name, time and cluster', () => {
    expect(first.runId).toBe(timerRunId('hourly', '2026-11-26T08:00:00Z', payload.clusterId));
  });

  it('posts one signed alert whose id is runId:target', () => {
    expect(first.deliveries).toEqual([expect.objectContaining({ target: 'oncall', kind: 'generic', ok: true, attempts: 1, deliveryId: `${first.runId}:oncall` })]);
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0];
    expect(hook.headers['webhook-id']).toBe(`${first.runId}:oncall`);
    const verified = new Webhook(CANARY.webhookSecret).verify(hook.body, hook.headers as Record<string, string>) as { data: { report: Report } };
    expect(verified.data.report.runId).toBe(first.runId);
  });

  it('does not alert again when the same event is delivered twice, nor when duplicates race', async () => {
    const again = (await handler(timerEvent(payload), fcContext(scenario))) as AuditSummary;
    expect(again.runId).toBe(first.runId);
    expect(again.deliveries).toEqual([expect.objectContaining({ target: 'oncall', skipped: 'duplicate', attempts: 0 })]);
    expect(receiver.received).toHaveLength(1);

    const racing = timerEvent(payload, '2026-11-26T09:00:00Z');
    const both = (await Promise.all([handler(racing, fcContext(scenario)), handler(racing, fcContext(scenario))])) as AuditSummary[];
    expect(both.map((s) => s.deliveries[0].skipped ?? 'sent').sort()).toEqual(['duplicate', 'sent']);
    expect(receiver.received).toHaveLength(2);
  });

  it('shares the record across instances through the store (the production store is shared and persistent)', async () => {
    const store = new MemoryIdempotencyStore();
    const event = timerEvent(payload, '2026-11-26T10:00:00Z');
    const one = (await handlerWith(envFor(), store)(event, fcContext(scenario))) as AuditSummary;
    const other = (await handlerWith(envFor(), store)(event, fcContext(scenario))) as AuditSummary;
    expect(one.deliveries[0]).toMatchObject({ ok: true, attempts: 1 });
    expect(other.deliveries[0]).toMatchObject({ skipped: 'duplicate' });
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === `${one.runId}:oncall`)).toHaveLength(1);
  });

  it('takes the cluster from ACK_DRIFT_CLUSTER_IDS when the payload is empty', async () => {
    const summary = (await handlerWith(envFor({ ACK_DRIFT_CLUSTER_IDS: payload.clusterId }))(timerEvent('', '2026-11-26T11:00:00Z'), fcContext(scenario))) as AuditSummary;
    expect(summary).toMatchObject({ clusterId: payload.clusterId, runId: timerRunId('hourly', '2026-11-26T11:00:00Z', payload.clusterId) });
  });
});

describe('direct invocation', () => {
  it('audits without alerting on dryRun, with a run id from the request id', async () => {
    const before = receiver.received.length;
    const body = { clusterId: scenario.cluster.clusterId, region: scenario.region, dryRun: true };
    const summary = (await handlerWith(envFor())(invokeEvent(body), fcContext(scenario, { requestId: '1-6745a1b2-dry' }))) as AuditSummary;
    expect(summary).toMatchObject({ dryRun: true, status: 'degraded', runId: invokeRunId('1-6745a1b2-dry', body.clusterId) });
    expect(summary.deliveries).toEqual([expect.objectContaining({ target: 'oncall', skipped: 'dryRun', attempts: 0 })]);
    expect(receiver.received).toHaveLength(before);
  });

  it('keeps a caller-given run id, and alerts for each of two manual runs with the same body', async () => {
    const h = handlerWith(envFor());
    const given = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId, runId: 'fleet-42', dryRun: true }), fcContext(scenario))) as AuditSummary;
    expect(given.runId).toBe('fleet-42');
    const before = receiver.received.length;
    const body = invokeEvent({ clusterId: scenario.cluster.clusterId });
    const a = (await h(body, fcContext(scenario, { requestId: '1-6745a1b2-manual1' }))) as AuditSummary;
    const b = (await h(body, fcContext(scenario, { requestId: '1-6745a1b2-manual2' }))) as AuditSummary;
    expect(a.runId).not.toBe(b.runId);
    expect([a, b].map((r) => r.deliveries[0])).toEqual([expect.objectContaining({ ok: true, attempts: 1 }), expect.objectContaining({ ok: true, attempts: 1 })]);
    expect(receiver.received.length - before).toBe(2);
  });

  it('says so, and logs a warning, when an alert cannot be delivered', async () => {
    const captured = captureLogs();
    // Loopback webhooks are refused unless allowed: the delivery fails without leaving the machine.
    const h = createAuditHandler({ env: envFor({ ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'false' }), logger: captured.logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
    const summary = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId }), fcContext(scenario))) as AuditSummary;
    expect(summary.deliveries).toEqual([expect.objectContaining({ target: 'oncall', ok: false, error: expect.stringMatching(/^refused/) })]);
    expect(captured.lines()).toContainEqual(expect.objectContaining({ level: 'warn', msg: '1 of 1 alert deliveries failed', deliveries: [expect.objectContaining({ target: 'oncall', ok: false })] }));
    expect(leakedCanaries(captured.text())).toEqual([]);
  });

  it('fails with one clear line when called without the FC context', async () => {
    const captured = captureLogs();
    const h = createAuditHandler({ env: envFor(), logger: captured.logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
    const err = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId }), undefined as unknown as FcContext).catch((e: unknown) => e)) as Error;
    expect(err).toMatchObject({ name: 'EventError', message: 'context: expected the Function Compute context, with a requestId, as the second argument' });
    // A caller's mistake: a warning, not an error (issue #10 item 17).
    expect(captured.lines()).toEqual([expect.objectContaining({ level: 'warn', msg: 'invocation rejected' })]);
  });

  it('rejects a bad event with one line naming the field, and no stack', async () => {
    const h = handlerWith(envFor());
    const err = (await h(invokeEvent({ clusterID: 'c-typo' }), fcContext(scenario)).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('event.clusterID: unknown key');
    expect(err.stack).not.toMatch(/\n\s+at /);
    const noCluster = (await h(invokeEvent({}), fcContext(scenario)).catch((e: unknown) => e)) as Error;
    expect(noCluster.message).toMatch(/^clusterId: required/);
  });

  it('stops on a bad configuration with a message naming the variable (never its secret value)', async () => {
    const h = handlerWith(envFor({ ACK_DRIFT_DEADLINE_MS: 'soon', ACK_DRIFT_WEBHOOKS: `[{"kind":"pager","name":"x","url":"${CANARY.urlToken}"}]` }));
    const err = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId }), fcContext(scenario)).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('ConfigError');
    expect(err.message).toContain('ACK_DRIFT_DEADLINE_MS: expected milliseconds');
    expect(err.message).toContain('ACK_DRIFT_WEBHOOKS[0].kind: expected one of dingtalk, lark, wecom, slack, generic');
    expect(err.stack).not.toMatch(/\n\s+at /);
    outputs.push(err.message);
  });

  it('refuses a deadline that does not fit the function timeout', async () => {
    const h = handlerWith(envFor({ ACK_DRIFT_DEADLINE_MS: '60000' }));
    const err = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId }), fcContext(scenario, { function: { name: 'ack-drift-audit', timeout: 60 } })).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/ACK_DRIFT_DEADLINE_MS: 60000 does not fit the function timeout of 60000 ms/);
  });
});

describe('HTTP trigger', () => {
  it('answers ?format=html with the report page, run id = request id, and posts no alert', async () => {
    const before = receiver.received.length;
    const res = (await handlerWith(envFor())(
      httpEvent({ format: 'html', clusterId: scenario.cluster.clusterId }, '1-6745a1b2-http0001'),
      fcContext(scenario, { requestId: '1-6745a1b2-http0001' }),
    )) as HttpResponse;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-ack-drift-run-id']).toBe('1-6745a1b2-http0001');
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toContain('tobedeletedb');
    expect(receiver.received).toHaveLength(before);
  });

  it('answers JSON by default: the schema-valid report', async () => {
    const res = (await handlerWith(envFor({ ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId }))(httpEvent({}, '1-6745a1b2-http0002'), fcContext(scenario))) as HttpResponse;
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const report = JSON.parse(res.body) as Report;
    expect(reportProblems(report)).toEqual([]);
    expect(report.runId).toBe('1-6745a1b2-http0002');
  });

  it('quotes a flood of unknown query keys and a huge method within bounds (issue #10 item 17)', async () => {
    const captured = captureLogs();
    const h = createAuditHandler({ env: envFor({ ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId }), logger: captured.logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
    const keys = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}${'x'.repeat(1000)}`, 'v']));
    const flood = (await h(httpEvent(keys, 'r-flood'), fcContext(scenario))) as HttpResponse;
    expect(flood.statusCode).toBe(400);
    expect(flood.body.length).toBeLessThan(1024);
    expect(JSON.parse(flood.body).error).toMatch(/^query\.k0x{56}… \(1008 characters\): unknown key; .*; and 1995 more$/);
    const method = (await h(httpEvent({}, 'r-method', 'P'.repeat(100_000)), fcContext(scenario))) as HttpResponse;
    expect(method.statusCode).toBe(400);
    expect(method.body.length).toBeLessThan(512);
    expect(captured.text().length).toBeLessThan(4096);
    expect(captured.lines().map((l) => l.level)).toEqual(['warn', 'warn']);
  });

  it('uses the request id as run id only in the run id form; otherwise a digest of it', async () => {
    const odd = 'id with spaces/and\u2028a separator';
    const res = (await handlerWith(envFor({ ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId }))(httpEvent({ format: 'text' }, odd), fcContext(scenario))) as HttpResponse;
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-ack-drift-run-id']).toMatch(new RegExp(RUN_ID_PATTERN));
    expect(res.headers['x-ack-drift-run-id']).not.toContain('spaces');
  });

  it('answers 400 for a bad query, 403 for a cluster outside the allow-list, 405-like 400 for POST', async () => {
    const h = handlerWith(envFor({ ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId }));
    const bad = (await h(httpEvent({ format: 'pdf' }, 'r1'), fcContext(scenario))) as HttpResponse;
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ status: 400, error: expect.stringMatching(/^query\.format: /), requestId: expect.any(String) });
    const other = (await h(httpEvent({ clusterId: 'c-someone-else' }, 'r2'), fcContext(scenario))) as HttpResponse;
    expect(other.statusCode).toBe(403);
    const post = (await h(httpEvent({}, 'r3', 'POST'), fcContext(scenario))) as HttpResponse;
    expect(post.statusCode).toBe(400);
  });

  it('answers 500 with a category and the request id only; the details go to the log', async () => {
    const captured = captureLogs();
    const env = envFor({ ACK_DRIFT_DEADLINE_MS: 'soon', ACK_DRIFT_ENDPOINT_CS: `http://cs.example.com/?SecurityToken=${CANARY.securityToken}` });
    const h = createAuditHandler({ env, logger: captured.logger, deliver: deliverReport, store: new MemoryIdempotencyStore() });
    const res = (await h(httpEvent({ clusterId: scenario.cluster.clusterId }, '1-6745a1b2-http0500'), fcContext(scenario, { requestId: '1-6745a1b2-http0500' }))) as HttpResponse;
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ status: 500, error: 'configuration error', requestId: '1-6745a1b2-http0500' });
    const logged = captured.lines().find((l) => l.msg === 'invocation rejected') as { error: { message: string }; requestId: string };
    expect(logged.requestId).toBe('1-6745a1b2-http0500');
    expect(logged.error.message).toContain('ACK_DRIFT_DEADLINE_MS: expected milliseconds');
    expect(logged.error.message).toContain('ACK_DRIFT_ENDPOINT_CS: expected the Container Service endpoint URL (https://');
    // Endpoint overrides are secret variables: their values (here a token) are never repeated, not even in the log.
    expect(leakedCanaries(captured.text() + res.body)).toEqual([]);
  });
});

describe('ACK_DRIFT_NOTIFY_ON', () => {
  let healthy: Simulators;

  beforeAll(async () => {
    // The seed cluster after the fix, audited with the same STS credentials as the seed.
    const fixed = parseScenario(readFileSync(join(ROOT, 'test', 'fixtures', 'scenarios', 'healthy.yaml'), 'utf8'), 'healthy.yaml');
    fixed.auditor = { ...stsSeedScenario().auditor };
    healthy = await startSimulators(fixed);
  });

  afterAll(async () => {
    await healthy?.close();
  });

  const healthyEnv = (extra: NodeJS.ProcessEnv = {}) => {
    const url = healthy.cloud.url;
    return envFor({ ACK_DRIFT_ENDPOINT_VPC: url, ACK_DRIFT_ENDPOINT_ECS: url, ACK_DRIFT_ENDPOINT_RAM: url, ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url, ACK_DRIFT_ENDPOINT_CS: url, ...extra });
  };
  const event = (time: string) => timerEvent({ clusterId: scenario.cluster.clusterId }, time);

  it('posts nothing for a healthy cluster by default (problems), and says so in the result', async () => {
    const before = receiver.received.length;
    const summary = (await handlerWith(healthyEnv())(event('2026-11-26T12:00:00Z'), fcContext(scenario))) as AuditSummary;
    expect(summary.status).toBe('healthy');
    expect(summary.deliveries).toEqual([expect.objectContaining({ target: 'oncall', ok: true, attempts: 0, skipped: 'healthy' })]);
    expect(receiver.received).toHaveLength(before);
  });

  it('posts every run under always', async () => {
    const before = receiver.received.length;
    const summary = (await handlerWith(healthyEnv({ ACK_DRIFT_NOTIFY_ON: 'always' }))(event('2026-11-26T13:00:00Z'), fcContext(scenario))) as AuditSummary;
    expect(summary).toMatchObject({ status: 'healthy', deliveries: [expect.objectContaining({ ok: true, attempts: 1 })] });
    expect(receiver.received).toHaveLength(before + 1);
  });
});

describe('logs', () => {
  it('are JSON lines, each with the FC request id', () => {
    const lines = logs.flatMap((l) => l.lines());
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toMatchObject({ requestId: expect.any(String), service: 'ack-drift', level: expect.any(String) });
    expect(lines.some((l) => l.msg === 'audit started' && l.runId && l.clusterId)).toBe(true);
  });

  it('never carry a secret, nor do summaries, HTTP answers, errors or webhook bodies', () => {
    const everything = [...logs.map((l) => l.text()), ...outputs, ...receiver.received.map((r) => r.body + JSON.stringify(r.headers))].join('\n');
    expect(leakedCanaries(everything)).toEqual([]);
  });
});
