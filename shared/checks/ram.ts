/**
 * The route controller's RAM permissions: evaluate, with the RAM engine, every action its CCM version needs,
 * against the default versions of the policies attached to the identity it really uses.
 */
import type { CcmIdentityPlan, Inventory, PolicyVersionDoc, RamIdentity, RouteTableInfo } from '../collect/inventory';
import { failuresOf, valueOf } from '../collect/inventory';
import { incomplete, makeFinding } from '../findings/make';
import type { Finding } from '../findings/types';
import { parsePolicy } from '../ram/parse';
import { requiredRouteControllerActions, type RequiredAction } from '../ram/profiles';
import { evaluateScoped, type ScopedDecision, type ScopedPolicies } from '../ram/scoped';
import { routeControllerContext } from '../ram/request-context';
import { CS_SERVICE, ECS_SERVICE, trustAllowsService, trustRestoreCommand } from '../ram/trust';
import type { ApiFailure } from '../collect/api-error';
import type { AttachedPolicy, Decision, MatchedStatement } from '../ram/model';
import { statementOfPolicy } from '../ram/statement-name';
import { planRamFix, type RamFix } from '../fix/ram-plan';
import type { Remediation } from '../findings/types';
import { ccmVersion, locateCcm } from './ccm';
import { isManaged } from './managed-tables';
import { resolveNetwork } from './network';
import type { CheckContext, CheckResult } from './types';

interface Evaluated {
  required: RequiredAction;
  decision: ScopedDecision;
}

const TABLES_UNKNOWN = '; the route tables were unknown, so route actions were evaluated on routetable/*';

/** `<what> could not be read (<api> <code>)`, for the coverage reason. */
function unreadText(u: Unread): string {
  const f = u.failures[0];
  return `${u.what.replace(/ \(identity policies only\)$/, '')} could not be read (${f ? `${f.api} ${f.code}` : 'not collected'})`;
}

/** Policies beyond account scope that exist but could not be read: the verdict rests on identity policies only. */
interface Unread {
  what: string;
  failures: ReturnType<typeof failuresOf>;
}

/** The control policies over the account, parsed with their scope; `unread` when they exist but could not be read. */
function controlPolicies(inv: Inventory, findings: Finding[]): { levels: ScopedPolicies['control']; unread?: Unread; directory?: string } {
  const rd = inv.resourceDirectory;
  if (rd === undefined) return { levels: [] };
  if (rd.status !== 'complete') {
    const unread = { what: "the Resource Directory's control policies over the account (identity policies only)", failures: failuresOf(rd) };
    findings.push(incomplete('ram', unread.what, unread.failures));
    return { levels: [], unread };
  }
  const levels = rd.value.levels.map((l) => ({
    targetId: l.targetId,
    kind: l.kind,
    policies: l.policies.flatMap((p) => {
      const parsed = parsePolicy(p.document);
      const scope = `control policy on ${l.kind} ${l.targetId}`;
      if (parsed.ok) return [{ name: p.policyName, type: p.policyType === 'System' ? ('System' as const) : ('Custom' as const), version: p.policyId, document: parsed.policy, scope }];
      findings.push(invalidPolicy({ kind: 'Account', name: l.targetId }, `${p.policyName}@${p.policyId}`, `Control policy ${p.policyName} (${p.policyId}) on ${l.kind} ${l.targetId}`, parsed.errors));
      return [];
    }),
  }));
  const id = rd.value.resourceDirectoryId ?? '?';
  const directory = rd.value.membership === 'none' ? undefined : `${rd.value.membership === 'member' ? 'a member' : 'the management account'} of Resource Directory ${id}`;
  return { levels, directory };
}

