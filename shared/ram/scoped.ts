/**
 * RAM's decision beyond account-scope identity policies: the Resource Directory's control policies bound it, and
 * policies attached at a resource group's scope apply only to resources in that group. Read from Alibaba's RAM
 * "Policy evaluation process" (control policies first, a Deny or a missing Allow stops; then identity policies)
 * and Resource Directory's control-policy evaluation (from the account up to the root, every level must allow).
 */
import { compareMatched } from './evaluate';
import type { AttachedPolicy, Decision, DefiniteDecision, RequestContext } from './model';
import { evaluateRequiredAction, type RequiredAction, type RequirementOptions } from './profiles';

/**
 * How account-scope and resource-group-scope identity policies combine. `denyWins` (default): one set, a Deny in
 * either wins (the current RAM page's core rule, "explicit deny overrides allow"). `accountFirst`: an Allow or Deny
 * at account scope decides, resource-group policies only when it is silent (the older "Policy evaluation process"
 * page). Which one RAM applies today is not verified; `denyWins` never hides a Deny.
 */
export type ResourceGroupCombination = 'denyWins' | 'accountFirst';

export interface ScopedPolicies {
  account: readonly AttachedPolicy[];
  resourceGroups: readonly { resourceGroupId: string; policies: readonly AttachedPolicy[] }[];
  /** From the account up to the root; empty when no control policy applies. */
  control: readonly { targetId: string; kind: string; policies: readonly AttachedPolicy[] }[];
}

export interface ScopedOptions extends RequirementOptions {
  resourceGroupCombination?: ResourceGroupCombination;
}

/** Which layer decided a scoped decision: a fix to identity policies cannot lift a control policy's denial. */
export interface ScopedDecision extends Decision {
  layer: 'control' | 'identity';
}

const ORDER: readonly DefiniteDecision[] = ['allow', 'explicitDeny', 'implicitDeny'];

function outcomes(d: Decision): DefiniteDecision[] {
  return d.possibleDecisions ?? [d.decision as DefiniteDecision];
}

function decided(possible: DefiniteDecision[], parts: Decision[], reasons: string[]): Decision {
  const sorted = ORDER.filter((o) => possible.includes(o));
  const matched = new Map(parts.flatMap((d) => d.matched).map((m) => [`${m.policy}\u0000${m.version}\u0000${m.policyType}\u0000${m.scope ?? ''}\u0000${m.statement}`, m]));
  return {
    decision: sorted.length === 1 ? sorted[0] : 'indeterminate',
    matched: [...matched.values()].sort(compareMatched),
    reasons: [...reasons, ...parts.flatMap((d) => d.reasons)],
    ...(sorted.length > 1 ? { possibleDecisions: sorted } : {}),
  };
}

/** The identity-policy decision with one resource group's policies (none when `group` is undefined). */
function identityWith(required: RequiredAction, context: RequestContext, p: ScopedPolicies, group: string | undefined, options: ScopedOptions): Decision {
  const scoped = group === undefined ? [] : p.resourceGroups.filter((g) => g.resourceGroupId === group).flatMap((g) => g.policies);
  if (scoped.length === 0) return evaluateRequiredAction(required, context, p.account, options);
  if ((options.resourceGroupCombination ?? 'denyWins') === 'denyWins') return evaluateRequiredAction(required, context, [...p.account, ...scoped], options);
  const account = evaluateRequiredAction(required, context, p.account, options);
  const group_ = evaluateRequiredAction(required, context, scoped, options);
  // accountFirst: resource-group policies decide only where the account-scope ones are silent.
  const possible = [...new Set(outcomes(account).flatMap((a) => (a === 'implicitDeny' ? outcomes(group_) : [a])))];
  return decided(possible, [account, group_], []);
}

/**
 * The identity decision for a request on a resource in `resourceGroup`: a known group applies its own policies;
 * `null` means the request has no resource group (none applies); `undefined` means the group is unknown, so every
 * group's policies might apply and the decision is indeterminate when they would change it.
 */
function identityDecision(required: RequiredAction, context: RequestContext, p: ScopedPolicies, resourceGroup: string | null | undefined, options: ScopedOptions): Decision {
  if (resourceGroup !== undefined) return identityWith(required, context, p, resourceGroup ?? undefined, options);
  const groups = [...new Set(p.resourceGroups.map((g) => g.resourceGroupId))];
  const base = identityWith(required, context, p, undefined, options);
  if (groups.length === 0) return base;
  const each = groups.map((g) => identityWith(required, context, p, g, options));
  const possible = [...new Set([base, ...each].flatMap(outcomes))];
  if (possible.length === 1) return base;
  return decided(possible, [base, ...each], [`The resource group of ${required.resource} is unknown and policies attached at resource-group scope (${groups.join(', ')}) would change the decision.`]);
}

/** Control policies: a Deny at any level, or a level with no Allow, denies; they never grant. */
function controlDecision(required: RequiredAction, context: RequestContext, p: ScopedPolicies, options: ScopedOptions): Decision | undefined {
  if (p.control.length === 0) return undefined;
  const levels = p.control.map((l) => ({ level: l, d: evaluateRequiredAction(required, context, l.policies, options) }));
  let possible: DefiniteDecision[] = ['allow'];
  for (const { d } of levels) {
    possible = [
      ...new Set(
        possible.flatMap((a) =>
          outcomes(d).map((b): DefiniteDecision => (a === 'explicitDeny' || b === 'explicitDeny' ? 'explicitDeny' : a === 'implicitDeny' || b === 'implicitDeny' ? 'implicitDeny' : 'allow')),
        ),
      ),
    ];
  }
  const silent = levels.filter(({ d }) => d.decision === 'implicitDeny').map(({ level }) => `${level.kind} ${level.targetId}`);
  const reasons = silent.length ? [`No control policy attached to ${silent.join(', ')} allows ${required.action}: control policies must allow at every level from the account to the root.`] : [];
  return decided(
    possible,
    levels.map(({ d }) => d),
    reasons,
  );
}

/** Evaluates one required action against control, account-scope and resource-group-scope policies. */
export function evaluateScoped(required: RequiredAction, context: RequestContext, policies: ScopedPolicies, resourceGroup: string | null | undefined, options: ScopedOptions = {}): ScopedDecision {
  const identity = identityDecision(required, context, policies, resourceGroup, options);
  const control = controlDecision(required, context, policies, options);
  if (!control) return { ...identity, layer: 'identity' };
  const c = outcomes(control);
  const possible = [...new Set(c.flatMap((x) => (x === 'allow' ? outcomes(identity) : [x])))];
  const controlDecides = !c.includes('allow');
  const d = decided(possible, controlDecides ? [control] : [control, identity], []);
  return { ...d, layer: controlDecides ? 'control' : 'identity' };
}
