/**
 * Fleet listing edge cases (paging the server clamps, shifting pages, lost pages, states not worth auditing), fc2
 * error normalisation, and the invoker, which never re-sends an invocation FC may already have queued.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiCallError } from '../../shared/collect/api-error';
import { defaultRetryPolicy } from '../../shared/collect/retry';
import { listClusters, matchesFilter, type FleetCluster } from '../../shared/fleet/clusters';
import { fromFcError, isClearRejection } from '../../shared/fleet/fc-error';
import { createFcInvoker } from '../../shared/fleet/fc-invoker';
import type { FaultRule } from '../../shared/scenario/schema';
import { startCloudSimulator } from '../../shared/sim/cloud/server';
import { CANARY, STS_KEY_ID, stsSeedScenario } from './support';

type Query = Record<string, unknown>;

/** A CS stand-in answering pages from `pages(query)`, recording each query. */
function source(pages: (q: Query) => { clusters: unknown[]; page_info: Record<string, unknown> }) {
  const queries: Query[] = [];
  return { queries, cs: { get: async (_path: string, q: Query = {}) => (queries.push(q), pages(q)) } };
}

const row = (i: number, type = 'ManagedKubernetes') => ({ cluster_id: `c${i}`, name: `n${i}`, region_id: 'cn-hangzhou', cluster_type: type, state: 'running', tags: [{ key: 'env', value: i % 2 ? 'prod' : 'dev' }] });
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
  const fc2Error = (code: string, status: number) => Object.assign(new Error(`POST /functions/audit/invocations failed with ${status}. requestid: req-7, message: went wrong.`), { name: `FC${code}Error`, code });

  it('reads status, code and request id out of fc2 messages; retries throttling and 5xx only', () => {
    expect(fromFcError('fc:InvokeFunction', fc2Error('Throttling.User', 400))).toMatchObject({ retryable: true, failure: { code: 'Throttling.User', httpStatus: 400, requestId: 'req-7', message: 'went wrong' } });
    expect(fromFcError('fc:InvokeFunction', fc2Error('ServiceUnavailable', 503)).retryable).toBe(true);
    expect(fromFcError('fc:InvokeFunction', fc2Error('FunctionNotFound', 404))).toMatchObject({ retryable: false, failure: { code: 'FunctionNotFound', httpStatus: 404 } });
  });

  it('reads a gateway\'s non-JSON 502 or 503 (fc2 leaves code undefined) as a retryable HTTP status', () => {
    // What fc2 throws for a text/html answer: no ErrorCode, so code undefined and the text "undefined".
    const gateway = (status: number) => Object.assign(new Error(`POST /functions/audit/invocations failed with ${status}. requestid: undefined, message: undefined.`), { name: 'FCundefinedError', code: undefined });
    expect(fromFcError('fc:InvokeFunction', gateway(502))).toMatchObject({ retryable: true, failure: { code: 'HTTP502', httpStatus: 502, requestId: undefined, message: 'HTTP 502 without a Function Compute error body' } });
    expect(fromFcError('fc:InvokeFunction', gateway(503))).toMatchObject({ retryable: true, failure: { code: 'HTTP503', httpStatus: 503 } });
    expect(fromFcError('fc:InvokeFunction', gateway(400)).retryable).toBe(false);
  });

  it('scrubs URLs, strings to sign and credentials out of FC messages', () => {
    const echo = Object.assign(
      new Error(`POST /functions/a/invocations failed with 403. requestid: req-8, message: signature mismatch at https://1.cn-hangzhou.fc.aliyuncs.com/x?SecurityToken=${CANARY.securityToken} x-fc-security-token: ${CANARY.securityToken} server string to sign is: POST\n${CANARY.securityToken}.`),
      { name: 'FCSignatureNotMatchError', code: 'SignatureNotMatch' },
    );
    const e = fromFcError('fc:InvokeFunction', echo);
    expect(e.failure).toMatchObject({ code: 'SignatureNotMatch', httpStatus: 403, requestId: 'req-8' });
    expect(e.failure.message).toBe('signature mismatch at <url> x-fc-security-token: <redacted>');
    expect(e.message).not.toContain(CANARY.securityToken);
  });

  it('calls a rejection clear only when FC answered it, or its status says it was not processed', () => {
    const clear = (err: unknown) => isClearRejection(fromFcError('fc:InvokeFunction', err));
    expect(clear(fc2Error('Throttling.User', 400))).toBe(true);
    expect(clear(fc2Error('ServiceUnavailable', 502))).toBe(true);
    const bare = (status: number) => Object.assign(new Error(`POST /x failed with ${status}. requestid: undefined, message: undefined.`), { code: undefined });
    expect([429, 502, 503, 504].map((s) => clear(bare(s)))).toEqual([true, false, true, false]);
    expect(clear(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
  });

  it('treats transport errors as the shared normaliser does', () => {
    expect(fromFcError('fc:InvokeFunction', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({ retryable: true, failure: { code: 'ECONNREFUSED' } });
  });
});

describe('createFcInvoker', () => {
  const credentials = { accessKeyId: STS_KEY_ID, accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken };
  const scenario = stsSeedScenario();
  const invoker = (endpoint: string, timeoutMs = 2000) =>
    createFcInvoker({ accountId: scenario.accountId, region: scenario.region, credentials, endpoint, timeoutMs, retry: { ...defaultRetryPolicy(Date.now() + 20_000), baseDelayMs: 5 } });

  /** One invocation against the simulator with `fault` on the first attempt: the error (if any) and the attempts made. */
  async function firstAttempt(effect: FaultRule['effect'], timeoutMs?: number): Promise<{ err?: ApiCallError; calls: number; queued: number }> {
    const sim = await startCloudSimulator({ ...scenario, faults: [{ target: 'fc', match: { attempt: 1 }, effect }] });
    try {
      const err = await invoker(sim.url, timeoutMs)
        .invokeAsync('ack-drift-audit', '{}')
        .then(() => undefined, (e: unknown) => e as ApiCallError);
      return { err, calls: sim.calls['fc:InvokeFunction'] ?? 0, queued: sim.fcInvocations.length };
    } finally {
      await sim.close();
    }
  }

  it('does not re-send after a reset, a timeout or a cut-off reply: FC may have queued the first', async () => {
    for (const [effect, timeoutMs] of [[{ reset: true }], [{ hang: true }, 300], [{ status: 500, code: 'InternalError', truncateAt: 5 }]] as [FaultRule['effect'], number?][]) {
      const { err, calls } = await firstAttempt(effect, timeoutMs);
      expect(err).toBeInstanceOf(ApiCallError);
      expect(err?.retryable).toBe(false);
      expect(err?.failure.message).toMatch(/not retried, as Function Compute may have queued the invocation$/);
      expect(calls).toBe(1);
    }
  });

  it('re-sends after FC\'s own throttling or 5xx answer', async () => {
    for (const effect of [{ status: 429, code: 'Throttling.User' }, { status: 500, code: 'InternalError' }]) {
      expect(await firstAttempt(effect)).toEqual({ err: undefined, calls: 2, queued: 1 });
    }
  });

  it('re-sends after a gateway\'s bare 503, not after its bare 502', async () => {
    let answered = 0;
    let status = 503;
    const gateway = createServer((req, res) => {
      answered++;
      req.resume();
      res.writeHead(answered === 1 ? status : 202, { 'content-type': 'text/html' }).end(answered === 1 ? '<html>busy</html>' : '');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    try {
      await expect(invoker(url).invokeAsync('ack-drift-audit', '{}')).resolves.toEqual({ requestId: undefined });
      expect(answered).toBe(2);
      answered = 0;
      status = 502;
      await expect(invoker(url).invokeAsync('ack-drift-audit', '{}')).rejects.toMatchObject({ retryable: false, failure: { code: 'HTTP502', httpStatus: 502 } });
      expect(answered).toBe(1);
    } finally {
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
    }
  });
});