/** The identity's resource-group-scope policies, parsed with their scope; `unread` when they could not be listed. */
function resourceGroupPolicies(identity: RamIdentity, findings: Finding[]): { groups: ScopedPolicies['resourceGroups']; unread?: Unread } {
  const read = identity.resourceGroupPolicies;
  if (read === undefined) return { groups: [] };
  if (read.status !== 'complete') {
    const unread = { what: `the policies attached to ${identity.name} at resource-group scope (identity policies only)`, failures: failuresOf(read) };
    findings.push(incomplete('ram', unread.what, unread.failures));
    return { groups: [], unread };
  }
  const byGroup = new Map<string, AttachedPolicy[]>();
  for (const d of read.value) {
    const parsed = parsePolicy(d.document);
    if (!parsed.ok) {
      findings.push(
        invalidPolicy(
          { kind: identity.kind, name: identity.name },
          `${d.policyName}@${d.versionId}@${d.resourceGroupId}`,
          `Policy ${d.policyName} (${d.versionId}) attached to ${identity.name} in resource group ${d.resourceGroupId}`,
          parsed.errors,
        ),
      );
      continue;
    }
    const list = byGroup.get(d.resourceGroupId) ?? [];
    list.push({ name: d.policyName, type: d.policyType === 'System' ? 'System' : 'Custom', version: d.versionId, document: parsed.policy, scope: `resource group ${d.resourceGroupId}` });
    byGroup.set(d.resourceGroupId, list);
  }
  return { groups: [...byGroup].map(([resourceGroupId, policies]) => ({ resourceGroupId, policies })) };
}

/**
 * The resource group a required action's resource is in: a known table's group (undefined when DescribeRouteTableList
 * did not say), `null` for an All-Resources request (`*`), undefined (unknown) for wildcard or other ARNs.
 */
function resourceGroupOf(required: RequiredAction, tables: readonly RouteTableInfo[]): string | null | undefined {
  if (required.routeTableId) return tables.find((t) => t.routeTableId === required.routeTableId)?.resourceGroupId;
  return required.resource === '*' ? null : undefined;
}

function accountOf(identity: RamIdentity, fallback: string | undefined): string {
  return /^acs:ram::(\d+):/.exec(identity.arn ?? '')?.[1] ?? fallback ?? '*';
}

/** Required actions up to which the audit plans the RAM fix itself (about ten route tables). */
const MAX_PLANNED_ACTIONS = 40;

