/** RAM actions through pop-core: documents as JSON strings, default versions, users, EntityNotExist errors. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { failure, rpcClient, seedScenario, type PopError } from './support';
import type RPCClient = require('@alicloud/pop-core');

const MASTER_ROLE = 'KubernetesMasterRole-8e4b1c7d';
const MASTER_POLICY = 'k8sMasterRolePolicy-8e4b1c7d';

describe('RAM', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  let ram: RPCClient;

  beforeAll(async () => {
    scenario = seedScenario();
    scenario.cloud.ram.users = [{ UserName: 'ack-drift-auditor', AccessKeyIds: ['LTAI5tDemoAuditor7Qx2'], AttachedPolicies: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }] }];
    scenario.cloud.ram.policies.push({ PolicyName: 'Broken', PolicyType: 'Custom', DefaultVersion: 'v1', Versions: [{ VersionId: 'v1', PolicyDocument: '{"Version":"1","Statement":[' }] });
    sim = await startCloudSimulator(scenario);
    ram = rpcClient(sim.url, scenario, 'ram');
  });
  afterAll(() => sim.close());

  it('GetRole answers the trust policy as a JSON string and the role ARN', async () => {
    const res = await ram.request<{ Role: Record<string, unknown> }>('GetRole', { RoleName: MASTER_ROLE });
    expect(res.Role).toMatchObject({ RoleName: MASTER_ROLE, Arn: `acs:ram::${scenario.accountId}:role/${MASTER_ROLE}`, RoleId: expect.stringMatching(/^\d{16}$/) });
    expect(JSON.parse(res.Role.AssumeRolePolicyDocument as string)).toEqual({
      Version: '1',
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['ecs.aliyuncs.com'] } }],
    });
    expect(res.Role.AttachedPolicies).toBeUndefined();
  });

  it('ListPoliciesForRole lists Policies.Policy[] with each default version', async () => {
    const res = await ram.request<Record<string, unknown>>('ListPoliciesForRole', { RoleName: MASTER_ROLE });
    expect(res).toMatchObject({ Policies: { Policy: [{ PolicyName: MASTER_POLICY, PolicyType: 'Custom', DefaultVersion: 'v3' }] } });
  });

  it('GetPolicy carries DefaultPolicyVersion with its document as a string', async () => {
    const res = await ram.request<{ Policy: Record<string, unknown>; DefaultPolicyVersion: { VersionId: string; IsDefaultVersion: boolean; PolicyDocument: string } }>('GetPolicy', {
      PolicyName: MASTER_POLICY,
      PolicyType: 'Custom',
    });
    expect(res.Policy).toMatchObject({ PolicyName: MASTER_POLICY, DefaultVersion: 'v3', AttachmentCount: 1 });
    expect(res.Policy.Versions).toBeUndefined();
    expect(res.DefaultPolicyVersion).toMatchObject({ VersionId: 'v3', IsDefaultVersion: true });
    expect(JSON.parse(res.DefaultPolicyVersion.PolicyDocument).Statement[2]).toEqual({ Effect: 'Deny', Action: ['vpc:*'], Resource: ['*'] });
  });

  it('GetPolicyVersion and ListPolicyVersions answer every version; a string document is served verbatim', async () => {
    const v2 = await ram.request<{ PolicyVersion: { IsDefaultVersion: boolean } }>('GetPolicyVersion', { PolicyName: MASTER_POLICY, PolicyType: 'Custom', VersionId: 'v2' });
    expect(v2.PolicyVersion.IsDefaultVersion).toBe(false);
    const list = await ram.request<{ PolicyVersions: { PolicyVersion: { VersionId: string }[] } }>('ListPolicyVersions', { PolicyName: MASTER_POLICY, PolicyType: 'Custom' });
    expect(list.PolicyVersions.PolicyVersion.map((v) => v.VersionId)).toEqual(['v2', 'v3']);
    const broken = await ram.request<{ DefaultPolicyVersion: { PolicyDocument: string } }>('GetPolicy', { PolicyName: 'Broken', PolicyType: 'Custom' });
    expect(broken.DefaultPolicyVersion.PolicyDocument).toBe('{"Version":"1","Statement":[');
  });

  it('GetUser and ListPoliciesForUser serve cloud.ram.users', async () => {
    const user = await ram.request<{ User: Record<string, unknown> }>('GetUser', { UserName: 'ack-drift-auditor' });
    expect(user.User).toMatchObject({ UserName: 'ack-drift-auditor', UserId: expect.stringMatching(/^\d{16}$/) });
    expect(user.User.AccessKeyIds).toBeUndefined();
    const policies = await ram.request<Record<string, unknown>>('ListPoliciesForUser', { UserName: 'ack-drift-auditor' });
    expect(policies).toMatchObject({ Policies: { Policy: [{ PolicyName: 'AliyunVPCReadOnlyAccess', PolicyType: 'System' }] } });
  });

  it('answers 404 EntityNotExist.Role, .Policy, .Policy.Version and .User', async () => {
    const cases: [string, Record<string, string>, string][] = [
      ['GetRole', { RoleName: 'nope' }, 'EntityNotExist.Role'],
      ['ListPoliciesForRole', { RoleName: 'nope' }, 'EntityNotExist.Role'],
      ['GetPolicy', { PolicyName: MASTER_POLICY, PolicyType: 'System' }, 'EntityNotExist.Policy'],
      ['GetPolicyVersion', { PolicyName: MASTER_POLICY, PolicyType: 'Custom', VersionId: 'v9' }, 'EntityNotExist.Policy.Version'],
      ['GetUser', { UserName: 'nope' }, 'EntityNotExist.User'],
    ];
    for (const [action, params, code] of cases) {
      const err = await failure<PopError>(ram.request(action, params));
      expect([action, err.code, err.entry.response.statusCode]).toEqual([action, code, 404]);
    }
    expect((await failure<PopError>(ram.request('GetPolicy', { PolicyName: MASTER_POLICY, PolicyType: 'custom' }))).code).toBe('InvalidParameter.PolicyType');
  });
});
