import { correlate } from '../../shared/correlate/graph';
import { makeFinding } from '../../shared/findings/make';
import type { Coverage, Finding } from '../../shared/findings/types';

// Evidence a real check fills; each case sets the keys the correlation joins on.
const NS = { stuckForSeconds: 3600, finalizers: ['kubernetes'], remainingResources: [], failing: [] };
const API = {
  conditionStatus: 'False',
  conditionMessage: null,
  probe: null,
  service: { namespace: 'kube-system', name: 'metrics-server', port: 443, exists: true, clusterIP: null },
  endpointsSource: null,
  endpoints: [],
};
const CREATE = { action: 'vpc:CreateRouteEntry', resource: 'acs:vpc:*:*:routetable/*' };
const ns = (gvs: string[], name = 'tobedeletedb') =>
  makeFinding({
    code: 'NAMESPACE_STUCK_TERMINATING',
    resource: { kind: 'Namespace', name },
    message: 'stuck namespace',
    evidence: { ...NS, failingGroupVersions: gvs, remainingFinalizers: gvs.length ? [] : ['example.com/protect in 2 resource instances'] },
  });
const api = (reason: string, failureKind: string | null, nodes: string[]) =>
  makeFinding({
    code: 'APISERVICE_UNAVAILABLE',
    resource: { kind: 'APIService', name: 'v1beta1.metrics.k8s.io' },
    message: 'api down',
    evidence: { ...API, groupVersion: 'metrics.k8s.io/v1beta1', reason, failureKind, nodes },
  });
const route = (node: string) =>
  makeFinding({
    code: 'ROUTE_MISSING',
    resource: { kind: 'Node', name: node, id: 'i-2' },
    message: 'route missing',
    evidence: { podCIDR: '172.16.1.0/24', routeTableId: 'vtb-1', instanceId: 'i-2', expectedNextHopType: 'Instance' },
  });
const deny = (usedByCcm: boolean, name = 'MasterRole') =>
  makeFinding({
    code: 'RAM_EXPLICIT_DENY',
    resource: { kind: 'RamRole', name },
    message: 'deny',
    evidence: { identityUsedByCcm: usedByCcm, deniedActions: [CREATE], deniedBy: [{ policy: 'p', version: 'v2', statementIndex: 2, statement: {}, shouldBe: null }] },
  });

function codesOf(chain: string[], findings: Finding[]): string[] {
  return chain.map((id) => findings.find((f) => f.id === id)!.code);
}