/** The RAM check. */
export function checkRam(inv: Inventory, ctx: CheckContext): CheckResult {
  const plan = inv.ccmIdentity;
  const net = resolveNetwork(inv);
  // On Terway the route controller manages no routes, so its route permissions decide nothing.
  if (net.network === 'terway') return { findings: [], coverage: { check: 'ram', status: 'not_applicable', reason: `Terway cluster (${net.source}): the route controller manages no VPC routes` } };
  const findings: Finding[] = [];
  const ccm = locateCcm(valueOf(inv.pods) ?? []);
  const managed = isManaged(inv.cluster);
  const version = ccmVersion(inv);
  const roles = valueOf(inv.instanceRoles);
  if (roles) {
    for (const [instanceId, role] of Object.entries(roles)) {
      if (role) continue;
      findings.push(
        makeFinding({
          code: 'RAM_ROLE_NOT_ATTACHED',
          resource: { kind: 'RamRole', name: '(none)', id: instanceId },
          message: `Instance ${instanceId}, which runs the cloud controller manager, has no RAM role: the route controller has no credentials to repair routes.`,
          evidence: { instanceId, identityUsedByCcm: true, ccmPods: ccm.pods.map((p) => p.name) },
          remediation: [
            {
              description: 'Attach the cluster master role to the instance.',
              command: `aliyun ecs AttachInstanceRamRole --RegionId ${inv.region} --InstanceIds '["${instanceId}"]' --RamRoleName <KubernetesMasterRole-…>`,
            },
          ],
        }),
      );
    }
  }
  if (inv.ramIdentities.status === 'not_collected') {
    const reason = inv.ramIdentities.reason;
    findings.push(
      makeFinding({
        code: 'CHECK_INCOMPLETE',
        check: 'ram',
        status: 'unknown',
        resource: { kind: 'Check', name: 'ram' },
        key: 'identity',
        message: `The route controller's RAM permissions could not be checked: ${reason}.`,
        evidence: { missing: 'the route controller identity', reason, plan: plan ? { kind: plan.kind, name: plan.name ?? null, how: plan.how } : null },
        remediation:
          plan?.kind === 'RamUser'
            ? [
                {
                  description:
                    'Check the policies of the RAM user that owns the AccessKey in kube-system/cloud-config for the route actions (vpc:DescribeRouteTableList, ' +
                    'vpc:DescribeRouteEntryList, vpc:CreateRouteEntry, vpc:DeleteRouteEntry), with `ack-drift policy`.',
                },
              ]
            : [],
      }),
    );
    return { findings, coverage: { check: 'ram', status: 'failed', reason } };
  }
  const missingRole = managed && plan?.name ? roleMissing(plan, failuresOf(inv.ramIdentities)) : undefined;
  if (missingRole) return { findings: [...findings, missingRole], coverage: { check: 'ram', status: 'complete', reason: `role ${plan?.name} does not exist` } };
  const identities = valueOf(inv.ramIdentities);
  if (!identities || inv.ramIdentities.status !== 'complete') {
    const failures = failuresOf(inv.ramIdentities);
    findings.push(incomplete('ram', `the RAM policies of ${plan?.name ?? 'the route controller identity'}`, failures));
    if (!identities) return { findings, coverage: { check: 'ram', status: 'failed', reason: `RAM policies could not be read: ${failures[0]?.api ?? ''} ${failures[0]?.code ?? ''}`.trim() } };
  }
  const cluster = valueOf(inv.cluster);
  const tables = valueOf(inv.vpcRouteTableIds) ?? [];
  const ccmNode = (valueOf(inv.nodes) ?? []).find((n) => n.name === ccm.pods[0]?.nodeName);
  // Unknown tables are evaluated as `routetable/*`: a statement scoped to one table may then be missed.
  const tablesKnown = inv.vpcRouteTableIds.status === 'complete';
  let partial = inv.ramIdentities.status !== 'complete' || !tablesKnown;
  let evaluatedIdentities = 0;
  const control = controlPolicies(inv, findings);
  const unread: Unread[] = control.unread ? [control.unread] : [];
  const routeTables = valueOf(inv.routeTables) ?? [];
  for (const identity of identities) {
    const account = accountOf(identity, inv.accountId);
    // Instance roles are assumed by ECS; a managed cluster's service role is assumed by CS.
    findings.push(...trustFindings(identity, managed ? CS_SERVICE : ECS_SERVICE));
    if (identity.policies.status !== 'complete') {
      partial = true;
      findings.push(incomplete('ram', `the policies of ${identity.kind === 'RamRole' ? 'role' : 'user'} ${identity.name}`, failuresOf(identity.policies)));
      if (identity.policies.status === 'failed' || identity.policies.status === 'not_collected') continue;
    }
    evaluatedIdentities += 1;
    const { attached, invalid } = parseAll(identity, identity.policies.value);
    findings.push(...invalid);
    const groups = resourceGroupPolicies(identity, findings);
    if (groups.unread) unread.push(groups.unread);
    const scoped: ScopedPolicies = { account: attached, resourceGroups: groups.groups, control: control.levels };
    const tablesConfigured = ((managed ? inv.ccmAddon && valueOf(inv.ccmAddon) : valueOf(inv.cloudConfig))?.routeTableIds.length ?? 0) > 0;
    const required = requiredRouteControllerActions(version, { region: cluster?.region ?? inv.region, account, vpcId: cluster?.vpcId ?? '*', routeTableIds: tables, tablesConfigured });
    // Where a managed control plane calls from is undocumented: acs:SourceVpc/SourceIp stay unset, so conditions on
    // them come out indeterminate rather than guessed.
    const context = routeControllerContext(managed ? { now: ctx.now } : { sourceVpc: cluster?.vpcId, sourceIp: ccmNode?.internalIPs[0], now: ctx.now });
    const options = { routeWriteAliases: ctx.options.routeWriteAliases, resourceGroupCombination: ctx.options.resourceGroupCombination };
    const evaluated = required.map((r) => ({ required: r, decision: evaluateScoped(r, context, scoped, resourceGroupOf(r, routeTables), options) }));
    const blockedBy = evaluated.filter((e) => e.decision.decision === 'explicitDeny' || e.decision.decision === 'implicitDeny');
    // The planner changes account-scope policies only: it cannot lift a control policy or outvote a resource-group one.
    const plannable = blockedBy.every((e) => e.decision.layer === 'identity') && groups.groups.length === 0;
    // Planning is cheap for a few tables; for many it costs seconds of engine time, so it is left to `ack-drift fix`.
    const fix = blockedBy.length > 0 && plannable && required.length <= MAX_PLANNED_ACTIONS ? ramFix(identity, identity.policies.value, required, context) : undefined;
    findings.push(...decisionFindings(identity, evaluated, { version, plan, fix, managed }));
  }
  const who = plan ? `${plan.kind} ${plan.name ?? ''} (${plan.how})` : identities.map((i) => i.name).join(', ');
  if (identities.length > 0 && evaluatedIdentities === 0) {
    const f = identities.flatMap((i) => failuresOf(i.policies))[0];
    return {
      findings,
      coverage: {
        check: 'ram',
        status: 'failed',
        reason: `the policies of ${identities.map((i) => i.name).join(', ')} could not be read${f ? `: ${f.api} ${f.code}${f.requestId ? ` (request id ${f.requestId})` : ''}` : ''}`,
      },
    };
  }
  const beyond = unread.length
    ? `; identity policies only: ${unread.map(unreadText).join('; ')}`
    : control.directory
      ? `; the account is ${control.directory}${control.levels.length ? ', whose control policies were evaluated' : ', so no control policy applies'}`
      : '';
  return {
    findings,
    coverage: {
      check: 'ram',
      status: partial || unread.length > 0 ? 'partial' : 'complete',
      reason: `route controller ${version ? `${version} ` : ''}identity: ${who}${tablesKnown ? '' : TABLES_UNKNOWN}${beyond}`,
    },
  };
}

