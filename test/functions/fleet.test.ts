/**
 * Fleet listing edge cases (paging the server clamps, shifting pages, lost pages, states not worth auditing), fc2
 * error normalisation, and the invoker: fc2 first, the FC 3.0 SDK when FC refuses fc2's signature, and exactly one
 * queued audit per task id whatever was re-sent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiCallError } from '../../shared/collect/api-error';
import { defaultRetryPolicy } from '../../shared/util/retry';
import { listClusters, matchesFilter, type FleetCluster } from '../../shared/fleet/clusters';
import { fromFcError } from '../../shared/fleet/fc-error';
import { createFcInvoker } from '../../shared/fleet/fc-invoker';
import type { FaultRule, Scenario } from '../../shared/scenario/schema';
import { startCloudSimulator, type CloudSimulator, type FcInvocation } from '../../shared/sim/cloud/server';
import { CANARY, STS_KEY_ID, stsSeedScenario } from './support';

type Query = Record<string, unknown>;

/** A CS stand-in answering pages from `pages(query)`, recording each query. */
function source(pages: (q: Query) => { clusters: unknown[]; page_info: Record<string, unknown> }) {
  const queries: Query[] = [];
  return { queries, cs: { get: async (_path: string, q: Query = {}) => (queries.push(q), pages(q)) } };
}

const row = (i: number, type = 'ManagedKubernetes') => ({
  cluster_id: `c${i}`,
  name: `n${i}`,
  region_id: 'cn-hangzhou',
  cluster_type: type,
  state: 'running',
  tags: [{ key: 'env', value: i % 2 ? 'prod' : 'dev' }],
});
const all = Array.from({ length: 7 }, (_, i) => row(i));
const retry = defaultRetryPolicy(Date.now() + 10_000);
const types = ['Kubernetes', 'ManagedKubernetes'];

describe('listClusters', () => {
  it('follows the page windows of the page size the server actually used', async () => {
    // Asked for 100, the server serves 3 a page.
    const { cs, queries } = source((q) => {
      const n = Number(q.page_number);
      return { clusters: all.slice((n - 1) * 3, n * 3), page_info: { page_number: n, page_size: 3, total_count: all.length } };
    });
    const got = await listClusters(cs, 'cn-hangzhou', { types }, retry);
    expect(got.map((c) => c.clusterId)).toEqual(all.map((c) => c.cluster_id));
    expect(queries).toEqual([1, 2, 3].map((n) => ({ region_id: 'cn-hangzhou', page_number: n, page_size: 100 })));
  });

  it('caps page_size at 100 and lists each cluster once when a creation shifts the pages', async () => {
    const { cs, queries } = source((q) => {
      const n = Number(q.page_number);
      // Page 2 is read after a cluster was inserted at the front: c1 appears again.
      const rows = n === 1 ? all.slice(0, 2) : [row(99), ...all].slice(2, 4);
      return { clusters: rows, page_info: { page_number: n, page_size: 2, total_count: n === 1 ? 4 : 5 } };
    });
    const got = await listClusters(cs, 'cn-hangzhou', { types: ['ManagedKubernetes'] }, retry, 500);
    expect(queries[0]).toMatchObject({ page_size: 100, cluster_type: 'ManagedKubernetes' });
    expect(got.map((c) => c.clusterId)).toEqual(['c0', 'c1', 'c2']);
  });

  it('fails rather than stop after page 1 when total_count is missing or not a number', async () => {
    for (const page_info of [{ page_number: 1, page_size: 2 }, { page_number: 1, page_size: 2, total_count: '7' }, {}]) {
      const { cs, queries } = source(() => ({ clusters: all.slice(0, 2), page_info }));
      const err = (await listClusters(cs, 'cn-hangzhou', { types }, retry).catch((e: unknown) => e)) as ApiCallError;
      expect(err.failure).toMatchObject({ api: 'cs:DescribeClustersV1', code: 'IncompletePaging' });
      expect(queries).toHaveLength(1);
    }
  });

  it('lists only clusters being served: running, updating, upgrading or scaling', async () => {
    const states = ['running', 'updating', 'upgrading', 'scaling', 'initial', 'failed', 'deleting', 'deleted', 'removing', 'draining'];
    const rows = states.map((state, i) => ({ ...row(i), state }));
    const { cs } = source(() => ({ clusters: rows, page_info: { page_number: 1, page_size: 100, total_count: rows.length } }));
    expect((await listClusters(cs, 'cn-hangzhou', { types }, retry)).map((c) => c.state)).toEqual(['running', 'updating', 'upgrading', 'scaling']);
  });

  it('fails rather than return a partial fleet when a page comes back empty early', async () => {
    const { cs } = source((q) => ({ clusters: Number(q.page_number) === 1 ? all.slice(0, 2) : [], page_info: { page_number: Number(q.page_number), page_size: 2, total_count: 7 } }));
    const err = (await listClusters(cs, 'cn-hangzhou', { types }, retry).catch((e: unknown) => e)) as ApiCallError;
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err.failure).toMatchObject({ api: 'cs:DescribeClustersV1', code: 'IncompletePaging' });
  });
});

