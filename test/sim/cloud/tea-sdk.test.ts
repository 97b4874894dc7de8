/**
 * The official Tea SDKs sign with ACS3-HMAC-SHA256 by default; the simulator (hence `ack-drift simulate`) accepts
 * them next to pop-core: one call per product, and a wrong secret refused in each style.
 */
import Cs, { type DescribeClusterDetailResponse } from '@alicloud/cs20151215';
import Ecs, { DescribeInstancesRequest } from '@alicloud/ecs20140526';
import Ram, { ListPoliciesForRoleRequest } from '@alicloud/ram20150501';
import Vpc, { DescribeRouteEntryListRequest } from '@alicloud/vpc20160428';
import type { Scenario } from '../../../shared/scenario/schema';
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import { simCredentials } from '../../../shared/sim/credentials';
import { seedScenario, TABLE } from './support';

type Config = ConstructorParameters<typeof Vpc>[0];

describe('the official Tea SDKs (ACS3-HMAC-SHA256) against the cloud simulator', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  const config = (secret?: string): Config => {
    const c = simCredentials(scenario);
    return {
      accessKeyId: c.accessKeyId,
      accessKeySecret: secret ?? c.accessKeySecret,
      securityToken: c.securityToken,
      regionId: scenario.region,
      endpoint: new URL(sim.url).host,
      protocol: 'http',
    } as Config;
  };
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string; statusCode?: number }) => `${e.statusCode} ${e.code}`,
    );

  beforeAll(async () => {
    scenario = seedScenario();
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it("VPC: DescribeRouteEntryList (RPC) returns the table's entries", async () => {
    const res = await new Vpc(config()).describeRouteEntryList(new DescribeRouteEntryListRequest({ regionId: scenario.region, routeTableId: TABLE, maxResult: 100 }));
    const expected = scenario.cloud.routeEntries.filter((e) => e.RouteTableId === TABLE).map((e) => e.RouteEntryId);
    expect(res.body?.routeEntrys?.routeEntry?.map((e) => e.routeEntryId).sort()).toEqual(expected.sort());
    expect(sim.calls['vpc:DescribeRouteEntryList']).toBe(1);
  });

  it('ECS: DescribeInstances (RPC, a JSON array parameter) returns the instances asked for', async () => {
    const ids = scenario.cloud.instances.slice(0, 2).map((i) => i.InstanceId);
    const res = await new Ecs(config()).describeInstances(new DescribeInstancesRequest({ regionId: scenario.region, instanceIds: JSON.stringify(ids), maxResults: 100 }));
    expect(res.body?.instances?.instance?.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
  });

  it("RAM: ListPoliciesForRole (RPC, no region) lists the role's policies", async () => {
    const role = scenario.cloud.ram.roles[0];
    const res = await new Ram(config()).listPoliciesForRole(new ListPoliciesForRoleRequest({ roleName: role.RoleName }));
    expect(res.body?.policies?.policy?.map((p) => p.policyName)).toEqual(role.AttachedPolicies.map((p) => p.PolicyName));
  });

  it('CS: DescribeClusterDetail (ROA) returns the cluster', async () => {
    const res: DescribeClusterDetailResponse = await new Cs(config()).describeClusterDetail(scenario.cluster.clusterId);
    expect(res.body?.clusterId).toBe(scenario.cluster.clusterId);
    expect(res.body?.vpcId).toBe(scenario.cluster.vpcId);
  });

  it("refuses a wrong secret in both styles with the gateway's SignatureDoesNotMatch", async () => {
    const rpc = new Vpc(config('wrong')).describeRouteEntryList(new DescribeRouteEntryListRequest({ regionId: scenario.region, routeTableId: TABLE }));
    expect(await codeOf(rpc)).toBe('400 SignatureDoesNotMatch');
    expect(await codeOf(new Cs(config('wrong')).describeClusterDetail(scenario.cluster.clusterId))).toBe('400 SignatureDoesNotMatch');
  });
});
