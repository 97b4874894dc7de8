/** ECS actions through pop-core: instance nesting, JSON-array filters, both paging styles, RAM roles. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { failure, rpcClient, seedScenario, type PopError } from './support';
import type RPCClient = require('@alicloud/pop-core');
import { CallStats } from '../../../shared/collect/call-stats';
import { CloudReader } from '../../../shared/collect/cloud';
import { createCloudClients } from '../../../shared/collect/cloud-clients';
import { defaultRetryPolicy } from '../../../shared/util/retry';
import { simCredentials } from '../../../shared/sim/credentials';

const REGION = 'cn-hangzhou';
const MASTER = 'i-bp1a7mastr0q4k2x9e5c';
const WORKER = 'i-bp1c4wrkr1n8s3t6v0ya';
const EXTRA = 25;

interface InstancePage {
  NextToken?: string;
  PageNumber?: number;
  TotalCount: number;
  Instances: { Instance: { InstanceId: string; VpcAttributes: { VpcId: string; PrivateIpAddress: { IpAddress: string[] } } }[] };
}

describe('ECS', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  let ecs: RPCClient;

  beforeAll(async () => {
    scenario = seedScenario();
    for (let i = 0; i < EXTRA; i++) {
      scenario.cloud.instances.push({ InstanceId: `i-extra${i}`, VpcId: 'vpc-other', PrivateIpAddress: `10.0.0.${i + 1}`, Status: 'Running', ZoneId: 'cn-hangzhou-j' });
    }
    sim = await startCloudSimulator(scenario);
    ecs = rpcClient(sim.url, scenario, 'ecs');
  });
  afterAll(() => sim.close());

  it('DescribeInstances nests Instances.Instance[].VpcAttributes.PrivateIpAddress.IpAddress[] and filters by InstanceIds', async () => {
    const res = await ecs.request<InstancePage>('DescribeInstances', { RegionId: REGION, InstanceIds: JSON.stringify([MASTER, 'i-missing']) });
    expect(res.TotalCount).toBe(1);
    expect(res.Instances.Instance).toEqual([
      {
        InstanceId: MASTER,
        RegionId: REGION,
        ZoneId: 'cn-hangzhou-k',
        Status: 'Running',
        InstanceNetworkType: 'vpc',
        VpcAttributes: { VpcId: 'vpc-bp1k3x9q7wz2d5m8n4r6t', PrivateIpAddress: { IpAddress: ['192.168.10.21'] } },
      },
    ]);
  });

  it('pages by MaxResults/NextToken (values under 10 count as 10) and by legacy PageNumber/PageSize', async () => {
    const byToken: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page: InstancePage = await ecs.request('DescribeInstances', { RegionId: REGION, MaxResults: 1, ...(token ? { NextToken: token } : {}) });
      byToken.push(...page.Instances.Instance.map((i) => i.InstanceId));
      token = page.NextToken || undefined;
      pages += 1;
    } while (token);
    expect(pages).toBe(Math.ceil((EXTRA + 3) / 10));
    const legacy = await ecs.request<InstancePage>('DescribeInstances', { RegionId: REGION, PageNumber: 2, PageSize: 5 });
    expect(legacy).toMatchObject({ PageNumber: 2, TotalCount: EXTRA + 3 });
    expect(legacy.Instances.Instance.map((i) => i.InstanceId)).toEqual(byToken.slice(5, 10));
    const vpcOnly = await ecs.request<InstancePage>('DescribeInstances', { RegionId: REGION, VpcId: 'vpc-bp1k3x9q7wz2d5m8n4r6t' });
    expect(vpcOnly.TotalCount).toBe(3);
  });

  it('rejects malformed InstanceIds and more than 100 of them', async () => {
    const bad = await failure<PopError>(ecs.request('DescribeInstances', { RegionId: REGION, InstanceIds: 'i-1,i-2' }));
    expect([bad.code, bad.entry.response.statusCode]).toEqual(['InvalidInstanceIds.Malformed', 400]);
    const many = JSON.stringify(Array.from({ length: 101 }, (_, i) => `i-${i}`));
    expect((await failure<PopError>(ecs.request('DescribeInstances', { RegionId: REGION, InstanceIds: many }))).code).toBe('InvalidInstanceIds.Malformed');
  });

  it('DescribeInstanceRamRole lists InstanceRamRoleSets.InstanceRamRoleSet[]; an instance without a role has an empty RamRoleName', async () => {
    const res = await ecs.request<Record<string, unknown>>('DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: JSON.stringify([MASTER, WORKER, 'i-extra0', 'i-missing']) });
    expect(res).toEqual({
      RequestId: expect.any(String),
      RegionId: REGION,
      TotalCount: 3,
      InstanceRamRoleSets: {
        InstanceRamRoleSet: [
          { InstanceId: MASTER, RamRoleName: 'KubernetesMasterRole-8e4b1c7d' },
          { InstanceId: WORKER, RamRoleName: 'KubernetesWorkerRole-8e4b1c7d' },
          { InstanceId: 'i-extra0', RamRoleName: '' },
        ],
      },
    });
    const byRole = await ecs.request<{ TotalCount: number }>('DescribeInstanceRamRole', { RegionId: REGION, RamRoleName: 'KubernetesWorkerRole-8e4b1c7d' });
    expect(byRole.TotalCount).toBe(2);
  });

  it('the collector reads every role page by page, ending on the short page (TotalCount counts one page), role-less as null', async () => {
    const ids = [MASTER, 'i-extra0', WORKER, 'i-extra1', 'i-extra2'];
    for (const listPageSize of [1, 2, 50]) {
      const reader = new CloudReader(createCloudClients(simCredentials(scenario), { vpc: sim.url, ecs: sim.url, ram: sim.url, resourcemanager: sim.url, cs: sim.url }, 5000), new CallStats(), {
        region: REGION,
        retry: defaultRetryPolicy(Date.now() + 10_000),
        routeEntryPageSize: 100,
        instancePageSize: 100,
        listPageSize,
        kubeconfigMinutes: 15,
      });
      await expect(reader.instanceRoles(ids)).resolves.toEqual({
        [MASTER]: 'KubernetesMasterRole-8e4b1c7d',
        [WORKER]: 'KubernetesWorkerRole-8e4b1c7d',
        'i-extra0': null,
        'i-extra1': null,
        'i-extra2': null,
      });
    }
  });

  it('DescribeInstanceRamRole rejects bad JSON, more than 50 IDs and PageSize above 50', async () => {
    expect((await failure<PopError>(ecs.request('DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: '["i-1"' }))).code).toBe('InvalidInstanceIds.Malformed');
    const many = JSON.stringify(Array.from({ length: 51 }, (_, i) => `i-${i}`));
    expect((await failure<PopError>(ecs.request('DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: many }))).code).toBe('InvalidInstanceIds.Malformed');
    const size = await failure<PopError>(ecs.request('DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: JSON.stringify([MASTER]), PageSize: 51 }));
    expect(size.code).toBe('InvalidParameter');
  });
});
