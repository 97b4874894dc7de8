/** RAM 2015-05-01: roles, users, policies and policy versions, with documents as JSON strings. */
import type { RamPolicy } from '../../scenario/schema';
import type { Static } from '@sinclair/typebox';
import type { SimContext } from './context';
import { CloudError } from './errors';
import { SIM_CREATED, numericId } from './ids';
import { recordOf, type JsonObject } from './json';
import type { RpcAction, RpcProduct } from './rpc-action';
import type { RpcParams } from './rpc-params';
import { ramWriteActions } from './ram-write';

type PolicyRecord = Static<typeof RamPolicy>;
type Attachment = { PolicyName: string; PolicyType: 'System' | 'Custom' };

/** RAM returns documents as JSON strings; a scenario string is served verbatim (it may be deliberately broken). */
function documentText(doc: unknown): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}

function findPolicy(ctx: SimContext, params: RpcParams): PolicyRecord {
  const name = params.required('PolicyName');
  const type = params.required('PolicyType');
  if (type !== 'System' && type !== 'Custom') throw new CloudError(400, 'InvalidParameter.PolicyType', 'The parameter "PolicyType" is invalid.');
  const policy = ctx.scenario.cloud.ram.policies.find((p) => p.PolicyName === name && p.PolicyType === type);
  if (!policy) throw new CloudError(404, 'EntityNotExist.Policy', 'The policy does not exist.');
  return policy;
}

function versionOut(policy: PolicyRecord, version: PolicyRecord['Versions'][number]): JsonObject {
  const { PolicyDocument, ...rest } = recordOf(version);
  return { CreateDate: SIM_CREATED, ...rest, IsDefaultVersion: version.VersionId === policy.DefaultVersion, PolicyDocument: documentText(PolicyDocument) };
}

function attachmentsOut(ctx: SimContext, attached: readonly Attachment[]): JsonObject {
  const policies = ctx.scenario.cloud.ram.policies;
  return {
    Policies: {
      Policy: attached.map((a) => {
        const policy = policies.find((p) => p.PolicyName === a.PolicyName && p.PolicyType === a.PolicyType);
        return { Description: '', DefaultVersion: policy?.DefaultVersion ?? 'v1', AttachDate: SIM_CREATED, ...recordOf(a) };
      }),
    },
  };
}

function findRole(ctx: SimContext, params: RpcParams) {
  const name = params.required('RoleName');
  const role = ctx.scenario.cloud.ram.roles.find((r) => r.RoleName === name);
  if (!role) throw new CloudError(404, 'EntityNotExist.Role', 'The role does not exist.');
  return role;
}

function findUser(ctx: SimContext, params: RpcParams) {
  const name = params.required('UserName');
  const user = (ctx.scenario.cloud.ram.users ?? []).find((u) => u.UserName === name);
  if (!user) throw new CloudError(404, 'EntityNotExist.User', 'The user does not exist.');
  return user;
}

function getRole(ctx: SimContext, params: RpcParams): JsonObject {
  const role = findRole(ctx, params);
  const { AssumeRolePolicyDocument, AttachedPolicies: _attached, ...rest } = recordOf(role);
  return {
    Role: {
      RoleId: numericId(`role:${role.RoleName}`),
      Arn: `acs:ram::${ctx.scenario.accountId}:role/${role.RoleName}`,
      Description: '',
      MaxSessionDuration: 3600,
      CreateDate: SIM_CREATED,
      UpdateDate: SIM_CREATED,
      ...rest,
      AssumeRolePolicyDocument: documentText(AssumeRolePolicyDocument),
    },
  };
}

function getUser(ctx: SimContext, params: RpcParams): JsonObject {
  const user = findUser(ctx, params);
  const { AccessKeyIds: _keys, AttachedPolicies: _attached, ...rest } = recordOf(user);
  return {
    User: { UserId: numericId(`user:${user.UserName}`), DisplayName: user.UserName, CreateDate: SIM_CREATED, UpdateDate: SIM_CREATED, ...rest },
  };
}

function attachmentCount(ctx: SimContext, policy: PolicyRecord): number {
  const ram = ctx.scenario.cloud.ram;
  const holders = [...ram.roles, ...(ram.users ?? [])];
  return holders.filter((h) => h.AttachedPolicies.some((a) => a.PolicyName === policy.PolicyName && a.PolicyType === policy.PolicyType)).length;
}

function getPolicy(ctx: SimContext, params: RpcParams): JsonObject {
  const policy = findPolicy(ctx, params);
  const { Versions: _versions, ...rest } = recordOf(policy);
  const current = policy.Versions.find((v) => v.VersionId === policy.DefaultVersion);
  return {
    Policy: { Description: '', AttachmentCount: attachmentCount(ctx, policy), CreateDate: SIM_CREATED, UpdateDate: SIM_CREATED, ...rest },
    DefaultPolicyVersion: current ? versionOut(policy, current) : undefined,
  };
}

function getPolicyVersion(ctx: SimContext, params: RpcParams): JsonObject {
  const policy = findPolicy(ctx, params);
  const id = params.required('VersionId');
  const version = policy.Versions.find((v) => v.VersionId === id);
  if (!version) throw new CloudError(404, 'EntityNotExist.Policy.Version', 'The policy version does not exist.');
  return { PolicyVersion: versionOut(policy, version) };
}

function listPolicyVersions(ctx: SimContext, params: RpcParams): JsonObject {
  const policy = findPolicy(ctx, params);
  return { PolicyVersions: { PolicyVersion: policy.Versions.map((v) => versionOut(policy, v)) } };
}

function listPoliciesForRole(ctx: SimContext, params: RpcParams): JsonObject {
  return attachmentsOut(ctx, findRole(ctx, params).AttachedPolicies);
}

function listPoliciesForUser(ctx: SimContext, params: RpcParams): JsonObject {
  return attachmentsOut(ctx, findUser(ctx, params).AttachedPolicies);
}

// RAM is a global service: RegionId is neither required nor checked.
const actions: Record<string, RpcAction> = {
  GetRole: { region: 'none', handle: getRole },
  ListPoliciesForRole: { region: 'none', handle: listPoliciesForRole },
  GetPolicy: { region: 'none', handle: getPolicy },
  GetPolicyVersion: { region: 'none', handle: getPolicyVersion },
  ListPolicyVersions: { region: 'none', handle: listPolicyVersions },
  GetUser: { region: 'none', handle: getUser },
  ListPoliciesForUser: { region: 'none', handle: listPoliciesForUser },
  ...ramWriteActions,
};

/** The RAM product. */
export const ramProduct: RpcProduct = { code: 'ram', version: '2015-05-01', actions };
