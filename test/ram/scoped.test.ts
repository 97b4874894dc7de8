/**
 * shared/ram/scoped.ts: resource-group policies apply only to resources in their group; control policies must allow
 * at every level and never grant; the account/resource-group combination is the configured one.
 */
import { parsePolicy } from '../../shared/ram/parse';
import type { AttachedPolicy } from '../../shared/ram/model';
import type { RequiredAction } from '../../shared/ram/profiles';
import { evaluateScoped, type ScopedPolicies } from '../../shared/ram/scoped';

function policy(name: string, statements: object[], scope?: string): AttachedPolicy {
  const parsed = parsePolicy(JSON.stringify({ Version: '1', Statement: statements }));
  if (!parsed.ok) throw new Error(parsed.errors[0]);
  return { name, type: 'Custom', version: 'v1', document: parsed.policy, ...(scope ? { scope } : {}) };
}

const TABLE = 'acs:vpc:cn-hangzhou:1837462005813702:routetable/vtb-1';
const create: RequiredAction = { action: 'vpc:CreateRouteEntry', resource: TABLE, why: 'test', routeTableId: 'vtb-1' };
const allowVpc = policy('Account', [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*' }]);
const denyCreate = (scope: string) => policy(`Deny-${scope}`, [{ Effect: 'Deny', Action: 'vpc:CreateRouteEntry', Resource: '*' }], scope);
const allowCreate = (scope: string) => policy(`Allow-${scope}`, [{ Effect: 'Allow', Action: 'vpc:CreateRouteEntry', Resource: '*' }], scope);
const full = policy('FullAliyunAccess', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);

function groups(...gs: [string, AttachedPolicy[]][]): ScopedPolicies['resourceGroups'] {
  return gs.map(([resourceGroupId, policies]) => ({ resourceGroupId, policies }));
}

describe('resource-group scope', () => {
  const p: ScopedPolicies = { account: [allowVpc], resourceGroups: groups(['rg-a', [denyCreate('resource group rg-a')]]), control: [] };

  it("a Deny attached at a table's group denies it there, naming its scope", () => {
    const d = evaluateScoped(create, {}, p, 'rg-a');
    expect(d.decision).toBe('explicitDeny');
    expect(d.layer).toBe('identity');
    expect(d.matched).toContainEqual(expect.objectContaining({ policy: 'Deny-resource group rg-a', effect: 'Deny', scope: 'resource group rg-a' }));
  });

  it('does not apply to a table in another group, nor to a request without a resource group', () => {
    expect(evaluateScoped(create, {}, p, 'rg-b').decision).toBe('allow');
    expect(evaluateScoped({ ...create, resource: '*', routeTableId: undefined }, {}, p, null).decision).toBe('allow');
  });

  it("is indeterminate when the table's group is unknown and a group's policies would change the decision", () => {
    const d = evaluateScoped(create, {}, p, undefined);
    expect(d.decision).toBe('indeterminate');
    expect(d.possibleDecisions).toEqual(['allow', 'explicitDeny']);
    const irrelevant: ScopedPolicies = { ...p, resourceGroups: groups(['rg-a', [policy('Logs', [{ Effect: 'Deny', Action: 'log:*', Resource: '*' }], 'resource group rg-a')]]) };
    expect(evaluateScoped(create, {}, irrelevant, undefined).decision).toBe('allow');
  });

  it('an Allow at the group grants what account-scope policies do not, only in that group', () => {
    const q: ScopedPolicies = { account: [], resourceGroups: groups(['rg-a', [allowCreate('resource group rg-a')]]), control: [] };
    expect(evaluateScoped(create, {}, q, 'rg-a').decision).toBe('allow');
    expect(evaluateScoped(create, {}, q, 'rg-b').decision).toBe('implicitDeny');
  });

  it('combines with account scope as configured: denyWins by default, accountFirst lets an account Allow decide', () => {
    expect(evaluateScoped(create, {}, p, 'rg-a', { resourceGroupCombination: 'denyWins' }).decision).toBe('explicitDeny');
    expect(evaluateScoped(create, {}, p, 'rg-a', { resourceGroupCombination: 'accountFirst' }).decision).toBe('allow');
    const silent: ScopedPolicies = { ...p, account: [] };
    expect(evaluateScoped(create, {}, silent, 'rg-a', { resourceGroupCombination: 'accountFirst' }).decision).toBe('explicitDeny');
  });
});

describe('control policies', () => {
  const level = (targetId: string, kind: string, ...policies: AttachedPolicy[]) => ({ targetId, kind, policies });

  it('a Deny at any level denies, whatever the identity policies allow', () => {
    const p: ScopedPolicies = {
      account: [allowVpc],
      resourceGroups: [],
      control: [level('1837', 'account', full), level('fd-1', 'folder', full, denyCreate('control policy on folder fd-1')), level('r-1', 'root', full)],
    };
    const d = evaluateScoped(create, {}, p, 'rg-a');
    expect([d.decision, d.layer]).toEqual(['explicitDeny', 'control']);
    expect(d.matched).toContainEqual(expect.objectContaining({ effect: 'Deny', scope: 'control policy on folder fd-1' }));
  });

  it('a level without an Allow denies implicitly; control policies never grant', () => {
    const gap: ScopedPolicies = {
      account: [allowVpc],
      resourceGroups: [],
      control: [level('1837', 'account', full), level('r-1', 'root', policy('OnlyLogs', [{ Effect: 'Allow', Action: 'log:*', Resource: '*' }]))],
    };
    const d = evaluateScoped(create, {}, gap, 'rg-a');
    expect([d.decision, d.layer]).toEqual(['implicitDeny', 'control']);
    expect(d.reasons[0]).toMatch(/root r-1 allows vpc:CreateRouteEntry|No control policy attached to root r-1/);
    const noIdentity: ScopedPolicies = { account: [], resourceGroups: [], control: [level('r-1', 'root', full)] };
    expect(evaluateScoped(create, {}, noIdentity, 'rg-a')).toMatchObject({ decision: 'implicitDeny', layer: 'identity' });
  });

  it('no control policies (outside a directory, or the feature off) leave the identity decision as it is', () => {
    expect(evaluateScoped(create, {}, { account: [allowVpc], resourceGroups: [], control: [] }, 'rg-a')).toMatchObject({ decision: 'allow', layer: 'identity' });
  });
});
