/**
 * Every action the cloud simulator serves, called through the official Tea SDK client and decoded by the SDK's own
 * response model class: nothing is lost in decoding (the model's `toMap()` equals the body on the wire, which a
 * recording proxy keeps byte for byte), and errors decode as the SDK's own error classes with their code, message,
 * request id and status. fidelity.test.ts checks the key names; this checks what the SDK actually keeps.
 */
import { Readable } from 'node:stream';
import Cs, * as cs from '@alicloud/cs20151215';
import Ecs, * as ecs from '@alicloud/ecs20140526';
import Fc3, * as fc3 from '@alicloud/fc20230330';
import { ClientError } from '@alicloud/openapi-core/dist/exceptions/ClientError';
import { ServerError } from '@alicloud/openapi-core/dist/exceptions/ServerError';
import { ThrottlingError } from '@alicloud/openapi-core/dist/exceptions/ThrottlingError';
import Ram, * as ram from '@alicloud/ram20150501';
import Vpc, * as vpc from '@alicloud/vpc20160428';
import type { Scenario } from '../../../shared/scenario/schema';
import { csRoute } from '../../../shared/sim/cloud/cs';
import { ecsProduct } from '../../../shared/sim/cloud/ecs';
import { ramProduct } from '../../../shared/sim/cloud/ram';
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import { vpcProduct } from '../../../shared/sim/cloud/vpc';
import { simCredentials } from '../../../shared/sim/credentials';
import { type Recorded, seedScenario, startRecorder, TABLE } from './support';

type Config = ConstructorParameters<typeof Vpc>[0];
type Json = Record<string, unknown>;
interface TeaModel {
  toMap(): Json;
}
interface TeaModelClass {
  new (map?: Json): TeaModel;
  names(): Record<string, string>;
}
type SdkModule = Record<string, unknown>;

const REGION = 'cn-hangzhou';
const VPC = 'vpc-bp1k3x9q7wz2d5m8n4r6t';
const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';
const ROLE = 'KubernetesMasterRole-8e4b1c7d';
const POLICY = { PolicyName: 'k8sMasterRolePolicy-8e4b1c7d', PolicyType: 'Custom' };
const MASTER = 'i-bp1a7mastr0q4k2x9e5c';
const DOC = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:Describe*', Resource: '*' }] });

const RPC = { vpc: { sdk: vpc, Client: Vpc }, ecs: { sdk: ecs, Client: Ecs }, ram: { sdk: ram, Client: Ram } } as const;
type RpcProductName = keyof typeof RPC;