describe('correlate', () => {
  it('links the seed chain namespace ← APIService ← route ← RAM deny, and names the root', () => {
    const input = [ns(['metrics.k8s.io/v1beta1']), api('FailedDiscoveryCheck', 'timeout', ['n2']), route('n2'), deny(true)];
    const { findings, rootCauses } = correlate(input);
    expect(rootCauses).toHaveLength(1);
    expect(codesOf(rootCauses[0].chain, findings)).toEqual(['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY']);
    expect(rootCauses[0].explains).toHaveLength(3);
  });

  it('never blames a deny on a role the route controller does not use', () => {
    const { findings, rootCauses } = correlate([route('n2'), deny(false, 'WorkerRole')]);
    expect(findings.every((f) => f.causedBy.length === 0)).toBe(true);
    expect(rootCauses).toEqual([]);
  });

  it('does not link an APIService with no endpoints to the network, and says what was ruled out', () => {
    const { findings } = correlate([api('MissingEndpoints', null, []), route('n2')]);
    const a = findings.find((f) => f.code === 'APISERVICE_UNAVAILABLE')!;
    expect(a.causedBy).toEqual([]);
    expect(a.evidence.cause).toEqual({ identified: false, ruledOut: [expect.stringContaining('MissingEndpoints')] });
  });

  it('does not link a namespace stuck on finalizers to an unavailable APIService', () => {
    const { findings } = correlate([ns([]), api('FailedDiscoveryCheck', 'timeout', ['n2'])]);
    expect(findings.find((f) => f.code === 'NAMESPACE_STUCK_TERMINATING')!.causedBy).toEqual([]);
  });

  it('does not link an APIService to the route of a node that does not host its backend', () => {
    const { findings } = correlate([api('FailedDiscoveryCheck', 'timeout', ['n3']), route('n2')]);
    expect(findings.find((f) => f.code === 'APISERVICE_UNAVAILABLE')!.causedBy).toEqual([]);
  });

  it('does not link a TLS failure to a route', () => {
    const { findings } = correlate([api('FailedDiscoveryCheck', 'tls', ['n2']), route('n2')]);
    expect(findings.find((f) => f.code === 'APISERVICE_UNAVAILABLE')!.causedBy).toEqual([]);
  });

  it('links a route to a RAM denial only when the denied actions are ones the repair needs', () => {
    const deleteOnly = makeFinding({
      code: 'RAM_EXPLICIT_DENY',
      resource: { kind: 'RamRole', name: 'MasterRole' },
      message: 'deny',
      evidence: { identityUsedByCcm: true, deniedActions: [{ action: 'vpc:DeleteRouteEntry', resource: '*' }], deniedBy: [] },
    });
    expect(correlate([route('n2'), deleteOnly]).findings.find((f) => f.code === 'ROUTE_MISSING')!.causedBy).toEqual([]);
    const createDenied = makeFinding({
      code: 'RAM_EXPLICIT_DENY',
      resource: { kind: 'RamRole', name: 'MasterRole' },
      message: 'deny',
      evidence: { identityUsedByCcm: true, deniedActions: [CREATE], deniedBy: [] },
    });
    expect(correlate([route('n2'), createDenied]).findings.find((f) => f.code === 'ROUTE_MISSING')!.causedBy).toEqual([createDenied.id]);
  });

  it('never makes an allow that may hold (RAM_CONDITIONAL_ALLOW) a cause', () => {
    const conditional = makeFinding({ code: 'RAM_CONDITIONAL_ALLOW', resource: { kind: 'RamRole', name: 'MasterRole' }, message: 'maybe', evidence: { identityUsedByCcm: true, actions: [CREATE] } });
    expect(correlate([route('n2'), conditional]).rootCauses).toEqual([]);
  });

  it('says the network was not ruled out when the route check did not complete', () => {
    const { findings } = correlate([api('FailedDiscoveryCheck', 'timeout', ['n2'])], [{ check: 'routes', status: 'failed', reason: 'route entries could not be listed' }]);
    expect(findings[0].evidence.cause).toEqual({ identified: false, ruledOut: [expect.stringContaining('could not be verified')] });
    const clean = correlate([api('FailedDiscoveryCheck', 'timeout', ['n2'])], [{ check: 'routes', status: 'complete', reason: '3 nodes' }]);
    expect(clean.findings[0].evidence.cause).toEqual({ identified: false, ruledOut: [expect.stringContaining('no route drift was found')] });
  });

  it('gives the same graph whatever the input order', () => {
    const input = [ns(['metrics.k8s.io/v1beta1']), api('FailedDiscoveryCheck', 'timeout', ['n2']), route('n2'), deny(true)];
    const a = correlate(input);
    const b = correlate([...input].reverse());
    const sort = (fs: Finding[]) => [...fs].sort((x, y) => x.id.localeCompare(y.id));
    expect(sort(b.findings)).toEqual(sort(a.findings));
    expect(b.rootCauses).toEqual(a.rootCauses);
  });

  describe('an orphaned route: denied or missed', () => {
    const orphan = () =>
      makeFinding({
        code: 'ROUTE_ORPHANED',
        resource: { kind: 'RouteEntry', id: 'rte-old' },
        message: 'orphan.',
        evidence: { routeTableId: 'vtb-1', routeEntryId: 'rte-old', destination: '172.16.9.0/24', nextHopId: 'i-gone', clusterCidr: '172.16.0.0/16' },
      });
    const denied = (action: string, ccmVersion: string | null) =>
      makeFinding({
        code: 'RAM_IMPLICIT_DENY',
        resource: { kind: 'RamRole', name: 'MasterRole' },
        message: 'implicit deny',
        evidence: { identityUsedByCcm: true, ccmVersion, actions: [{ action, resource: 'acs:vpc:*:*:routetable/*' }] },
      } as Parameters<typeof makeFinding>[0]);
    const ramComplete: Coverage[] = [{ check: 'ram', status: 'complete', reason: 'judged' }];
    const verdict = (input: Finding[], coverage = ramComplete) => {
      const f = correlate(input, coverage).findings.find((x) => x.code === 'ROUTE_ORPHANED')!;
      return { causedBy: f.causedBy.length, deletion: (f.evidence as { deletion?: string }).deletion, message: f.message };
    };

    it('links only the delete the CCM version uses for deleted nodes (DeleteRouteEntries from v2.11.2)', () => {
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntries', 'v2.12.4')])).toMatchObject({ causedBy: 1, deletion: 'denied' });
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntry', 'v2.12.4')])).toMatchObject({ causedBy: 0, deletion: 'missed' });
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntry', 'v2.10.0')])).toMatchObject({ causedBy: 1, deletion: 'denied' });
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntries', 'v2.10.0')])).toMatchObject({ causedBy: 0, deletion: 'missed' });
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntry', 'v1.9.3.339-g9830b58-aliyun')])).toMatchObject({ causedBy: 1, deletion: 'denied' });
      // Unknown version: either delete may be the one.
      expect(verdict([orphan(), denied('vpc:DeleteRouteEntry', null)])).toMatchObject({ causedBy: 1, deletion: 'denied' });
    });

    it('says missed only when RAM was judged whole, and unknown otherwise', () => {
      expect(verdict([orphan()]).message).toMatch(/missed it/);
      const partial = verdict([orphan()], [{ check: 'ram', status: 'partial', reason: 'identity from the add-on token' }]);
      expect(partial).toMatchObject({ deletion: 'unknown' });
      expect(partial.message).toMatch(/unknown: .*identity from the add-on token/);
    });
  });
});
