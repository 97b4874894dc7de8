/**
 * The dispatch handler: lists a 200-cluster fleet with DescribeClustersV1 (signed, paged ≤ 100) and queues one
 * asynchronous `audit` per cluster through @alicloud/fc2 against the cloud simulator, with bounded concurrency.
 */
import { createDispatchHandler, type DispatchHandler } from '../../functions/dispatch/handler';
import type { DispatchResult } from '../../shared/fleet/dispatch';
import { createFcInvoker } from '../../shared/fleet/fc-invoker';
import type { FcContext } from '../../shared/handler/context';
import { auditTaskId, dispatchRunId, fleetRunId } from '../../shared/handler/run-id';
import { captureLogs, type CapturedLogs } from '../../shared/log/capture';
import type { Scenario } from '../../shared/scenario/schema';
import { startCloudSimulator, type CloudSimulator, type FcInvocation } from '../../shared/sim/cloud/server';
import { startSimulators } from '../../shared/sim/start';
import { generateFleet, startFleetServer, type FleetClusterRecord, type FleetServer } from './fleet-server';
import { CANARY, fcContext, httpEvent, invokeEvent, leakedCanaries, STS_KEY_ID, stsSeedScenario, timerEvent } from './support';

const REGIONS = ['cn-hangzhou', 'cn-shanghai'];
const LATENCY_MS = 25;
const CONCURRENCY = 8;

let scenario: Scenario;
let fleet: FleetClusterRecord[];
let cs: FleetServer;
let fc: CloudSimulator;
const logs: CapturedLogs[] = [];

function envFor(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ACK_DRIFT_REGIONS: REGIONS.join(','),
    ACK_DRIFT_ENDPOINT_CS: cs.url,
    ACK_DRIFT_ENDPOINT_FC: fc.url,
    ACK_DRIFT_DISPATCH_CONCURRENCY: String(CONCURRENCY),
    ACK_DRIFT_AUDIT_FUNCTION: 'ack-drift-audit',
    FC_REGION: 'cn-hangzhou',
    FC_ACCOUNT_ID: scenario.accountId,
    ...extra,
  };
}

/** The handler, for fan-out events: what they return is a DispatchResult (doctor events are tested apart). */
function dispatcher(env: NodeJS.ProcessEnv): (event: unknown, context: FcContext) => Promise<DispatchResult> {
  const captured = captureLogs();
  logs.push(captured);
  const handler: DispatchHandler = createDispatchHandler({ env, logger: captured.logger, invoker: createFcInvoker });
  return (event, ctx) => handler(event, ctx) as Promise<DispatchResult>;
}

const context = () => fcContext(scenario, { function: { name: 'ack-drift-dispatch', timeout: 600 } });
const eligible = () => fleet.filter((c) => c.cluster_type !== 'Ask');
const bodies = (invocations: FcInvocation[]) => invocations.map((i) => JSON.parse(i.body) as { clusterId: string; region: string; runId: string; dryRun?: boolean });

/** The most invocations recorded within any window shorter than one request's latency: at most one per slot in flight. */
function peakInFlight(invocations: FcInvocation[]): number {
  const at = invocations.map((i) => i.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i] - at[j] > LATENCY_MS - 2) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

beforeAll(async () => {
  scenario = stsSeedScenario();
  fleet = generateFleet(222, REGIONS);
  cs = await startFleetServer({ clusters: fleet, accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken });
  fc = await startCloudSimulator(scenario, { latencyMs: LATENCY_MS });
});

afterAll(async () => {
  await Promise.all([cs?.close(), fc?.close()]);
});

