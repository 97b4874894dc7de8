import { correlate } from '../../shared/correlate/graph';
import { makeFinding } from '../../shared/findings/make';
import type { Finding } from '../../shared/findings/types';

const ns = (gvs: string[], name = 'tobedeletedb') =>
  makeFinding({ code: 'NAMESPACE_STUCK_TERMINATING', resource: { kind: 'Namespace', name }, message: 'stuck namespace', evidence: { failingGroupVersions: gvs, remainingFinalizers: gvs.length ? [] : ['example.com/protect in 2 resource instances'] } });
const api = (reason: string, failureKind: string | null, nodes: string[]) =>
  makeFinding({ code: 'APISERVICE_UNAVAILABLE', resource: { kind: 'APIService', name: 'v1beta1.metrics.k8s.io' }, message: 'api down', evidence: { groupVersion: 'metrics.k8s.io/v1beta1', reason, failureKind, nodes } });
const route = (node: string) => makeFinding({ code: 'ROUTE_MISSING', resource: { kind: 'Node', name: node, id: 'i-2' }, message: 'route missing', evidence: { podCIDR: '172.16.1.0/24', routeTableId: 'vtb-1' } });
const deny = (usedByCcm: boolean, name = 'MasterRole') =>
  makeFinding({ code: 'RAM_EXPLICIT_DENY', resource: { kind: 'RamRole', name }, message: 'deny', evidence: { identityUsedByCcm: usedByCcm, deniedBy: [{ policy: 'p', version: 'v2', statementIndex: 2 }] } });

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
    const deleteOnly = makeFinding({ code: 'RAM_EXPLICIT_DENY', resource: { kind: 'RamRole', name: 'MasterRole' }, message: 'deny', evidence: { identityUsedByCcm: true, deniedActions: [{ action: 'vpc:DeleteRouteEntry' }] } });
    expect(correlate([route('n2'), deleteOnly]).findings.find((f) => f.code === 'ROUTE_MISSING')!.causedBy).toEqual([]);
    const createDenied = makeFinding({ code: 'RAM_EXPLICIT_DENY', resource: { kind: 'RamRole', name: 'MasterRole' }, message: 'deny', evidence: { identityUsedByCcm: true, deniedActions: [{ action: 'vpc:CreateRouteEntry' }] } });
    expect(correlate([route('n2'), createDenied]).findings.find((f) => f.code === 'ROUTE_MISSING')!.causedBy).toEqual([createDenied.id]);
  });

  it('never makes an allow that may hold (RAM_CONDITIONAL_ALLOW) a cause', () => {
    const conditional = makeFinding({ code: 'RAM_CONDITIONAL_ALLOW', resource: { kind: 'RamRole', name: 'MasterRole' }, message: 'maybe', evidence: { identityUsedByCcm: true, actions: [{ action: 'vpc:CreateRouteEntry' }] } });
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
});
