/**
 * The fix plan of a report: every failing finding with a known fix gets exact steps, in the order that repairs
 * its chain — the root cause first, then what it explains (outward from the root), then verification — followed
 * by failing findings outside any chain. Pure: built from the findings and root causes alone.
 */
import type { Finding } from '../findings/types';
import { repairOrder } from '../findings/repair-order';
import type { RamFix } from './ram-plan';
import { aliyunCommand, shellQuote } from './shell';
import type { ApiCall, FixPlan, FixStep, StepPhase } from './types';

export interface PlanInput {
  cluster: { clusterId: string; region: string };
  findings: readonly Finding[];
  rootCauses: readonly { findingId: string; explains: string[]; chain: string[] }[];
}

type Draft = Omit<FixStep, 'id' | 'phase'>;

const RESYNC = 'route reconciliation period of the CCM (--route-reconciliation-period: 5 minutes by default in CCM v2, pkg/config/controller_config.go)';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function routeCall(action: 'CreateRouteEntry' | 'DeleteRouteEntry', region: string, table: string, cidr: string, hop: string): ApiCall {
  return action === 'CreateRouteEntry'
    ? { product: 'vpc', action, params: { RegionId: region, RouteTableId: table, DestinationCidrBlock: cidr, NextHopType: 'Instance', NextHopId: hop } }
    : { product: 'vpc', action, params: { RegionId: region, RouteTableId: table, DestinationCidrBlock: cidr, NextHopId: hop } };
}

function createStep(f: Finding, region: string, table: string, cidr: string, hop: string, ccm: boolean): Draft {
  const call = routeCall('CreateRouteEntry', region, table, cidr, hop);
  return {
    findingIds: [f.id],
    title: `Create the route ${cidr} → ${hop} in ${table}`,
    description: ccm ? `The CCM creates it itself within one ${RESYNC} once it is allowed; create it by hand only if it has not.` : 'Create the route the CCM expects for this node.',
    command: aliyunCommand(call),
    call,
    route: { op: 'create', routeTableId: table, destination: cidr, nextHopId: hop },
    ...(ccm ? { ccmRepairs: true } : {}),
  };
}

function deleteStep(f: Finding, region: string, table: string, cidr: string, hop: string, why: string, extra: Partial<Draft> = {}): Draft {
  const call = routeCall('DeleteRouteEntry', region, table, cidr, hop);
  return {
    findingIds: [f.id],
    title: `Delete the route ${cidr} → ${hop} in ${table}`,
    description: why,
    command: aliyunCommand(call),
    call,
    route: { op: 'delete', routeTableId: table, destination: cidr, nextHopId: hop },
    ...extra,
  };
}

/** The repair steps of one finding; empty when it has none (it is verified instead, or has no known fix). */
function repairSteps(f: Finding, region: string): Draft[] {
  // Read as plain data: the plan is also built from saved reports, whose evidence is JSON.
  const e = f.evidence as Record<string, unknown>;
  switch (f.code) {
    case 'RAM_EXPLICIT_DENY':
    case 'RAM_IMPLICIT_DENY': {
      const fix = e.fix as RamFix | undefined;
      return fix ? fix.steps.map((s) => ({ ...s, findingIds: [f.id] })) : [];
    }
    case 'ROUTE_MISSING':
      return [createStep(f, region, str(e.routeTableId), str(e.podCIDR), str(e.instanceId), true)];
    case 'ROUTE_WRONG_NEXT_HOP': {
      const wrong = ((e.actualNextHops as { id?: string }[] | undefined) ?? [])[0]?.id ?? '';
      return [
        deleteStep(
          f,
          region,
          str(e.routeTableId),
          str(e.podCIDR),
          wrong,
          `It points at ${wrong}, not at the node's instance ${str(e.expectedNextHop)}.` +
            ` The CCM (v2.4.0 and later) deletes and re-creates it itself within one ${RESYNC} once it is allowed; do it by hand only if it has not.`,
          { ccmRepairs: true },
        ),
        createStep(f, region, str(e.routeTableId), str(e.podCIDR), str(e.expectedNextHop), true),
      ];
    }
    case 'ROUTE_ORPHANED':
      return [
        deleteStep(
          f,
          region,
          str(e.routeTableId),
          str(e.destination),
          str(e.nextHopId),
          'No current node runs on its next hop and the CCM never removes such entries; delete it once no node will come back on that instance.',
        ),
      ];
    case 'ROUTE_CONFLICT': {
      const hop = ((e.nextHops as { id?: string }[] | undefined) ?? [])[0]?.id ?? '';
      return [
        deleteStep(f, region, str(e.routeTableId), str(e.destination), hop, `It overlaps ${str(e.node)}'s pod CIDR ${str(e.podCIDR)} with another next hop. Delete it only if it is not intentional.`, {
          judgement: true,
        }),
      ];
    }
    default:
      return [];
  }
}

