/**
 * The audit handler end to end: real FC event shapes and an STS context, real clients against the simulators,
 * the real deliverReport posting to a loopback receiver; idempotent delivery, HTTP answers, clean failures, no leaks.
 */
import { Webhook } from 'standardwebhooks';
import { createAuditHandler, type AuditHandler, type AuditSummary } from '../../functions/audit/handler';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import type { HttpResponse } from '../../shared/handler/http-response';
import { invokeRunId, timerRunId } from '../../shared/handler/run-id';
import { captureLogs, type CapturedLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/schema';
import type { Scenario } from '../../shared/scenario/schema';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, httpEvent, invokeEvent, leakedCanaries, startReceiver, stsSeedScenario, timerEvent, type Receiver } from './support';

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
  it('audits without alerting on dryRun, with a run id from the body', async () => {
    const before = receiver.received.length;
    const body = { clusterId: scenario.cluster.clusterId, region: scenario.region, dryRun: true };
    const summary = (await handlerWith(envFor())(invokeEvent(body), fcContext(scenario))) as AuditSummary;
    expect(summary).toMatchObject({ dryRun: true, status: 'degraded', runId: invokeRunId(body, body.clusterId) });
    expect(summary.deliveries).toEqual([expect.objectContaining({ target: 'oncall', skipped: 'dryRun', attempts: 0 })]);
    expect(receiver.received).toHaveLength(before);
  });

  it('keeps a caller-given run id, and the same body gives the same id whatever its key order', async () => {
    const h = handlerWith(envFor());
    const given = (await h(invokeEvent({ clusterId: scenario.cluster.clusterId, runId: 'fleet-42', dryRun: true }), fcContext(scenario))) as AuditSummary;
    expect(given.runId).toBe('fleet-42');
    const a = (await h(Buffer.from(`{"dryRun":true,"clusterId":"${scenario.cluster.clusterId}"}`), fcContext(scenario))) as AuditSummary;
    const b = (await h(Buffer.from(`{ "clusterId": "${scenario.cluster.clusterId}", "dryRun": true }`), fcContext(scenario))) as AuditSummary;
    expect(a.runId).toBe(b.runId);
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
    const res = (await handlerWith(envFor())(httpEvent({ format: 'html', clusterId: scenario.cluster.clusterId }, '1-6745a1b2-http0001'), fcContext(scenario, { requestId: '1-6745a1b2-http0001' }))) as HttpResponse;
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

  it('answers 400 for a bad query, 403 for a cluster outside the allow-list, 405-like 400 for POST', async () => {
    const h = handlerWith(envFor({ ACK_DRIFT_CLUSTER_IDS: scenario.cluster.clusterId }));
    const bad = (await h(httpEvent({ format: 'pdf' }, 'r1'), fcContext(scenario))) as HttpResponse;
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: expect.stringMatching(/^query\.format: /), requestId: expect.any(String) });
    const other = (await h(httpEvent({ clusterId: 'c-someone-else' }, 'r2'), fcContext(scenario))) as HttpResponse;
    expect(other.statusCode).toBe(403);
    const post = (await h(httpEvent({}, 'r3', 'POST'), fcContext(scenario))) as HttpResponse;
    expect(post.statusCode).toBe(400);
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
