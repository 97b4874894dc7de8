/** The acceptance of the foundation: `ack-drift demo` finds the seed chain through the real clients. */
import { runCli } from '../support/cli';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';

function chainOf(report: Report): { code: string; resource: string }[] {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  return report.rootCauses[0].chain.map((id) => ({ code: byId.get(id)!.code, resource: byId.get(id)!.resource.name ?? byId.get(id)!.resource.id ?? '' }));
}

describe('ack-drift demo (seed incident on the simulators)', () => {
  let report: Report;
  let code: number;
  let stderr: string;

  beforeAll(async () => {
    const r = await runCli(['demo', '--format', 'json']);
    code = r.code;
    stderr = r.stderr;
    report = JSON.parse(r.stdout) as Report;
  });

  it('exits 1 with a schema-valid report', () => {
    expect(code).toBe(1);
    expect(reportProblems(report)).toEqual([]);
    expect(report.summary.status).toBe('degraded');
  });

  it('finds the chain namespace ← APIService ← missing route ← RAM deny', () => {
    expect(chainOf(report)).toEqual([
      { code: 'NAMESPACE_STUCK_TERMINATING', resource: 'tobedeletedb' },
      { code: 'APISERVICE_UNAVAILABLE', resource: 'v1beta1.metrics.k8s.io' },
      { code: 'ROUTE_MISSING', resource: 'cn-hangzhou.192.168.10.22' },
      { code: 'RAM_EXPLICIT_DENY', resource: 'KubernetesMasterRole-8e4b1c7d' },
    ]);
  });

  it('names the pod CIDR, the node that hosts metrics-server, and the Deny on vpc:*', () => {
    const route = report.findings.find((f) => f.code === 'ROUTE_MISSING')!;
    expect(route.evidence).toMatchObject({ podCIDR: '172.16.1.0/24', instanceId: 'i-bp1c4wrkr1n8s3t6v0ya', routeTableId: 'vtb-bp1q3w5e7r9t1y3u5i7o' });
    expect(route.remediation[0].command).toBe(
      'aliyun vpc CreateRouteEntry --RegionId cn-hangzhou --RouteTableId vtb-bp1q3w5e7r9t1y3u5i7o --DestinationCidrBlock 172.16.1.0/24 --NextHopType Instance --NextHopId i-bp1c4wrkr1n8s3t6v0ya',
    );
    const api = report.findings.find((f) => f.code === 'APISERVICE_UNAVAILABLE')!;
    expect(api.evidence.nodes).toEqual(['cn-hangzhou.192.168.10.22']);
    const deny = report.findings.find((f) => f.code === 'RAM_EXPLICIT_DENY')!;
    expect(deny.evidence.deniedBy).toEqual([
      expect.objectContaining({
        policy: 'k8sMasterRolePolicy-8e4b1c7d',
        version: 'v3',
        statementIndex: 2,
        statementName: 'statement 3 of policy k8sMasterRolePolicy-8e4b1c7d (v3)',
        statement: { Effect: 'Deny', Action: ['vpc:*'], Resource: ['*'] },
      }),
    ]);
    // As it should be: the whole corrected policy, without the Deny and never with Allow vpc:* on *.
    const shouldBe = JSON.stringify((deny.evidence.deniedBy as { shouldBe: unknown }[])[0].shouldBe);
    expect(shouldBe).not.toContain('"Deny"');
    expect(shouldBe).not.toMatch(/"Action":\["vpc:\*"\]/);
    expect(report.summary.headline).toMatch(/tobedeletedb.*metrics\.k8s\.io\/v1beta1.*172\.16\.1\.0\/24.*Deny/);
  });

  it('is complete: every check read all its inputs, and the CCM events corroborate the deny', () => {
    expect(report.coverage.filter((c) => c.status !== 'complete')).toEqual([]);
    expect(report.findings.filter((f) => f.status === 'unknown')).toEqual([]);
    const ccm = report.findings.find((f) => f.code === 'CCM_ROUTE_SYNC_FAILING')!;
    expect(ccm.causedBy).toEqual([report.findings.find((f) => f.code === 'RAM_EXPLICIT_DENY')!.id]);
  });

  it('blames nothing on the worker role, whose policy allows vpc:*', () => {
    expect(report.findings.filter((f) => f.resource.name?.startsWith('KubernetesWorkerRole'))).toEqual([]);
  });

  it('reports progress on stderr and calls the real APIs', () => {
    expect(stderr).toMatch(/ack-drift: kubernetes: 3 nodes/);
    expect(report.stats.apiCalls).toMatchObject({ 'vpc:DescribeRouteEntryList': 1, 'ram:GetPolicy': 1, 'cs:DescribeClusterDetail': 1, 'k8s:list nodes': 1 });
  });

  it('prints the chain and the fix as text', async () => {
    const r = await runCli(['demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Root cause 1: RAM role KubernetesMasterRole-8e4b1c7d/);
    expect(r.stdout).toMatch(/NAMESPACE_STUCK_TERMINATING namespace tobedeletedb[\s\S]*← APISERVICE_UNAVAILABLE[\s\S]*← ROUTE_MISSING[\s\S]*← RAM_EXPLICIT_DENY/);
    expect(r.stdout).toContain('"Effect":"Allow"');
    expect(r.stdout).toContain('CreateRouteEntry');
  });
});