function trustFindings(identity: RamIdentity, service: string): Finding[] {
  if (identity.kind !== 'RamRole' || identity.trustPolicy === undefined) return [];
  const verdict = trustAllowsService(identity.trustPolicy, service);
  if (verdict === 'allow') return [];
  const who = service === ECS_SERVICE ? 'instances cannot get its credentials' : "ACK's control plane cannot act with it";
  return [
    makeFinding({
      code: 'RAM_TRUST_BROKEN',
      resource: { kind: 'RamRole', name: identity.name },
      message: `The trust policy of role ${identity.name} does not let ${service} assume it (${verdict}): ${who}.`,
      evidence: { trustPolicy: identity.trustPolicy, verdict, identityUsedByCcm: true, service },
      remediation: [
        {
          description: 'Restore the trust policy.',
          command: trustRestoreCommand(identity.name, service),
        },
      ],
    }),
  ];
}

/**
 * RAM_ROLE_MISSING when GetRole says the managed cluster's CCM role does not exist (`EntityNotExist.Role`): ACK
 * creates it when the account authorises ACK's default roles, and the control plane's CCM acts with it.
 */
function roleMissing(plan: CcmIdentityPlan, failures: ApiFailure[]): Finding | undefined {
  const f = failures.find((x) => x.api === 'ram:GetRole' && x.code === 'EntityNotExist.Role');
  if (!f || !plan.name) return undefined;
  return makeFinding({
    code: 'RAM_ROLE_MISSING',
    resource: { kind: 'RamRole', name: plan.name },
    message:
      `Role ${plan.name}, which a managed cluster's route controller acts with, does not exist ` +
      `(${f.code}${f.requestId ? `, request id ${f.requestId}` : ''}): the control plane cannot create or repair routes.`,
    evidence: { role: plan.name, errorCode: f.code, requestId: f.requestId ?? null, identityUsedByCcm: true, identity: identityRef(plan) },
    remediation: [
      {
        description:
          `Authorise ACK's default roles for the account (Container Service console, "Cloud resource access authorization"), ` +
          `which recreates ${plan.name} trusting cs.aliyuncs.com with its system policy.`,
      },
    ],
  });
}

/** The identity as findings show it; `basis: inferred` when it was named from documentation, not read from the cluster. */
function identityRef(plan: CcmIdentityPlan | undefined, identity?: RamIdentity) {
  return { kind: identity?.kind ?? plan?.kind, name: identity?.name ?? plan?.name ?? null, how: plan?.how ?? null, basis: plan?.basis ?? 'observed' };
}

function parseAll(identity: RamIdentity, docs: PolicyVersionDoc[]): { attached: AttachedPolicy[]; invalid: Finding[] } {
  const attached: AttachedPolicy[] = [];
  const invalid: Finding[] = [];
  for (const d of docs) {
    const parsed = parsePolicy(d.document);
    if (parsed.ok) {
      attached.push({ name: d.policyName, type: d.policyType === 'System' ? 'System' : 'Custom', version: d.versionId, document: parsed.policy });
      continue;
    }
    invalid.push(invalidPolicy({ kind: identity.kind, name: identity.name }, `${d.policyName}@${d.versionId}`, `Policy ${d.policyName} (${d.versionId}) attached to ${identity.name}`, parsed.errors));
  }
  return { attached, invalid };
}