describe('a 200-cluster fleet in two regions', () => {
  let result: DispatchResult;
  let invocations: FcInvocation[];
  let wallMs: number;

  beforeAll(async () => {
    const started = Date.now();
    result = await dispatcher(envFor())(timerEvent('{}', '2026-11-26T08:00:00Z', 'fleet-hourly'), context());
    wallMs = Date.now() - started;
    invocations = fc.fcInvocations.splice(0);
  });

  it('lists every page (page_size 100, until page_number × page_size ≥ total_count) and filters out Ask clusters', () => {
    expect(result).toMatchObject({ clusters: 200, invoked: 200, failed: [], regions: REGIONS });
    expect(cs.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(cs.requests.map((r) => `${r.query.region_id}#${r.query.page_number}@${r.query.page_size}`).sort()).toEqual([
      'cn-hangzhou#1@100',
      'cn-hangzhou#2@100',
      'cn-shanghai#1@100',
      'cn-shanghai#2@100',
    ]);
  });

  it('invokes audit once per cluster, asynchronously, on the FC 3.0 path, signed with the STS credentials', () => {
    expect(invocations).toHaveLength(200);
    expect(new Set(bodies(invocations).map((b) => b.clusterId))).toEqual(new Set(eligible().map((c) => c.cluster_id)));
    for (const inv of invocations) {
      expect(inv).toMatchObject({ path: '/2023-03-30/functions/ack-drift-audit/invocations', functionName: 'ack-drift-audit', invocationType: 'Async' });
      expect(inv.headers['x-fc-security-token']).toBe(CANARY.securityToken);
      expect(inv.headers['x-fc-account-id']).toBe(scenario.accountId);
    }
  });

  it('gives each audit a run id derived from the dispatch trigger', () => {
    const runId = dispatchRunId({ kind: 'timer', triggerName: 'fleet-hourly', triggerTime: '2026-11-26T08:00:00Z' });
    expect(result.runId).toBe(runId);
    for (const b of bodies(invocations)) expect(b).toEqual({ clusterId: b.clusterId, region: b.region, runId: fleetRunId(runId, b.region, b.clusterId) });
  });

  it(`keeps at most ${CONCURRENCY} invocations in flight, and does use them`, () => {
    const peak = peakInFlight(invocations);
    expect(peak).toBeLessThanOrEqual(CONCURRENCY);
    expect(peak).toBeGreaterThanOrEqual(CONCURRENCY / 2);
    expect(wallMs).toBeGreaterThanOrEqual((200 / CONCURRENCY) * LATENCY_MS);
  });

  it('sends every audit under a task id derived from its run id', () => {
    expect(invocations.map((i) => i.headers['x-fc-async-task-id'])).toEqual(bodies(invocations).map((b) => auditTaskId(b.runId)));
    expect(new Set(invocations.map((i) => i.headers['x-fc-async-task-id'])).size).toBe(invocations.length);
  });

  it('queues nothing twice when the timer event is delivered again: same run ids, same task ids, FC refuses the duplicates', async () => {
    const again = await dispatcher(envFor())(timerEvent('{}', '2026-11-26T08:00:00Z', 'fleet-hourly'), context());
    expect(again).toMatchObject({ invoked: result.invoked, alreadyQueued: result.invoked, failed: [] });
    expect(fc.fcInvocations.splice(0)).toHaveLength(0);
  });
});

describe('filters', () => {
  afterEach(() => void fc.fcInvocations.splice(0));

  it('passes a single cluster type to the API', async () => {
    cs.requests.splice(0);
    const result = await dispatcher(envFor({ ACK_DRIFT_CLUSTER_TYPES: 'Ask' }))(invokeEvent({}), context());
    expect(result.invoked).toBe(22);
    expect(cs.requests.every((r) => r.query.cluster_type === 'Ask')).toBe(true);
  });

  it('keeps only clusters carrying the tag, or on the allow-list', async () => {
    const tagged = await dispatcher(envFor({ ACK_DRIFT_CLUSTER_TAG: 'team=payments' }))(invokeEvent({}), context());
    expect(tagged.invoked).toBe(eligible().filter((c) => c.tags[0].value === 'payments').length);
    const ids = [eligible()[3].cluster_id, eligible()[150].cluster_id];
    const listed = await dispatcher(envFor({ ACK_DRIFT_CLUSTER_IDS: ids.join(',') }))(invokeEvent({}), context());
    expect(listed).toMatchObject({ clusters: 2, invoked: 2 });
  });

  it('gives each direct invocation its own run id, so a second manual run audits (and alerts) again', async () => {
    const one = eligible()[0].cluster_id;
    const first = await dispatcher(envFor({ ACK_DRIFT_CLUSTER_IDS: one }))(invokeEvent({}), fcContext(scenario, { requestId: '1-6745a1b2-dispatch1' }));
    const second = await dispatcher(envFor({ ACK_DRIFT_CLUSTER_IDS: one }))(invokeEvent({}), fcContext(scenario, { requestId: '1-6745a1b2-dispatch2' }));
    expect(first.runId).toBe(dispatchRunId({ kind: 'invoke', requestId: '1-6745a1b2-dispatch1' }));
    expect(second.runId).not.toBe(first.runId);
    expect(new Set(bodies(fc.fcInvocations).map((b) => b.runId)).size).toBe(2);
  });

  it('passes dryRun on to every audit', async () => {
    await dispatcher(envFor({ ACK_DRIFT_CLUSTER_IDS: eligible()[0].cluster_id }))(invokeEvent({ dryRun: true }), context());
    expect(bodies(fc.fcInvocations)).toEqual([expect.objectContaining({ clusterId: eligible()[0].cluster_id, dryRun: true })]);
  });
});

describe('failures', () => {
  it('records a region whose listing is denied, logs a warning, and still dispatches the others', async () => {
    const denied = await startFleetServer({ clusters: fleet, accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken, deniedRegions: ['cn-shanghai'] });
    try {
      const result = await dispatcher(envFor({ ACK_DRIFT_ENDPOINT_CS: denied.url }))(invokeEvent({}), context());
      expect(result.failed).toEqual([expect.objectContaining({ region: 'cn-shanghai', api: 'cs:DescribeClustersV1', code: 'Forbidden.RAM', httpStatus: 403 })]);
      expect(result.invoked).toBe(eligible().filter((c) => c.region_id === 'cn-hangzhou').length);
      expect(denied.requests.filter((r) => r.query.region_id === 'cn-shanghai')).toHaveLength(1);
      expect(logs[logs.length - 1].lines()).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: `dispatched ${result.invoked} of ${result.invoked} audits; 1 listings or invocations failed`, failed: result.failed }),
      );
    } finally {
      fc.fcInvocations.splice(0);
      await denied.close();
    }
  });

  it('fails the run, after logging why, when no region could be listed', async () => {
    const denied = await startFleetServer({ clusters: fleet, accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken, deniedRegions: REGIONS });
    try {
      const err = (await dispatcher(envFor({ ACK_DRIFT_ENDPOINT_CS: denied.url }))(invokeEvent({}), context()).catch((e: unknown) => e)) as Error;
      expect(err).toMatchObject({ name: 'RunFailedError', message: 'dispatch: no region could be listed (cn-hangzhou: Forbidden.RAM, cn-shanghai: Forbidden.RAM)' });
      expect(err.stack).not.toMatch(/\n\s+at /);
      expect(fc.fcInvocations).toHaveLength(0);
      const lines = logs[logs.length - 1].lines();
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', failed: [expect.objectContaining({ region: 'cn-hangzhou' }), expect.objectContaining({ region: 'cn-shanghai' })] }));
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'invocation failed', error: { type: 'RunFailedError', message: err.message } }));
    } finally {
      await denied.close();
    }
  });

  it('retries throttled and unavailable invocations, and reports a denied one after one try per client', async () => {
    const flaky = stsSeedScenario();
    flaky.faults = [
      { target: 'fc', match: { attempt: [2, 5] }, effect: { status: 503, code: 'ServiceUnavailable' } },
      { target: 'fc', match: { attempt: 3 }, effect: { status: 429, code: 'Throttling.User' } },
    ];
    const sim = await startCloudSimulator(flaky);
    const ids = eligible()
      .slice(0, 6)
      .map((c) => c.cluster_id);
    try {
      const result = await dispatcher(envFor({ ACK_DRIFT_ENDPOINT_FC: sim.url, ACK_DRIFT_CLUSTER_IDS: ids.join(',') }))(invokeEvent({}), context());
      expect(result).toMatchObject({ clusters: 6, invoked: 6, failed: [] });
      expect(sim.fcInvocations).toHaveLength(6);
      expect(sim.calls['fc:InvokeFunction']).toBe(9);
    } finally {
      await sim.close();
    }
    const locked = stsSeedScenario();
    locked.auditor = { ...locked.auditor, deniedActions: ['fc:InvokeFunction'] };
    const deny = await startCloudSimulator(locked);
    try {
      const result = await dispatcher(envFor({ ACK_DRIFT_ENDPOINT_FC: deny.url, ACK_DRIFT_CLUSTER_IDS: ids[0] }))(invokeEvent({}), context());
      expect(result.failed).toEqual([expect.objectContaining({ clusterId: ids[0], api: 'fc:InvokeFunction', code: 'AccessDenied', httpStatus: 403, requestId: expect.any(String) })]);
      // One refusal per client: fc2 cannot tell FC 3.0's 403 body apart from a refused signature, so the SDK tries once.
      expect(deny.calls['fc:InvokeFunction']).toBe(2);
    } finally {
      await deny.close();
    }
  });

  it('refuses HTTP events and a missing account id with one clear line', async () => {
    const http = (await dispatcher(envFor())(httpEvent({}, 'r1'), context()).catch((e: unknown) => e)) as Error;
    expect(http.message).toMatch(/^event: dispatch takes timer and direct invocations/);
    const env = envFor();
    delete env.FC_ACCOUNT_ID;
    const noAccount = (await dispatcher(env)(invokeEvent({}), { ...context(), accountId: undefined }).catch((e: unknown) => e)) as Error;
    expect(noAccount.message).toContain('FC_ACCOUNT_ID: required');
    expect(noAccount.stack).not.toMatch(/\n\s+at /);
    // Its own logger: without a context there is no request id for the line.
    const bare = createDispatchHandler({ env: envFor(), logger: captureLogs().logger, invoker: createFcInvoker });
    const noContext = (await bare(invokeEvent({}), undefined as unknown as FcContext).catch((e: unknown) => e)) as Error;
    expect(noContext).toMatchObject({ name: 'EventError', message: expect.stringMatching(/^context: expected the Function Compute context/) });
  });
});

