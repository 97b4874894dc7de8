/**
 * Response fidelity: every key the simulator writes, at every depth, exists in the official generated SDK's
 * response-body model (the Tea models' static `names()`/`types()`), with a value of the model's type.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { TABLE, csClient, rpcClient, seedScenario } from './support';

interface TeaModel {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

const SDK = { vpc: 'vpc20160428', ecs: 'ecs20140526', ram: 'ram20150501', resourcemanager: 'resourcemanager20200331', cs: 'cs20151215' } as const;

/**
 * The response-body model class of one API, loaded from its own file (loading a whole SDK is slow). File
 * names do not always match the class name's case (`DescribeVswitchesResponseBody.js`).
 */
function responseModel(product: keyof typeof SDK, api: string): TeaModel {
  const dir = join(dirname(require.resolve(`@alicloud/${SDK[product]}/package.json`)), 'dist', 'models');
  const file = readdirSync(dir).find((f) => f.toLowerCase() === `${api}ResponseBody.js`.toLowerCase());
  if (!file) throw new Error(`no response model for ${api}`);
  const mod = require(join(dir, file)) as Record<string, TeaModel>;
  return mod[`${api}ResponseBody`];
}

function isModel(t: unknown): t is TeaModel {
  return typeof t === 'function' && typeof (t as Partial<TeaModel>).names === 'function';
}

function isArrayType(t: unknown): t is { type: 'array'; itemType: unknown } {
  return typeof t === 'object' && t !== null && (t as { type?: unknown }).type === 'array';
}

/** Where a value departs from a model type: unknown keys and values of the wrong kind, as paths. */
function departures(value: unknown, type: unknown, path: string): string[] {
  if (isModel(type)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object`];
    const byWire = new Map(Object.entries(type.names()).map(([prop, wire]) => [wire, prop]));
    const types = type.types();
    return Object.entries(value).flatMap(([key, v]) => {
      const prop = byWire.get(key);
      return prop === undefined ? [`${path}.${key}: not in the model`] : departures(v, types[prop], `${path}.${key}`);
    });
  }
  if (isArrayType(type)) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((item, i) => departures(item, type.itemType, `${path}[${i}]`));
  }
  switch (type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${path}: expected a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
    case 'number':
      // json-bigint hands long integers over as BigNumber objects.
      return typeof value === 'number' || (value as object)?.constructor?.name === 'BigNumber' ? [] : [`${path}: expected a number`];
    default:
      return [];
  }
}

describe('response fidelity against the official SDK models', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  const REGION = 'cn-hangzhou';
  const VPC = 'vpc-bp1k3x9q7wz2d5m8n4r6t';
  const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';
  const ROLE = 'KubernetesMasterRole-8e4b1c7d';
  const POLICY = { PolicyName: 'k8sMasterRolePolicy-8e4b1c7d', PolicyType: 'Custom' };

  beforeAll(async () => {
    scenario = seedScenario();
    scenario.cloud.ram.users = [{ UserName: 'auditor', AttachedPolicies: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }] }];
    scenario.cloud.routeTables[0].ResourceGroupId = 'rg-acfmnet0prod7x2k';
    scenario.cloud.policyAttachments = [{ ResourceGroupId: 'rg-acfmnet0prod7x2k', PolicyName: 'Net', PolicyType: 'Custom', PrincipalType: 'ServiceRole', PrincipalName: ROLE }];
    scenario.cloud.resourceDirectory = {
      ResourceDirectoryId: 'rd-k3Qw9z',
      RootFolderId: 'r-Wm4xTq',
      MasterAccountId: '1290447563021884',
      accountFolderId: 'fd-prod7Hx2',
      folders: [{ FolderId: 'fd-prod7Hx2', ParentFolderId: 'r-Wm4xTq' }],
      controlPolicies: [{ PolicyId: 'cp-full', PolicyName: 'FullAliyunAccess', PolicyType: 'System', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
      attachments: [{ TargetId: 'r-Wm4xTq', PolicyId: 'cp-full' }],
    };
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  const rpcCases: [keyof typeof SDK & ('vpc' | 'ecs' | 'ram' | 'resourcemanager'), string, Record<string, unknown>][] = [
    ['vpc', 'DescribeVpcs', { RegionId: REGION }],
    ['vpc', 'DescribeVpcAttribute', { RegionId: REGION, VpcId: VPC }],
    ['vpc', 'DescribeRouteTableList', { RegionId: REGION }],
    ['vpc', 'DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult: 2 }],
    ['vpc', 'DescribeVSwitches', { RegionId: REGION }],
    ['ecs', 'DescribeInstances', { RegionId: REGION }],
    ['ecs', 'DescribeInstances', { RegionId: REGION, MaxResults: 10 }],
    ['ecs', 'DescribeInstanceRamRole', { RegionId: REGION, InstanceIds: '["i-bp1a7mastr0q4k2x9e5c"]' }],
    ['ram', 'GetRole', { RoleName: ROLE }],
    ['ram', 'ListPoliciesForRole', { RoleName: ROLE }],
    ['ram', 'GetPolicy', POLICY],
    ['ram', 'GetPolicyVersion', { ...POLICY, VersionId: 'v2' }],
    ['ram', 'ListPolicyVersions', POLICY],
    ['ram', 'GetUser', { UserName: 'auditor' }],
    ['ram', 'ListPoliciesForUser', { UserName: 'auditor' }],
    ['resourcemanager', 'ListPolicyAttachments', { PrincipalType: 'ServiceRole', PageSize: 100 }],
    ['resourcemanager', 'GetResourceDirectory', {}],
    ['resourcemanager', 'GetAccount', { AccountId: '1837462005813702' }],
    ['resourcemanager', 'ListAncestors', { ChildId: 'fd-prod7Hx2' }],
    ['resourcemanager', 'ListControlPolicyAttachmentsForTarget', { TargetId: 'r-Wm4xTq' }],
    ['resourcemanager', 'GetControlPolicy', { PolicyId: 'cp-full' }],
  ];

  it.each(rpcCases)('%s %s writes only model fields', async (product, api, params) => {
    const body = await rpcClient(sim.url, scenario, product).request<Record<string, unknown>>(api, params);
    expect(Object.keys(body).length).toBeGreaterThan(1);
    expect(departures(body, responseModel(product, api), api)).toEqual([]);
  });

  const csCases: [string, string][] = [
    ['DescribeClusterDetail', `/clusters/${CLUSTER}`],
    ['DescribeClusterUserKubeconfig', `/k8s/${CLUSTER}/user_config`],
    ['DescribeClustersV1', '/api/v1/clusters'],
  ];

  it.each(csCases)('cs %s writes only model fields', async (api, path) => {
    const body = await csClient(sim.url, scenario).get(path);
    expect(departures(body, responseModel('cs', api), api)).toEqual([]);
  });

  it('catches a departure (the check is not vacuous)', () => {
    expect(departures({ RouterTableIds: ['vtb-1'], Extra: 1 }, responseModel('vpc', 'DescribeVpcAttribute'), 'x')).toEqual(['x.RouterTableIds: not in the model', 'x.Extra: not in the model']);
  });
});