/** How to see that a finding is gone, for findings repaired by what they are explained by. */
function verifySteps(f: Finding): Draft[] {
  const name = f.resource.name ?? '';
  switch (f.code) {
    case 'APISERVICE_UNAVAILABLE':
      return [
        {
          findingIds: [f.id],
          title: `Check that APIService ${name} is Available`,
          description: 'Its Available condition turns True once its backend is reachable again.',
          command: `kubectl get apiservice ${shellQuote(name)}`,
        },
      ];
    case 'NAMESPACE_STUCK_TERMINATING':
      return [
        {
          findingIds: [f.id],
          title: `Check that namespace ${name} finished deleting`,
          description: 'The namespace controller finishes the deletion once discovery succeeds; the namespace is then gone (NotFound).',
          command: `kubectl get namespace ${shellQuote(name)}`,
        },
      ];
    case 'NODE_ROUTE_CONDITION_STALE':
      return [
        {
          findingIds: [f.id],
          title: `Check node ${name}'s route condition`,
          description: 'Once its route is back the condition is truthful again (NetworkUnavailable=False, RouteCreated).',
          command: `kubectl get node ${shellQuote(name)} -o jsonpath='{.status.conditions[?(@.type=="NetworkUnavailable")].reason}'`,
        },
      ];
    case 'CCM_ROUTE_SYNC_FAILING':
      return [
        {
          findingIds: [f.id],
          title: 'Check that the route controller succeeds again',
          description: `Within one ${RESYNC} it records CreatedRoute events for the routes it restores.`,
          command: 'kubectl get events -n default --field-selector reason=CreatedRoute',
        },
      ];
    default:
      return [];
  }
}

/** Remediation commands of findings the planner has no builder for (kubectl commands of other checks), last resorts left out. */
function genericSteps(f: Finding): Draft[] {
  return f.remediation.filter((r) => r.command && !r.lastResort).map((r) => ({ findingIds: [f.id], title: r.description.split(/(?<=\.)\s/)[0], description: r.description, command: r.command }));
}

/** Builds the plan. */
export function buildFixPlan(input: PlanInput): FixPlan {
  const { region, clusterId } = input.cluster;
  const failing = input.findings.filter((f) => f.status === 'fail');
  const byId = new Map(input.findings.map((f) => [f.id, f]));
  const steps: FixStep[] = [];
  const covered = new Set<string>();
  const seenCommands = new Set<string>();
  const push = (phase: StepPhase, d: Draft): FixStep | undefined => {
    const key = d.command ?? d.title;
    if (seenCommands.has(key)) return undefined;
    seenCommands.add(key);
    const step: FixStep = { id: `s${steps.length + 1}`, phase, ...d };
    steps.push(step);
    return step;
  };
  const repairs = (f: Finding, phase: StepPhase) => {
    // A root cause without a step builder (a kubectl fix of another check) still comes first, with its own commands.
    const own = repairSteps(f, region).length > 0 || phase !== 'root' ? repairSteps(f, region) : genericSteps(f);
    const added = own.map((d) => push(phase, d)).filter((s): s is FixStep => s !== undefined);
    const fix = (f.evidence as { fix?: RamFix }).fix;
    if (fix?.alternative && added.length > 0) push(phase, { ...fix.alternative, findingIds: [f.id], alternativeTo: added.map((s) => s.id) });
    if (own.length > 0) covered.add(f.id);
  };

  const verification: Draft[] = [];
  for (const rc of input.rootCauses) {
    const root = byId.get(rc.findingId);
    if (!root || root.status !== 'fail') continue;
    repairs(root, 'root');
    const explained = repairOrder(root.id, input.findings)
      .slice(1)
      .filter((f) => f.status === 'fail');
    for (const f of explained) repairs(f, 'explained');
    for (const f of explained) {
      const v = verifySteps(f);
      if (v.length > 0) covered.add(f.id);
      verification.push(...v);
    }
  }
  for (const f of failing.filter((x) => !covered.has(x.id))) {
    repairs(f, 'other');
    if (covered.has(f.id)) continue;
    const g = genericSteps(f);
    for (const d of g) push('other', d);
    if (g.length > 0) covered.add(f.id);
  }
  for (const d of verification) push('verify', d);
  if (steps.length > 0) {
    push('verify', {
      findingIds: [],
      title: 'Audit again',
      description: 'The chain is repaired when the audit finds none of these findings.',
      command: `ack-drift audit --cluster-id ${shellQuote(clusterId)} --region ${shellQuote(region)}`,
    });
  }
  const withoutFix = failing
    .filter((f) => !covered.has(f.id))
    .map((f) => ({ findingId: f.id, code: f.code, reason: (f.evidence as { fix?: RamFix }).fix?.unresolved ?? f.remediation.find((r) => !r.lastResort)?.description ?? 'no known fix' }));
  return { steps, withoutFix };
}
