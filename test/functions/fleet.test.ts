/** Fleet listing edge cases (paging the server clamps, shifting pages, lost pages) and fc2 error normalisation. */
import { ApiCallError } from '../../shared/collect/api-error';
import { defaultRetryPolicy } from '../../shared/collect/retry';
import { listClusters, matchesFilter, type FleetCluster } from '../../shared/fleet/clusters';
import { fromFcError } from '../../shared/fleet/fc-error';

type Query = Record<string, unknown>;

/** A CS stand-in answering pages from `pages(query)`, recording each query. */
function source(pages: (q: Query) => { clusters: unknown[]; page_info: Record<string, number> }) {
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

  it('treats transport errors as the shared normaliser does', () => {
    expect(fromFcError('fc:InvokeFunction', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({ retryable: true, failure: { code: 'ECONNREFUSED' } });
  });
});
