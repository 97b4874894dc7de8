/**
 * Which RAM actions the route controller of the cloud controller manager needs, by CCM version (read from
 * cloud-provider-alibaba-cloud; docs/ccm-fidelity.md), and how a legacy ECS-namespaced grant is judged.
 */
import { instanceArn, routeTableArn, vpcArn } from './arn';
import { compareMatched, evaluate } from './evaluate';
import type { AttachedPolicy, Decision, DefiniteDecision, RequestContext } from './model';
import type { EvaluationOptions } from './options';

export interface RequiredAction {
  action: string;
  resource: string;
  /** A sentence for the report: what the route controller does with this permission. */
  why: string;
  /**
   * Actions some believe grant the same capability: old ACK templates grant route writes as `ecs:CreateRouteEntry` /
   * `ecs:DeleteRouteEntry`. Counted only with `routeWriteAliases` (off by default: the CCM calls the VPC endpoint).
   */
  alternatives?: string[];
  /** The route table the action authorises on, when it is one known table (its resource group decides which scoped policies apply). */
  routeTableId?: string;
}

export interface RouteControllerTarget {
  region: string;
  account: string;
  vpcId: string;
  /** The tables the CCM uses; empty when they are unknown (then `routetable/*`). */
  routeTableIds: readonly string[];
  /** True when cloud-config names the tables (`routeTableIDs`): v2 then never calls DescribeRouteTableList. */
  tablesConfigured?: boolean;
}

export interface CcmVersion {
  major: number;
  minor: number;
  patch: number;
  build?: number;
}

/** `legacy`: v1.9.3.x; `v2`: v2.x and later; `union`: unknown or other versions, which need both sets. */
export type CcmProfile = 'legacy' | 'v2' | 'union';