describe('against the cloud simulator', () => {
  it('lists the scenario cluster with DescribeClustersV1 and invokes its audit', async () => {
    const sims = await startSimulators(stsSeedScenario());
    try {
      const env = envFor({ ACK_DRIFT_REGIONS: 'cn-hangzhou', ACK_DRIFT_ENDPOINT_CS: sims.cloud.url, ACK_DRIFT_ENDPOINT_FC: sims.cloud.url });
      const result = await dispatcher(env)(timerEvent(''), context());
      expect(result).toMatchObject({ clusters: 1, invoked: 1, failed: [] });
      expect(sims.cloud.calls['cs:DescribeClustersV1']).toBe(1);
      expect(bodies(sims.cloud.fcInvocations)).toEqual([expect.objectContaining({ clusterId: scenario.cluster.clusterId, region: 'cn-hangzhou' })]);
    } finally {
      await sims.close();
    }
  });
});

describe('logs', () => {
  it('carry the request id and no secret', () => {
    const lines = logs.flatMap((l) => l.lines());
    expect(lines.some((l) => l.msg === 'dispatch started')).toBe(true);
    for (const line of lines) expect(line.requestId).toEqual(expect.any(String));
    expect(leakedCanaries(logs.map((l) => l.text()).join('\n'))).toEqual([]);
  });
});
