/** The scenario's fault rules on the cloud simulator: error answers, attempts, pages, truncation, resets, hangs. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { TABLE, csClient, failure, fcClient, rpcClient, seedScenario, withBulkRoutes, type FcError, type PopError, type RoaError } from './support';

const REGION = 'cn-hangzhou';
const VPC = 'vpc-bp1k3x9q7wz2d5m8n4r6t';

interface RouteEntryPage {
  NextToken: string;
}

describe('fault rules', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = withBulkRoutes(seedScenario(), 20);
    scenario.faults = [
      { target: 'cloud', match: { action: 'DescribeVpcs', attempt: { from: 1, to: 2 } }, effect: { status: 503, code: 'ServiceUnavailable' } },
      { target: 'cloud', match: { action: 'DescribeRouteEntryList', page: 2 }, effect: { status: 500, code: 'InternalError', message: 'page two is broken' } },
      { target: 'cloud', match: { action: 'DescribeVSwitches' }, effect: { code: 'Throttling.User', retryAfter: 2 } },
      { target: 'cloud', match: { action: 'DescribeRouteTableList' }, effect: { truncateAt: 20 } },
      { target: 'cloud', match: { action: 'GetRole' }, effect: { reset: true } },
      { target: 'cloud', match: { action: 'DescribeInstances' }, effect: { hang: true } },
      { target: 'cloud', match: { action: 'DescribeVpcAttribute' }, effect: { delayMs: 150 } },
      { target: 'cloud', match: { action: 'DescribeClusterDetail', attempt: 1 }, effect: { status: 503, code: 'ServiceUnavailable' } },
      { target: 'fc', match: { action: 'InvokeFunction', attempt: 1 }, effect: { status: 429, code: 'ResourceThrottled', message: 'Reserve resource exhausted' } },
    ];
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('answers status+code in the RPC error format, counting attempts per rule', async () => {
    const vpc = rpcClient(sim.url, scenario, 'vpc');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const err = await failure<PopError>(vpc.request('DescribeVpcs', { RegionId: REGION }));
      expect([err.code, err.entry.response.statusCode, err.data.Message]).toEqual(['ServiceUnavailable', 503, 'The request has failed due to a temporary failure of the server.']);
      expect(err.data.HostId).toBe('vpc.aliyuncs.com');
    }
    await expect(vpc.request('DescribeVpcs', { RegionId: REGION })).resolves.toMatchObject({ TotalCount: 1 });
    expect(sim.faults.injected[0]).toBe(2);
    expect(sim.calls['vpc:DescribeVpcs']).toBe(3);
  });

  it('matches the page a NextToken leads to', async () => {
    const vpc = rpcClient(sim.url, scenario, 'vpc');
    const first = await vpc.request<RouteEntryPage>('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult: 10 });
    const err = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult: 10, NextToken: first.NextToken }));
    expect([err.code, err.data.Message]).toEqual(['InternalError', 'page two is broken']);
  });

  it('sets Retry-After on the answer', async () => {
    const err = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc').request('DescribeVSwitches', { RegionId: REGION }));
    expect([err.code, err.entry.response.statusCode, err.entry.response.headers['retry-after']]).toEqual(['Throttling.User', 400, '2']);
  });

  it('truncates the body and drops the connection, so that the client fails instead of reading a short list', async () => {
    const err = await failure<{ code?: string; message: string }>(rpcClient(sim.url, scenario, 'vpc').request('DescribeRouteTableList', { RegionId: REGION, VpcId: VPC }));
    expect([err.code, err.message]).toEqual(['ECONNRESET', 'aborted']);
  });

  it('resets the connection', async () => {
    const err = await failure<{ code?: string; message: string }>(rpcClient(sim.url, scenario, 'ram').request('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' }));
    expect(`${err.code} ${err.message}`).toMatch(/ECONNRESET|socket hang up/);
  });

  it('hangs until the client times out', async () => {
    const started = Date.now();
    const err = await failure<{ name: string }>(rpcClient(sim.url, scenario, 'ecs').request('DescribeInstances', { RegionId: REGION }, { timeout: 300 }));
    expect(err.name).toBe('RequestTimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('delays an answer', async () => {
    const started = Date.now();
    await rpcClient(sim.url, scenario, 'vpc').request('DescribeVpcAttribute', { RegionId: REGION, VpcId: VPC });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('answers CS faults as {Code, Message, RequestId}', async () => {
    const cs = csClient(sim.url, scenario);
    const err = await failure<RoaError>(cs.get('/clusters/c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10'));
    expect([err.code, err.statusCode]).toEqual(['ServiceUnavailable', 503]);
    await expect(cs.get('/clusters/c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10')).resolves.toMatchObject({ state: 'running' });
  });

  it('applies fc rules to FC paths in the FC error format', async () => {
    const fc = fcClient(sim.url, scenario);
    const err = await failure<FcError>(fc.invokeFunction('svc', 'fn', '{}', { 'X-Fc-Invocation-Type': 'Async' }));
    expect([err.code, err.message]).toEqual(['ResourceThrottled', expect.stringContaining('failed with 429')]);
    expect(sim.fcInvocations).toHaveLength(0);
    await fc.invokeFunction('svc', 'fn', '{}', { 'X-Fc-Invocation-Type': 'Async' });
    expect(sim.fcInvocations).toHaveLength(1);
    expect(sim.fcFaults.injected).toEqual([1]);
  });
});

describe('latency and shutdown', () => {
  it('adds latencyMs to every request', async () => {
    const scenario = seedScenario();
    scenario.generate = { latencyMs: { cloud: 120 } };
    const sim = await startCloudSimulator(scenario);
    try {
      const started = Date.now();
      await rpcClient(sim.url, scenario, 'ram').request('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    } finally {
      await sim.close();
    }
  });

  it('close() returns while a request hangs, and the client sees the connection end', async () => {
    const scenario = seedScenario();
    scenario.faults = [{ target: 'cloud', match: { action: 'DescribeVpcs' }, effect: { hang: true } }];
    const sim = await startCloudSimulator(scenario);
    const pending = failure<{ code?: string; message: string }>(rpcClient(sim.url, scenario, 'vpc').request('DescribeVpcs', { RegionId: REGION }, { timeout: 10_000 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sim.close();
    const err = await pending;
    expect(`${err.code} ${err.message}`).toMatch(/ECONNRESET|socket hang up/);
  });
});
