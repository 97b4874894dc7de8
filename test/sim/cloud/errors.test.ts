/** Error answers as pop-core, ROAClient and fc2 surface them: RAM denials, throttling, the RPC error body. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { TABLE, csClient, failure, fcClient, rpcClient, seedScenario, type FcError, type PopError, type RoaError } from './support';

const REGION = 'cn-hangzhou';
const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';
const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const FORBIDDEN = "User not authorized to operate on the specified resource, or this API doesn't support RAM.";

describe('RAM denials of the auditor', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = seedScenario();
    scenario.auditor = { ...scenario.auditor, deniedActions: ['ram:GetPolicy', 'vpc:DescribeRouteEntryList', 'cs:DescribeClusterDetail', 'ecs:Describe*', 'fc:InvokeFunction'] };
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('answers RPC with 403 Forbidden.RAM, the standard error body and an AccessDeniedDetail', async () => {
    const err = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc').request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE }));
    expect(err.code).toBe('Forbidden.RAM');
    expect(err.name).toBe('Forbidden.RAMError');
    expect(err.entry.response.statusCode).toBe(403);
    expect(err.message).toMatch(new RegExp(`^${FORBIDDEN.replace(/[.,']/g, '\\$&')}, URL: http://127\\.0\\.0\\.1:\\d+/\\?AccessKeyId=`));
    expect(err.data).toEqual({
      RequestId: expect.stringMatching(REQUEST_ID),
      HostId: 'vpc.aliyuncs.com',
      Code: 'Forbidden.RAM',
      Message: FORBIDDEN,
      Recommend: expect.stringMatching(/^https:\/\/api\.aliyun\.com\/troubleshoot\?q=Forbidden\.RAM&product=Vpc&requestId=/),
      AccessDeniedDetail: {
        AuthAction: 'vpc:DescribeRouteEntryList',
        AuthPrincipalDisplayName: 'ack-drift-auditor',
        AuthPrincipalOwnerId: scenario.accountId,
        AuthPrincipalType: 'SubUser',
        EncodedDiagnosticMessage: expect.any(String),
        NoPermissionType: 'ImplicitDeny',
        PolicyType: 'AccountLevelIdentityBasedPolicy',
      },
    });
    expect(sim.calls['vpc:DescribeRouteEntryList']).toBe(1);
  });

  it('matches wildcard patterns and leaves other actions allowed', async () => {
    const ram = rpcClient(sim.url, scenario, 'ram');
    expect((await failure<PopError>(ram.request('GetPolicy', { PolicyName: 'x', PolicyType: 'Custom' }))).code).toBe('Forbidden.RAM');
    const ecs = await failure<PopError>(rpcClient(sim.url, scenario, 'ecs').request('DescribeInstanceRamRole', { RegionId: REGION, RamRoleName: 'KubernetesWorkerRole-8e4b1c7d' }));
    expect((ecs.data.AccessDeniedDetail as Record<string, unknown>).AuthAction).toBe('ecs:DescribeInstanceRamRole');
    expect(ecs.data.HostId).toBe('ecs.cn-hangzhou.aliyuncs.com');
    const role = await ram.request<Record<string, unknown>>('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' });
    expect(role.RequestId).toMatch(REQUEST_ID);
    expect(role.Code).toBeUndefined();
  });

  it('answers CS with 403 Forbidden.RAM as {Code, Message, RequestId, AccessDeniedDetail}', async () => {
    const err = await failure<RoaError>(csClient(sim.url, scenario).get(`/clusters/${CLUSTER}`));
    expect([err.code, err.statusCode]).toEqual(['Forbidden.RAM', 403]);
    expect(err.result).toMatchObject({ Code: 'Forbidden.RAM', Message: FORBIDDEN, AccessDeniedDetail: { AuthAction: 'cs:DescribeClusterDetail' } });
  });

  it("answers FC with FC's own 403 AccessDenied", async () => {
    const err = await failure<FcError>(fcClient(sim.url, scenario).invokeFunction('svc', 'fn', '{}', { 'X-Fc-Invocation-Type': 'Async' }));
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toContain("'fc:InvokeFunction'");
    expect(sim.fcInvocations).toHaveLength(0);
  });
});

describe('QPS budgets', () => {
  it('answers Throttling.User (HTTP 400) past the per-API budget, per API, and refills after a second', async () => {
    const scenario = seedScenario();
    let now = Date.now();
    const sim = await startCloudSimulator(scenario, { qps: { 'vpc:DescribeVpcs': 2 }, now: () => new Date(now) });
    try {
      const vpc = rpcClient(sim.url, scenario, 'vpc');
      await vpc.request('DescribeVpcs', { RegionId: REGION });
      await vpc.request('DescribeVpcs', { RegionId: REGION });
      const err = await failure<PopError>(vpc.request('DescribeVpcs', { RegionId: REGION }));
      expect([err.code, err.entry.response.statusCode, err.data.Message]).toEqual(['Throttling.User', 400, 'Request was denied due to user flow control.']);
      await vpc.request('DescribeVpcAttribute', { RegionId: REGION, VpcId: 'vpc-bp1k3x9q7wz2d5m8n4r6t' });
      now += 1000;
      await vpc.request('DescribeVpcs', { RegionId: REGION });
      expect(sim.calls['vpc:DescribeVpcs']).toBe(4);
    } finally {
      await sim.close();
    }
  });

  it('takes its budgets from the scenario when no option is given', async () => {
    const scenario = seedScenario();
    scenario.generate = { qps: { 'ram:GetRole': 1 } };
    const sim = await startCloudSimulator(scenario);
    try {
      const ram = rpcClient(sim.url, scenario, 'ram');
      await ram.request('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' });
      expect((await failure<PopError>(ram.request('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' }))).code).toBe('Throttling.User');
    } finally {
      await sim.close();
    }
  });
});
