/** RPC authentication (VPC, ECS, RAM) as pop-core signs it: key, signature, clock, nonce, STS token, region. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { failure, rpcClient, seedScenario, send, type PopError } from './support';

const REGION = 'cn-hangzhou';
const VPC = 'vpc-bp1k3x9q7wz2d5m8n4r6t';

describe('RPC authentication', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = seedScenario();
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('accepts a correctly signed GET and a correctly signed POST form', async () => {
    const client = rpcClient(sim.url, scenario, 'vpc');
    const get = await client.request<{ TotalCount: number }>('DescribeVpcs', { RegionId: REGION });
    const post = await client.request<{ TotalCount: number }>('DescribeVpcs', { RegionId: REGION }, { method: 'POST' });
    expect(get.TotalCount).toBe(1);
    expect(post.TotalCount).toBe(1);
  });

  it('rejects a wrong secret with 400 SignatureDoesNotMatch and names the server string to sign', async () => {
    const err = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc', { accessKeySecret: 'not-the-secret' }).request('DescribeVpcs', { RegionId: REGION }));
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.entry.response.statusCode).toBe(400);
    expect(err.data.Message).toMatch(/^Specified signature is not matched with our calculation\. server string to sign is:GET&%2F&AccessKeyId%3D/);
  });

  it('rejects an unknown AccessKeyId with 404 InvalidAccessKeyId.NotFound', async () => {
    const err = await failure<PopError>(rpcClient(sim.url, scenario, 'ecs', { accessKeyId: 'LTAI-unknown' }).request('DescribeInstances', { RegionId: REGION }));
    expect(err.code).toBe('InvalidAccessKeyId.NotFound');
    expect(err.entry.response.statusCode).toBe(404);
  });

  it('rejects a timestamp more than 15 minutes away with 400 InvalidTimeStamp.Expired', async () => {
    const skewed = await startCloudSimulator(scenario, { now: () => new Date(Date.now() + 16 * 60_000) });
    try {
      const err = await failure<PopError>(rpcClient(skewed.url, scenario, 'vpc').request('DescribeVpcs', { RegionId: REGION }));
      expect(err.code).toBe('InvalidTimeStamp.Expired');
      expect(err.entry.response.statusCode).toBe(400);
      expect(skewed.calls['vpc:DescribeVpcs']).toBe(1);
    } finally {
      await skewed.close();
    }
  });

  it('rejects a replayed signed URL with 400 SignatureNonceUsed', async () => {
    const [, entry] = await rpcClient(sim.url, scenario, 'vpc', {}, true).request<[unknown, { url: string }]>('DescribeVpcAttribute', { RegionId: REGION, VpcId: VPC });
    const replay = await send(entry.url);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body)).toMatchObject({ Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' });
  });

  it('rejects a tampered parameter of a signed URL', async () => {
    const [, entry] = await rpcClient(sim.url, scenario, 'vpc', {}, true).request<[unknown, { url: string }]>('DescribeVpcs', { RegionId: REGION, PageSize: 10 });
    const tampered = await send(entry.url.replace('PageSize=10', 'PageSize=50'));
    expect(JSON.parse(tampered.body).Code).toBe('SignatureDoesNotMatch');
  });

  it('answers a missing RegionId, a foreign RegionId, an unknown action and an unknown version', async () => {
    const vpc = rpcClient(sim.url, scenario, 'vpc');
    const missing = await failure<PopError>(vpc.request('DescribeVpcs', {}));
    expect([missing.code, missing.entry.response.statusCode, missing.data.Message]).toEqual([
      'MissingParameter',
      400,
      'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    ]);
    const foreign = await failure<PopError>(vpc.request('DescribeVpcs', { RegionId: 'cn-beijing' }));
    expect([foreign.code, foreign.entry.response.statusCode]).toEqual(['InvalidRegionId.NotFound', 400]);
    const unknown = await failure<PopError>(vpc.request('DescribeNatGateways', { RegionId: REGION }));
    expect([unknown.code, unknown.entry.response.statusCode]).toEqual(['InvalidAction.NotFound', 404]);
    const version = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc').request('DescribeVpcs', { RegionId: REGION, Version: '2099-01-01' }));
    expect(version.code).toBe('InvalidVersion');
  });

  it('needs no RegionId for RAM, a global service', async () => {
    const role = await rpcClient(sim.url, scenario, 'ram').request<{ Role: { RoleName: string } }>('GetRole', { RoleName: 'KubernetesMasterRole-8e4b1c7d' });
    expect(role.Role.RoleName).toBe('KubernetesMasterRole-8e4b1c7d');
  });
});

describe('RPC authentication with STS credentials', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = seedScenario();
    scenario.auditor = { ...scenario.auditor, accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2Ueh', securityToken: 'CAIS-current-token' };
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('accepts the current token', async () => {
    const res = await rpcClient(sim.url, scenario, 'vpc').request<{ TotalCount: number }>('DescribeVpcs', { RegionId: REGION });
    expect(res.TotalCount).toBe(1);
  });

  it('rejects a different or a missing token with 400 InvalidSecurityToken.Expired', async () => {
    const wrong = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc', { securityToken: 'CAIS-old-token' }).request('DescribeVpcs', { RegionId: REGION }));
    expect([wrong.code, wrong.entry.response.statusCode, wrong.data.Message]).toEqual(['InvalidSecurityToken.Expired', 400, 'Specified SecurityToken is expired.']);
    const missing = await failure<PopError>(rpcClient(sim.url, scenario, 'vpc', { securityToken: undefined }).request('DescribeVpcs', { RegionId: REGION }));
    expect(missing.code).toBe('InvalidSecurityToken.Expired');
  });

  it('rejects a token sent with a permanent key with InvalidSecurityToken.MismatchWithAccessKey', async () => {
    const plain = seedScenario();
    const other = await startCloudSimulator(plain);
    try {
      const err = await failure<PopError>(rpcClient(other.url, plain, 'vpc', { securityToken: 'CAIS-unexpected' }).request('DescribeVpcs', { RegionId: REGION }));
      expect(err.code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    } finally {
      await other.close();
    }
  });
});