const TAG = /^v?(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/**
 * Reads a CCM version from an image tag or a whole image reference: `v1.9.3.339-g9830b58-aliyun`, `v2.10.1`,
 * `registry-vpc.cn-hangzhou.aliyuncs.com/acs/cloud-controller-manager-amd64:v2.10.1@sha256:...`.
 */
export function parseCcmVersion(text: string): CcmVersion | undefined {
  const noDigest = text.split('@')[0];
  const name = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const tag = name.slice(name.lastIndexOf(':') + 1);
  const m = TAG.exec(tag.trim());
  if (!m) return undefined;
  const [major, minor, patch] = [m[1], m[2], m[3]].map(Number);
  return { major, minor, patch, ...(m[4] !== undefined ? { build: Number(m[4]) } : {}) };
}

/**
 * The permission profile of a CCM version. Only v1.9.3.x is known to be legacy; other 1.x versions are not
 * documented either way, so they — like unparseable or unknown versions — get the union of both profiles, which
 * can only add checks, never skip one.
 */
export function ccmProfile(ccmVersion: string | undefined): CcmProfile {
  const v = ccmVersion === undefined ? undefined : parseCcmVersion(ccmVersion);
  if (!v) return 'union';
  if (v.major >= 2) return 'v2';
  return v.major === 1 && v.minor === 9 && v.patch === 3 ? 'legacy' : 'union';
}

/** Whether a CCM version is at least major.minor.patch; undefined when the version is unknown or unparseable. */
export function ccmAtLeast(ccmVersion: string | undefined, major: number, minor: number, patch: number): boolean | undefined {
  const v = ccmVersion === undefined ? undefined : parseCcmVersion(ccmVersion);
  if (!v) return undefined;
  if (v.major !== major) return v.major > major;
  return v.minor !== minor ? v.minor > minor : v.patch >= patch;
}

/**
 * Whether this CCM version also calls the batch route APIs CreateRouteEntries/DeleteRouteEntries (v2.11.2 and later:
 * cloud-provider-alibaba-cloud pkg/provider/alibaba/vpc/vpc.go, pkg/controller/route/route_controller.go); undefined
 * when the version is unknown.
 */
export function usesBatchRouteApis(ccmVersion: string | undefined): boolean | undefined {
  const v = ccmVersion === undefined ? undefined : parseCcmVersion(ccmVersion);
  if (!v) return undefined;
  if (v.major !== 2) return v.major > 2;
  return v.minor > 11 || (v.minor === 11 && v.patch >= 2);
}

/**
 * The actions (with the resource each authorises on, and why) the route controller of this CCM version needs.
 * Every route call goes to the VPC endpoint, v1 included (v1.9.3 `contextedclient.go`
 * `ecs.NewVPCClientWithSecurityToken4RegionalDomain`), so the actions are `vpc:` ones; v2 makes no ECS call from its
 * route controller (`pkg/provider/provider.go` IVPC) and lists the VPC's tables only when none are configured
 * (`pkg/controller/route/manager.go` getRouteTables).
 */
export function requiredRouteControllerActions(ccmVersion: string | undefined, target: RouteControllerTarget): RequiredAction[] {
  const profile = ccmProfile(ccmVersion);
  const batch = profile === 'legacy' ? false : profile === 'union' ? true : (usesBatchRouteApis(ccmVersion) ?? true);
  const { region, account } = target;
  const tables = target.routeTableIds.length > 0 ? target.routeTableIds : ['*'];
  const out: RequiredAction[] = [];
  if (profile !== 'v2') {
    out.push({
      action: 'vpc:DescribeVpcs',
      resource: vpcArn(region, account, target.vpcId),
      why: `CCM v1.9.3.x looks up VPC ${target.vpcId} (DescribeVpcs) to find the route table it repairs`,
    });
  }
  if (profile !== 'legacy' && !target.tablesConfigured) {
    out.push({
      action: 'vpc:DescribeRouteTableList',
      resource: routeTableArn(region, account, '*'),
      why: `CCM v2 lists the route tables of VPC ${target.vpcId} (DescribeRouteTableList) because cloud-config names none in routeTableIDs`,
    });
  }
  for (const table of tables) {
    const arn = routeTableArn(region, account, table);
    const first = out.length;
    const name = table === '*' ? "the VPC's route table" : `route table ${table}`;
    out.push(
      { action: 'vpc:DescribeRouteEntryList', resource: arn, why: `the route controller reads the entries of ${name} to compare them with the nodes' pod CIDRs` },
      { action: 'vpc:CreateRouteEntry', resource: arn, why: `the route controller creates the missing entry for a node's pod CIDR in ${name}`, alternatives: ['ecs:CreateRouteEntry'] },
      { action: 'vpc:DeleteRouteEntry', resource: arn, why: `the route controller deletes wrong or conflicting entries (before re-creating them) in ${name}`, alternatives: ['ecs:DeleteRouteEntry'] },
    );
    if (profile !== 'v2') {
      out.push({ action: 'vpc:DescribeRouteTables', resource: arn, why: `CCM v1.9.3.x waits after each route write until the entries of ${name} are Available (DescribeRouteTables)` });
    }
    if (batch) {
      out.push(
        {
          action: 'vpc:CreateRouteEntries',
          resource: arn,
          why: `CCM v2.11.2+ creates the routes of new nodes in batches in ${name} (CreateRouteEntries); without it they wait for the 5-minute periodic sync`,
        },
        { action: 'vpc:DeleteRouteEntries', resource: arn, why: `CCM v2.11.2+ deletes the routes of deleted nodes in batches in ${name} (DeleteRouteEntries); without it they are never removed` },
      );
    }
    if (table !== '*') for (const r of out.slice(first)) r.routeTableId = table;
  }
  if (profile !== 'v2') {
    // DescribeInstances authorises on instances; a list call over the region needs every instance (`instance/*`),
    // which `*`, `acs:ecs:*:*:*` and `acs:ecs:*:*:instance/*` grant but a single-instance ARN does not.
    out.push({
      action: 'ecs:DescribeInstances',
      resource: instanceArn(region, account),
      why: 'CCM v1.9.3.x resolves nodes to ECS instances, the next hops of their routes (DescribeInstances)',
    });
  }
  return out;
}

export interface RequirementOptions extends Partial<EvaluationOptions> {
  /**
   * Count `alternatives` (the legacy `ecs:` route-write actions) as the same permission: the need is met when either
   * form is allowed and neither is explicitly denied. Default false: the CCM calls the VPC endpoint, so RAM checks
   * the `vpc:` action and an `ecs:` grant never stands in for it (v1.9.3 `contextedclient.go`).
   */
  routeWriteAliases?: boolean;
}

const ORDER: readonly DefiniteDecision[] = ['allow', 'explicitDeny', 'implicitDeny'];

function outcomes(d: Decision): DefiniteDecision[] {
  return d.possibleDecisions ?? [d.decision as DefiniteDecision];
}

/** Either form granting is enough, but a Deny on either wins: explicitDeny > allow > implicitDeny. */
function either(a: DefiniteDecision, b: DefiniteDecision): DefiniteDecision {
  if (a === 'explicitDeny' || b === 'explicitDeny') return 'explicitDeny';
  return a === 'allow' || b === 'allow' ? 'allow' : 'implicitDeny';
}

/**
 * Evaluates one required action against the attached policies, counting its alternatives (see RequirementOptions).
 * The combined decision is exact over the possible outcomes of each form, so `indeterminate` stays indeterminate
 * only when the undecided conditions could really change the answer.
 */
export function evaluateRequiredAction(required: RequiredAction, context: RequestContext, policies: readonly AttachedPolicy[], options: RequirementOptions = {}): Decision {
  const { routeWriteAliases = false, ...evaluation } = options;
  const primary = evaluate({ action: required.action, resource: required.resource, context }, policies, evaluation);
  const alternatives = routeWriteAliases ? (required.alternatives ?? []) : [];
  if (alternatives.length === 0) return primary;
  const decisions = [primary, ...alternatives.map((action) => evaluate({ action, resource: required.resource, context }, policies, evaluation))];
  let possible = outcomes(decisions[0]);
  for (const d of decisions.slice(1)) possible = [...new Set(possible.flatMap((a) => outcomes(d).map((b) => either(a, b))))];
  possible = ORDER.filter((o) => possible.includes(o));
  const forms = [required.action, ...alternatives].join(' or ');
  const rule = `${forms} are the same permission: met when either is allowed and neither is explicitly denied.`;
  // A statement naming both forms (e.g. `*`) matches twice; list it once.
  const matched = new Map(decisions.flatMap((d) => d.matched).map((m) => [`${m.policy}\u0000${m.version}\u0000${m.policyType}\u0000${m.scope ?? ''}\u0000${m.statement}`, m]));
  return {
    decision: possible.length === 1 ? possible[0] : 'indeterminate',
    matched: [...matched.values()].sort(compareMatched),
    reasons: [...decisions.flatMap((d) => d.reasons), rule],
    ...(possible.length > 1 ? { possibleDecisions: possible } : {}),
  };
}