/** Every RPC action the simulator serves, in an order the writes need (create, then set default, then delete). */
const RPC_CASES: Array<[RpcProductName, string, Json]> = [
  ['vpc', 'DescribeVpcs', { RegionId: REGION }],
  ['vpc', 'DescribeVpcAttribute', { RegionId: REGION, VpcId: VPC }],
  ['vpc', 'DescribeRouteTableList', { RegionId: REGION, VpcId: VPC }],
  ['vpc', 'DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult: 2 }],
  ['vpc', 'DescribeVSwitches', { RegionId: REGION, VpcId: VPC }],
  ['vpc', 'CreateRouteEntry', { RegionId: REGION, RouteTableId: TABLE, DestinationCidrBlock: '172.31.250.0/24', NextHopType: 'Instance', NextHopId: MASTER }],
  ['vpc', 'DeleteRouteEntry', { RegionId: REGION, RouteTableId: TABLE, DestinationCidrBlock: '172.31.250.0/24', NextHopId: MASTER }],
  ['ecs', 'DescribeInstances', { RegionId: REGION, MaxResults: 2 }],
  ['ecs', 'DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: JSON.stringify([MASTER]) }],
  ['ram', 'GetRole', { RoleName: ROLE }],
  ['ram', 'ListPoliciesForRole', { RoleName: ROLE }],
  ['ram', 'GetPolicy', POLICY],
  ['ram', 'GetPolicyVersion', { ...POLICY, VersionId: 'v2' }],
  ['ram', 'ListPolicyVersions', POLICY],
  ['ram', 'GetUser', { UserName: 'auditor' }],
  ['ram', 'ListPoliciesForUser', { UserName: 'auditor' }],
  ['ram', 'CreatePolicyVersion', { PolicyName: POLICY.PolicyName, PolicyDocument: DOC, SetAsDefault: false, RotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded' }],
  ['ram', 'SetDefaultPolicyVersion', { PolicyName: POLICY.PolicyName, VersionId: 'v2' }],
  ['ram', 'DeletePolicyVersion', { PolicyName: POLICY.PolicyName, VersionId: 'v3' }],
  ['ram', 'DetachPolicyFromRole', { ...POLICY, RoleName: ROLE }],
];

/** Request properties from wire names, through the model's own `names()` map. */
function fromWire(model: TeaModelClass, wire: Json): Json {
  const byWire = new Map(Object.entries(model.names()).map(([prop, name]) => [name, prop]));
  return Object.fromEntries(
    Object.entries(wire).map(([k, v]) => {
      const prop = byWire.get(k);
      if (prop === undefined) throw new Error(`${k}: not a field of the request model`);
      return [prop, v];
    }),
  );
}

function modelClass(sdk: SdkModule, name: string): TeaModelClass {
  const m = sdk[name];
  if (typeof m !== 'function') throw new Error(`the SDK has no model ${name}`);
  return m as TeaModelClass;
}

const lcfirst = (s: string): string => s[0].toLowerCase() + s.slice(1);

describe('the cloud simulator decoded by the official Tea SDK models', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  let proxy: Awaited<ReturnType<typeof startRecorder>>;
  const config = (override: Partial<Config> = {}): Config => {
    const c = simCredentials(scenario);
    return {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      regionId: scenario.region,
      endpoint: new URL(proxy.url).host,
      protocol: 'http',
      ...override,
    } as Config;
  };

  beforeAll(async () => {
    scenario = seedScenario();
    scenario.cloud.ram.users = [{ UserName: 'auditor', AttachedPolicies: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }] }];
    scenario.cluster.addons = [{ name: 'cloud-controller-manager', version: 'v2.11.2', state: 'active', config: '{}' }];
    sim = await startCloudSimulator(scenario, { fcFunctions: { audit: async (body) => `{"echo":${body}}` } });
    proxy = await startRecorder(sim.url);
  });
  afterAll(async () => {
    await proxy.close();
    await sim.close();
  });

  /** The one exchange a call made through the proxy (a call that retried would show more). */
  async function exchangeOf<T>(call: () => Promise<T>): Promise<{ result: T; recorded: Recorded }> {
    const before = proxy.requests.length;
    const result = await call();
    expect(proxy.requests.length).toBe(before + 1);
    return { result, recorded: proxy.requests[before] };
  }

  /** The response decoded by the SDK against the body on the wire: same status, same body, the model's own class. */
  function expectLossless(res: { statusCode?: number; body?: unknown }, recorded: Recorded, bodyModel: TeaModelClass): void {
    const wire = recorded.response!;
    const raw = JSON.parse(wire.body) as Json;
    expect(res.statusCode).toBe(wire.status);
    expect(res.body).toBeInstanceOf(bodyModel);
    expect((res.body as TeaModel).toMap()).toEqual(raw);
    expect(Object.keys(raw).length).toBeGreaterThan(0);
  }

  test('the cases cover every action the simulator serves', () => {
    const served = [vpcProduct, ecsProduct, ramProduct].flatMap((p) => Object.keys(p.actions).map((a) => `${p.code}:${a}`));
    expect(RPC_CASES.map(([p, a]) => `${p}:${a}`).sort()).toEqual(served.sort());
    expect(['/clusters/c', '/clusters/c/components/a/instance', '/k8s/c/user_config', '/api/v1/clusters'].map((p) => csRoute('GET', p)?.action)).toEqual([
      'DescribeClusterDetail',
      'DescribeClusterAddonInstance',
      'DescribeClusterUserKubeconfig',
      'DescribeClustersV1',
    ]);
  });

  test.each(RPC_CASES)('%s %s decodes without losing a field', async (product, action, params) => {
    const { sdk, Client } = RPC[product];
    const Request = modelClass(sdk, `${action}Request`);
    const client = new Client(config()) as unknown as Record<string, (r: TeaModel) => Promise<{ statusCode?: number; body?: unknown }>>;
    const { result, recorded } = await exchangeOf(() => client[lcfirst(action)](new Request(fromWire(Request, params))));
    expect(new URLSearchParams(recorded.path.split('?')[1]).get('Action') ?? recorded.headers['x-acs-action']).toBe(action);
    expectLossless(result, recorded, modelClass(sdk, `${action}ResponseBody`));
  });

  test.each([
    ['DescribeClusterDetail', (c: Cs) => c.describeClusterDetail(CLUSTER)],
    ['DescribeClusterAddonInstance', (c: Cs) => c.describeClusterAddonInstance(CLUSTER, 'cloud-controller-manager')],
    ['DescribeClusterUserKubeconfig', (c: Cs) => c.describeClusterUserKubeconfig(CLUSTER, new cs.DescribeClusterUserKubeconfigRequest({ privateIpAddress: false }))],
    ['DescribeClustersV1', (c: Cs) => c.describeClustersV1(new cs.DescribeClustersV1Request({ pageSize: 10, pageNumber: 1 }))],
  ] as const)('cs %s (ROA) decodes without losing a field', async (action, call) => {
    const { result, recorded } = await exchangeOf(() => call(new Cs(config())));
    expectLossless(result, recorded, modelClass(cs as SdkModule, `${action}ResponseBody`));
  });

  test('fc InvokeFunction (2023-03-30) decodes its status, headers and body, sync and async', async () => {
    const client = new Fc3(config() as ConstructorParameters<typeof Fc3>[0]);
    const body = () => new fc3.InvokeFunctionRequest({ body: Readable.from([Buffer.from('{"a":1}')]) });
    const sync = await exchangeOf(() => client.invokeFunction('audit', body()));
    expect(sync.result).toBeInstanceOf(fc3.InvokeFunctionResponse);
    expect(sync.result.statusCode).toBe(200);
    expect(sync.result.headers?.['x-fc-request-id']).toBe(sync.recorded.response!.headers['x-fc-request-id']);
    const chunks: Buffer[] = [];
    for await (const c of sync.result.body as Readable) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString('utf8')).toBe('{"echo":{"a":1}}');
    const async = await exchangeOf(() => client.invokeFunctionWithOptions('audit', body(), new fc3.InvokeFunctionHeaders({ xFcInvocationType: 'Async' }), {} as never));
    expect(async.result.statusCode).toBe(202);
  });

  test('a field the model does not hold is caught (the comparison is not vacuous)', async () => {
    const odd = seedScenario();
    const answer = { RequestId: 'A1B2C3D4-0000-4000-8000-000000000001', TotalCount: 0, PageNumber: 1, PageSize: 10, Vpcs: { Vpc: [] }, VpcsNotInTheModel: 1 };
    odd.faults = [{ target: 'cloud', match: { action: 'DescribeVpcs' }, effect: { status: 200, body: JSON.stringify(answer) } }];
    const other = await startCloudSimulator(odd);
    const recorder = await startRecorder(other.url);
    try {
      const res = await new Vpc({ ...config(), endpoint: new URL(recorder.url).host } as Config).describeVpcs(new vpc.DescribeVpcsRequest({ regionId: REGION }));
      const { VpcsNotInTheModel: _lost, ...kept } = answer;
      expect(res.body?.toMap()).toEqual(kept);
      expect(JSON.parse(recorder.requests[0].response!.body)).toEqual(answer);
    } finally {
      await recorder.close();
      await other.close();
    }
  });

  describe('errors decode as the SDK error classes', () => {
    /** The error a call throws, with the body on the wire it was decoded from. */
    async function errorOf(call: () => Promise<unknown>): Promise<{ err: ClientError & { requestId?: string; data?: Json }; status: number; raw: Json }> {
      const before = proxy.requests.length;
      let err: unknown;
      try {
        await call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeDefined();
      const wire = proxy.requests[before].response!;
      return { err: err as ClientError & { requestId?: string; data?: Json }, status: wire.status, raw: JSON.parse(wire.body) as Json };
    }

    /** What each style writes (RPC and FC 3.0: Code/Message/RequestId; ROA: code/message/requestId). */
    function expectDecoded(e: Awaited<ReturnType<typeof errorOf>>, cls: unknown, code: string, status: number): void {
      expect(e.err).toBeInstanceOf(cls as new () => unknown);
      expect(e.status).toBe(status);
      expect(e.err.statusCode).toBe(status);
      expect(e.err.code).toBe(code);
      const requestId = String(e.raw.RequestId ?? e.raw.requestId);
      expect(requestId).toMatch(/^[0-9A-F-]{20,}$/i);
      expect(e.err.requestId).toBe(requestId);
      const message = String(e.raw.Message ?? e.raw.message);
      expect(message).not.toBe('undefined');
      expect(e.err.message).toBe(`${code}: code: ${status}, ${message} request id: ${requestId}`);
      expect(e.err.data).toEqual(e.raw);
    }

    test('RPC: a missing entity, a missing table, a wrong signature', async () => {
      const ramClient = new Ram(config());
      expectDecoded(await errorOf(() => ramClient.getRole(new ram.GetRoleRequest({ roleName: 'NoSuchRole' }))), ClientError, 'EntityNotExist.Role', 404);
      const vpcClient = new Vpc(config());
      expectDecoded(
        await errorOf(() => vpcClient.describeRouteEntryList(new vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: 'vtb-nope' }))),
        ClientError,
        'InvalidRouteTable.NotFound',
        400,
      );
      const bad = await errorOf(() => new Vpc(config({ accessKeySecret: 'wrong' })).describeVpcs(new vpc.DescribeVpcsRequest({ regionId: REGION })));
      expectDecoded(bad, ClientError, 'SignatureDoesNotMatch', 400);
    });

    test('RPC: a denial carries AccessDeniedDetail, which the SDK decodes', async () => {
      const denied = seedScenario();
      denied.auditor = { ...denied.auditor, deniedActions: ['ram:GetPolicy'] };
      const other = await startCloudSimulator(denied);
      const recorder = await startRecorder(other.url);
      try {
        const client = new Ram({ ...config(), endpoint: new URL(recorder.url).host } as Config);
        let err: (ClientError & { requestId?: string }) | undefined;
        await client.getPolicy(new ram.GetPolicyRequest({ policyName: POLICY.PolicyName, policyType: 'Custom' })).catch((e: ClientError) => (err = e));
        const raw = JSON.parse(recorder.requests[0].response!.body) as Json;
        expect(err).toBeInstanceOf(ClientError);
        expect([err!.statusCode, err!.code]).toEqual([403, raw.Code]);
        expect(err!.accessDeniedDetail).toEqual(raw.AccessDeniedDetail);
        expect(Object.keys(err!.accessDeniedDetail ?? {}).length).toBeGreaterThan(0);
      } finally {
        await recorder.close();
        await other.close();
      }
    });

    test('RPC: throttling and a server error become ThrottlingError and ServerError', async () => {
      const faulty = seedScenario();
      faulty.faults = [
        { target: 'cloud', match: { action: 'DescribeVpcs' }, effect: { status: 503, code: 'ServiceUnavailable', message: 'The request has failed due to a temporary failure of the server.' } },
        { target: 'cloud', match: { action: 'DescribeVSwitches' }, effect: { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' } },
      ];
      const other = await startCloudSimulator(faulty);
      const recorder = await startRecorder(other.url);
      try {
        const client = new Vpc({ ...config(), endpoint: new URL(recorder.url).host } as Config);
        const call = async (f: () => Promise<unknown>) => {
          const before = recorder.requests.length;
          const err = await f().then(
            () => undefined,
            (e: ClientError & { requestId?: string }) => e,
          );
          return { err, raw: JSON.parse(recorder.requests[before].response!.body) as Json, status: recorder.requests[before].response!.status };
        };
        const server = await call(() => client.describeVpcs(new vpc.DescribeVpcsRequest({ regionId: REGION })));
        expect(server.err).toBeInstanceOf(ServerError);
        expect([server.err?.statusCode, server.err?.code, server.err?.requestId]).toEqual([503, 'ServiceUnavailable', server.raw.RequestId]);
        const throttled = await call(() => client.describeVSwitches(new vpc.DescribeVSwitchesRequest({ regionId: REGION })));
        expect(throttled.err).toBeInstanceOf(ThrottlingError);
        expect([throttled.err?.statusCode, throttled.err?.code, throttled.err?.requestId]).toEqual([400, 'Throttling.User', throttled.raw.RequestId]);
      } finally {
        await recorder.close();
        await other.close();
      }
    });

    test('ROA (CS): an unknown cluster', async () => {
      expectDecoded(await errorOf(() => new Cs(config()).describeClusterDetail('c-nope')), ClientError, 'ErrorClusterNotFound', 404);
    });

    test('FC 3.0: an unknown function', async () => {
      const client = new Fc3(config() as ConstructorParameters<typeof Fc3>[0]);
      const e = await errorOf(() => client.invokeFunction('nope', new fc3.InvokeFunctionRequest({ body: Readable.from([Buffer.from('{}')]) })));
      expectDecoded(e, ClientError, 'FunctionNotFound', 404);
    });
  });
});
