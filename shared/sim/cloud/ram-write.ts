/**
 * RAM 2015-05-01 write actions the fix command uses: policy versions (create, set default, delete) and detaching a
 * policy from a role. Parameter names follow the SDK models (@alicloud/ram20150501 CreatePolicyVersionRequest, ...).
 */
import type { SimContext } from './context';
import { CloudError, invalidParameter } from './errors';
import type { JsonObject } from './json';
import type { RpcAction } from './rpc-action';
import type { RpcParams } from './rpc-params';

/** RAM keeps at most five versions of a custom policy (terraform alicloud_ram_policy: "at most 5 versions"). */
export const MAX_POLICY_VERSIONS = 5;
/** The documented maximum length of a policy document. */
export const MAX_POLICY_DOCUMENT = 6144;

const ROTATE_STRATEGIES = ['None', 'DeleteOldestNonDefaultVersionWhenLimitExceeded'];

function customPolicy(ctx: SimContext, name: string) {
  // Only custom policies have versions a user may write; system policies answer as unknown custom policies.
  const policy = ctx.scenario.cloud.ram.policies.find((p) => p.PolicyName === name && p.PolicyType === 'Custom');
  if (!policy) throw new CloudError(404, 'EntityNotExist.Policy', 'The policy does not exist.');
  return policy;
}

function versionNumber(id: string): number {
  return Number(/^v(\d+)$/.exec(id)?.[1] ?? 0);
}

function checkDocument(text: string): void {
  if (text.length > MAX_POLICY_DOCUMENT) throw new CloudError(400, 'LimitExceeded.Policy.Document.Length', `The policy document exceeds ${MAX_POLICY_DOCUMENT} characters.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CloudError(400, 'MalformedPolicyDocument', 'The policy document is not valid JSON.');
  }
  const d = doc as { Version?: unknown; Statement?: unknown };
  if (typeof doc !== 'object' || doc === null || d.Version !== '1' || !Array.isArray(d.Statement)) {
    throw new CloudError(400, 'MalformedPolicyDocument', 'The policy document must have Version "1" and a Statement array.');
  }
}

function createPolicyVersion(ctx: SimContext, params: RpcParams): JsonObject {
  const policy = customPolicy(ctx, params.required('PolicyName'));
  const text = params.required('PolicyDocument');
  const setAsDefault = params.bool('SetAsDefault') ?? false;
  const rotate = params.get('RotateStrategy') ?? 'None';
  if (!ROTATE_STRATEGIES.includes(rotate)) throw invalidParameter('RotateStrategy');
  checkDocument(text);
  if (policy.Versions.length >= MAX_POLICY_VERSIONS) {
    if (rotate === 'None') throw new CloudError(409, 'LimitExceeded.Policy.Version', `The policy already has ${MAX_POLICY_VERSIONS} versions: delete one first.`);
    const oldest = policy.Versions.filter((v) => v.VersionId !== policy.DefaultVersion).sort((a, b) => versionNumber(a.VersionId) - versionNumber(b.VersionId))[0];
    policy.Versions.splice(policy.Versions.indexOf(oldest), 1);
  }
  const next = `v${Math.max(0, ...policy.Versions.map((v) => versionNumber(v.VersionId))) + 1}`;
  const created = ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  policy.Versions.push({ VersionId: next, PolicyDocument: text, CreateDate: created } as (typeof policy.Versions)[number]);
  if (setAsDefault) policy.DefaultVersion = next;
  return { PolicyVersion: { VersionId: next, IsDefaultVersion: setAsDefault, CreateDate: created } };
}

function findVersion(ctx: SimContext, params: RpcParams) {
  const policy = customPolicy(ctx, params.required('PolicyName'));
  const id = params.required('VersionId');
  const version = policy.Versions.find((v) => v.VersionId === id);
  if (!version) throw new CloudError(404, 'EntityNotExist.Policy.Version', 'The policy version does not exist.');
  return { policy, version };
}

function setDefaultPolicyVersion(ctx: SimContext, params: RpcParams): JsonObject {
  const { policy, version } = findVersion(ctx, params);
  policy.DefaultVersion = version.VersionId;
  return {};
}

function deletePolicyVersion(ctx: SimContext, params: RpcParams): JsonObject {
  const { policy, version } = findVersion(ctx, params);
  if (version.VersionId === policy.DefaultVersion) throw new CloudError(409, 'DeleteConflict.PolicyVersion.Default', 'The default version of a policy cannot be deleted.');
  policy.Versions.splice(policy.Versions.indexOf(version), 1);
  return {};
}

function detachPolicyFromRole(ctx: SimContext, params: RpcParams): JsonObject {
  const name = params.required('PolicyName');
  const type = params.required('PolicyType');
  if (type !== 'System' && type !== 'Custom') throw new CloudError(400, 'InvalidParameter.PolicyType', 'The parameter "PolicyType" is invalid.');
  const roleName = params.required('RoleName');
  const role = ctx.scenario.cloud.ram.roles.find((r) => r.RoleName === roleName);
  if (!role) throw new CloudError(404, 'EntityNotExist.Role', 'The role does not exist.');
  if (!ctx.scenario.cloud.ram.policies.some((p) => p.PolicyName === name && p.PolicyType === type)) throw new CloudError(404, 'EntityNotExist.Policy', 'The policy does not exist.');
  const at = role.AttachedPolicies.findIndex((a) => a.PolicyName === name && a.PolicyType === type);
  if (at < 0) throw new CloudError(404, 'EntityNotExist.Role.Policy', 'The policy is not attached to the role.');
  role.AttachedPolicies.splice(at, 1);
  return {};
}

/** The RAM write actions, merged into the RAM product. */
export const ramWriteActions: Record<string, RpcAction> = {
  CreatePolicyVersion: { region: 'none', handle: createPolicyVersion },
  SetDefaultPolicyVersion: { region: 'none', handle: setDefaultPolicyVersion },
  DeletePolicyVersion: { region: 'none', handle: deletePolicyVersion },
  DetachPolicyFromRole: { region: 'none', handle: detachPolicyFromRole },
};