/** RAM_POLICY_INVALID: `what` does not parse and was left out of the evaluation. */
function invalidPolicy(resource: { kind: string; name: string }, key: string, what: string, errors: string[]): Finding {
  const [policy, version] = key.split('@');
  return makeFinding({
    code: 'RAM_POLICY_INVALID',
    resource,
    key,
    message: `${what} does not parse: ${errors[0]}; it was left out of the evaluation.`,
    evidence: { policy, version, errors: errors.slice(0, 10) },
    remediation: [{ description: `Fix the document of ${policy} and make the fixed version the default.` }],
  });
}

/** The least change for the identity's parseable policies; undefined when the planner cannot read them. */
function ramFix(identity: RamIdentity, docs: PolicyVersionDoc[], required: RequiredAction[], context: ReturnType<typeof routeControllerContext>): RamFix | undefined {
  const policies = docs
    .filter((d) => parsePolicy(d.document).ok)
    .map((d) => ({ name: d.policyName, type: d.policyType === 'System' ? ('System' as const) : ('Custom' as const), defaultVersion: d.versionId, document: d.document, versions: d.versions }));
  return planRamFix({ identity: { kind: identity.kind, name: identity.name }, policies, required, context });
}

/** The fix as remediation entries: each step's command, then the labelled alternative, then what is unresolved. */
function fixRemediation(fix: RamFix): Remediation[] {
  return [
    ...fix.steps.map((s) => ({ description: `${s.title}: ${s.description}`, command: s.command })),
    ...(fix.alternative ? [{ description: `${fix.alternative.title}: ${fix.alternative.description}`, command: fix.alternative.command }] : []),
    ...(fix.unresolved ? [{ description: fix.unresolved }] : []),
  ];
}

/** The policy as it should be after the fix (its corrected document), or null when the fix detaches it. */
function correctedDocument(fix: RamFix | undefined, policy: string): unknown {
  const step = fix?.steps.find((s) => s.call?.params.PolicyName === policy && s.call.action === 'CreatePolicyVersion');
  return step?.call ? (JSON.parse(step.call.params.PolicyDocument) as unknown) : null;
}

function statementRef(m: MatchedStatement) {
  return {
    policy: m.policy,
    policyType: m.policyType,
    version: m.version,
    ...(m.scope !== undefined ? { scope: m.scope } : {}),
    statementIndex: m.statement,
    statementName: statementOfPolicy(m.statement, m.sid, m.policy, m.version),
    statement: JSON.parse(m.statementText) as unknown,
  };
}