describe('matchesFilter', () => {
  const c: FleetCluster = { clusterId: 'c1', name: 'n', region: 'r', clusterType: 'Kubernetes', state: 'running', tags: [{ key: 'team', value: 'a=b' }] };
  it('applies type, id and tag', () => {
    expect(matchesFilter(c, { types })).toBe(true);
    expect(matchesFilter(c, { types: ['Ask'] })).toBe(false);
    expect(matchesFilter(c, { types, clusterIds: ['c2'] })).toBe(false);
    expect(matchesFilter(c, { types, tag: { key: 'team', value: 'a=b' } })).toBe(true);
    expect(matchesFilter(c, { types, tag: { key: 'team', value: 'a' } })).toBe(false);
  });
});

describe('fromFcError', () => {
  const fc2Error = (code: string, status: number) =>
    Object.assign(new Error(`POST /functions/audit/invocations failed with ${status}. requestid: req-7, message: went wrong.`), { name: `FC${code}Error`, code });

  it('reads status, code and request id out of fc2 messages; retries throttling and 5xx only', () => {
    expect(fromFcError('fc:InvokeFunction', fc2Error('Throttling.User', 400))).toMatchObject({
      retryable: true,
      failure: { code: 'Throttling.User', httpStatus: 400, requestId: 'req-7', message: 'went wrong' },
    });
    expect(fromFcError('fc:InvokeFunction', fc2Error('ServiceUnavailable', 503)).retryable).toBe(true);
    expect(fromFcError('fc:InvokeFunction', fc2Error('FunctionNotFound', 404))).toMatchObject({ retryable: false, failure: { code: 'FunctionNotFound', httpStatus: 404 } });
  });

  it("reads a gateway's non-JSON 502 or 503 (fc2 leaves code undefined) as a retryable HTTP status", () => {
    // What fc2 throws for a text/html answer: no ErrorCode, so code undefined and the text "undefined".
    const gateway = (status: number) =>
      Object.assign(new Error(`POST /functions/audit/invocations failed with ${status}. requestid: undefined, message: undefined.`), { name: 'FCundefinedError', code: undefined });
    expect(fromFcError('fc:InvokeFunction', gateway(502))).toMatchObject({
      retryable: true,
      failure: { code: 'HTTP502', httpStatus: 502, requestId: undefined, message: 'HTTP 502 without a Function Compute error body' },
    });
    expect(fromFcError('fc:InvokeFunction', gateway(503))).toMatchObject({ retryable: true, failure: { code: 'HTTP503', httpStatus: 503 } });
    expect(fromFcError('fc:InvokeFunction', gateway(400)).retryable).toBe(false);
  });

  it('scrubs URLs, strings to sign and credentials out of FC messages', () => {
    const echo = Object.assign(
      new Error(
        `POST /functions/a/invocations failed with 403. requestid: req-8, message: signature mismatch at ` +
          `https://1.cn-hangzhou.fc.aliyuncs.com/x?SecurityToken=${CANARY.securityToken} x-fc-security-token: ${CANARY.securityToken} server string to sign is: POST\n${CANARY.securityToken}.`,
      ),
      { name: 'FCSignatureNotMatchError', code: 'SignatureNotMatch' },
    );
    const e = fromFcError('fc:InvokeFunction', echo);
    expect(e.failure).toMatchObject({ code: 'SignatureNotMatch', httpStatus: 403, requestId: 'req-8' });
    expect(e.failure.message).toBe('signature mismatch at <url> x-fc-security-token: <redacted>');
    expect(e.message).not.toContain(CANARY.securityToken);
  });

  it('treats transport errors as the shared normaliser does', () => {
    expect(fromFcError('fc:InvokeFunction', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({
      retryable: true,
      failure: { code: 'ECONNREFUSED' },
    });
  });
});

describe('createFcInvoker', () => {
  const credentials = { accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken };
  const scenario = stsSeedScenario();
  const invoker = (endpoint: string, timeoutMs = 2000) =>
    createFcInvoker({ accountId: scenario.accountId, region: scenario.region, credentials, endpoint, timeoutMs, retry: { ...defaultRetryPolicy(Date.now() + 20_000), baseDelayMs: 5 } });
  const withFc = (fc2Signature: 'accept' | 'refuse', faults: FaultRule[] = []): Scenario => ({
    ...scenario,
    cloud: { ...scenario.cloud, functionCompute: { fc2Signature } },
    faults,
  });

  async function withSimulator<T>(s: Scenario, run: (sim: CloudSimulator) => Promise<T>): Promise<T> {
    const sim = await startCloudSimulator(s);
    try {
      return await run(sim);
    } finally {
      await sim.close();
    }
  }

  const scheme = (i: FcInvocation) => i.headers.authorization.split(' ', 1)[0];

  it.each(['accept', 'refuse'] as const)('queues through fc2 first, and through the FC 3.0 SDK only when FC refuses fc2 (%s)', async (mode) => {
    await withSimulator(withFc(mode), async (sim) => {
      const inv = invoker(sim.url);
      const first = await inv.invokeAsync('ack-drift-audit', '{"clusterId":"c1"}', 'ackdrift_task1');
      const second = await inv.invokeAsync('ack-drift-audit', '{"clusterId":"c2"}', 'ackdrift_task2');
      const via = mode === 'accept' ? 'fc2' : 'fc20230330';
      expect([first.via, second.via]).toEqual([via, via]);
      expect(first).toMatchObject({ alreadyQueued: false, requestId: expect.any(String) });
      expect(sim.fcInvocations.map(scheme)).toEqual(mode === 'accept' ? ['FC', 'FC'] : ['ACS3-HMAC-SHA256', 'ACS3-HMAC-SHA256']);
      expect(sim.fcInvocations.map((i) => [i.path, i.invocationType, i.headers['x-fc-async-task-id'], i.body])).toEqual([
        ['/2023-03-30/functions/ack-drift-audit/invocations', 'Async', 'ackdrift_task1', '{"clusterId":"c1"}'],
        ['/2023-03-30/functions/ack-drift-audit/invocations', 'Async', 'ackdrift_task2', '{"clusterId":"c2"}'],
      ]);
      // The refused fc2 attempt is tried once; the working client is remembered for the second call.
      expect(sim.calls['fc:InvokeFunction']).toBe(mode === 'accept' ? 2 : 3);
      expect(sim.fcInvocations[0].headers['x-acs-security-token'] ?? sim.fcInvocations[0].headers['x-fc-security-token']).toBe(CANARY.securityToken);
    });
  });

  it('reads a duplicate task id (409) as already queued, through either client', async () => {
    for (const mode of ['accept', 'refuse'] as const) {
      await withSimulator(withFc(mode), async (sim) => {
        const inv = invoker(sim.url);
        await inv.invokeAsync('ack-drift-audit', '{}', 'ackdrift_same');
        await expect(inv.invokeAsync('ack-drift-audit', '{}', 'ackdrift_same')).resolves.toMatchObject({ alreadyQueued: true });
        expect(sim.fcInvocations).toHaveLength(1);
      });
    }
  });

  it('re-sends after a reset, a timeout or a cut-off reply, and FC queues the audit once', async () => {
    const cases: [FaultRule['effect'], number?][] = [[{ reset: true }], [{ delayMs: 600 }, 200], [{ status: 500, code: 'InternalError', truncateAt: 5 }]];
    for (const [effect, timeoutMs] of cases) {
      await withSimulator(withFc('accept', [{ target: 'fc', match: { attempt: 1 }, effect }]), async (sim) => {
        await expect(invoker(sim.url, timeoutMs).invokeAsync('ack-drift-audit', '{}', 'ackdrift_retry')).resolves.toMatchObject({ via: 'fc2' });
        // The delayed first attempt reaches FC after the re-send: refused as a duplicate, so one audit is queued.
        await new Promise((r) => setTimeout(r, effect.delayMs ?? 0));
        expect(sim.fcInvocations).toHaveLength(1);
        expect(sim.calls['fc:InvokeFunction']).toBe(2);
      });
    }
  });

  it("re-sends after FC's own throttling or 5xx answer", async () => {
    for (const effect of [
      { status: 429, code: 'Throttling.User' },
      { status: 500, code: 'InternalError' },
    ]) {
      await withSimulator(withFc('accept', [{ target: 'fc', match: { attempt: 1 }, effect }]), async (sim) => {
        await invoker(sim.url).invokeAsync('ack-drift-audit', '{}', 'ackdrift_t');
        expect([sim.calls['fc:InvokeFunction'], sim.fcInvocations.length]).toEqual([2, 1]);
      });
    }
  });

  it('reports a real permission denial once per client, never as queued', async () => {
    const denied: Scenario = { ...withFc('accept'), auditor: { ...scenario.auditor, deniedActions: ['fc:InvokeFunction'] } };
    await withSimulator(denied, async (sim) => {
      await expect(invoker(sim.url).invokeAsync('ack-drift-audit', '{}', 'ackdrift_d')).rejects.toMatchObject({ failure: { code: 'AccessDenied', httpStatus: 403 } });
      // fc2 cannot tell a refused signature from a denial (FC 3.0's error body is not fc2's), so the SDK is tried once.
      expect(sim.calls['fc:InvokeFunction']).toBe(2);
      expect(sim.fcInvocations).toHaveLength(0);
    });
  });

  it("re-sends after a gateway's bare 502 or 503 (the task id makes it safe)", async () => {
    let answered = 0;
    const gateway = createServer((req, res) => {
      answered++;
      req.resume();
      res.writeHead(answered === 1 ? 502 : 202, { 'content-type': 'text/html' }).end(answered === 1 ? '<html>bad gateway</html>' : '');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    try {
      await expect(invoker(url).invokeAsync('ack-drift-audit', '{}', 'ackdrift_g')).resolves.toEqual({ requestId: undefined, via: 'fc2', alreadyQueued: false });
      expect(answered).toBe(2);
    } finally {
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
    }
  });
});