function decisionFindings(
  identity: RamIdentity,
  evaluated: Evaluated[],
  { version, plan, fix, managed }: { version: string | undefined; plan: CcmIdentityPlan | undefined; fix: RamFix | undefined; managed: boolean },
): Finding[] {
  const out: Finding[] = [];
  const resource = { kind: identity.kind, name: identity.name };
  const common = { identityUsedByCcm: true, identity: identityRef(plan, identity), ccmVersion: version ?? null };
  const of = (kind: Decision['decision']) => evaluated.filter((e) => e.decision.decision === kind);

  const denied = of('explicitDeny');
  if (denied.length) {
    const denyStatements = new Map<string, MatchedStatement>();
    for (const e of denied)
      for (const m of e.decision.matched) if (m.effect === 'Deny' && m.match === 'definite') denyStatements.set(`${m.policy}\u0000${m.version}\u0000${m.scope ?? ''}\u0000${m.statement}`, m);
    const statements = [...denyStatements.values()];
    const actions = denied.map((e) => e.required.action);
    const scopedRemedy = scopedRemediation(identity, statements);
    out.push(
      makeFinding({
        code: 'RAM_EXPLICIT_DENY',
        resource,
        message: `${statements.map((m) => capitalise(statementLabel(m))).join(' and ')} denies the route controller ${actions.join(', ')}: it cannot repair routes.`,
        evidence: {
          ...common,
          deniedActions: denied.map((e) => ({ action: e.required.action, resource: e.required.resource, why: e.required.why, reasons: e.decision.reasons })),
          deniedBy: statements.map((m) => ({ ...statementRef(m), shouldBe: correctedDocument(fix, m.policy) })),
          ...(fix ? { fix } : {}),
        },
        remediation: fix ? fixRemediation(fix) : scopedRemedy,
      }),
    );
  }
  const implicit = of('implicitDeny');
  if (implicit.length) {
    const byControl = implicit.some((e) => e.decision.layer === 'control');
    const names = implicit.map((e) => e.required.action).join(', ');
    out.push(
      makeFinding({
        code: 'RAM_IMPLICIT_DENY',
        resource,
        message: byControl
          ? `The Resource Directory's control policies do not allow ${names} at every level from the account to the root: ` +
            `the route controller (${identity.name}) is denied them whatever its own policies say.`
          : `No statement attached to ${identity.name} allows ${names}, which the route controller needs.`,
        evidence: {
          ...common,
          actions: implicit.map((e) => ({ action: e.required.action, resource: e.required.resource, why: e.required.why, reasons: e.decision.reasons })),
          ...(byControl ? { deniedByControlPolicies: true } : {}),
          ...(fix && !denied.length ? { fix } : {}),
        },
        remediation:
          fix && !denied.length
            ? fixRemediation(fix)
            : byControl
              ? [{ description: `Ask the Resource Directory's management account to allow ${names} in the control policies of the account's folders (AttachControlPolicy / UpdateControlPolicy).` }]
              : [{ description: 'The corrected policy version of the explicit-deny finding adds the exact Allow these actions need.' }],
      }),
    );
  }
  const conditional = of('indeterminate');
  if (conditional.length) {
    out.push(
      makeFinding({
        code: 'RAM_CONDITIONAL_ALLOW',
        resource,
        message: `The route controller's ${conditional.map((e) => e.required.action).join(', ')} ${conditional.length === 1 ? 'is' : 'are'} decided by conditions the auditor cannot confirm offline.`,
        evidence: {
          ...common,
          actions: conditional.map((e) => ({
            action: e.required.action,
            resource: e.required.resource,
            matched: e.decision.matched.map(statementRef),
            reasons: e.decision.reasons,
            possibleDecisions: e.decision.possibleDecisions ?? [],
          })),
        },
        remediation: [
          {
            description: managed
              ? "A managed cluster's route controller calls from ACK's control plane, whose source VPC and IP are not documented: " +
                'grant these actions without conditions on acs:SourceVpc or acs:SourceIp.'
              : 'Check that the conditions hold for calls from the CCM node (its VPC and private IP), or grant the actions without conditions.',
          },
        ],
      }),
    );
  }
  return out;
}

/** `statement 2 of policy X (v1)`, with where it is attached when that is not the account. */
function statementLabel(m: MatchedStatement): string {
  const base = statementOfPolicy(m.statement, m.sid, m.policy, m.version);
  return m.scope ? `${base}, attached as a ${m.scope}`.replace('as a resource group', 'at resource group') : base;
}

/** What to do about a Deny outside account scope: detach it from the resource group, or ask the directory's admin. */
function scopedRemediation(identity: RamIdentity, statements: MatchedStatement[]): Remediation[] {
  return statements.flatMap((m): Remediation[] => {
    if (m.scope?.startsWith('resource group ')) {
      const group = m.scope.slice('resource group '.length);
      const principalType = identity.kind === 'RamRole' ? 'ServiceRole' : 'IMSUser';
      return [
        {
          description: `Policy ${m.policy} is attached to ${identity.name} at resource group ${group}: remove its Deny, or detach it from that group.`,
          command:
            `aliyun resourcemanager DetachPolicy --PolicyType ${m.policyType} --PolicyName ${m.policy} --PrincipalType ${principalType}` +
            ` --PrincipalName <as ListPolicyAttachments names ${identity.name}> --ResourceGroupId ${group}`,
        },
      ];
    }
    if (m.scope?.startsWith('control policy ')) {
      return [
        {
          description: `Control policy ${m.policy} (${m.version}) is attached to the ${m.scope.slice('control policy on '.length)} of the Resource Directory: \` +
            \`ask its management account to change or detach it.`,
        },
      ];
    }
    return [];
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
