/**
 * The causal rules, one per link of the chain. Each rule adds `causedBy` edges (effect → cause) only where the
 * evidence carries the join key: a group/version, a backend node, the CCM's own identity, an error code.
 */
import type { Finding } from '../findings/types';
import { NETWORK_REASONS } from '../checks/apiservices';

const ROUTE_CODES = new Set(['ROUTE_MISSING', 'ROUTE_WRONG_NEXT_HOP', 'ROUTE_NOT_AVAILABLE', 'ROUTE_CONFLICT']);
// RAM_CONDITIONAL_ALLOW is not here: an allow that may hold explains nothing.
const RAM_BLOCKING = new Set(['RAM_EXPLICIT_DENY', 'RAM_IMPLICIT_DENY', 'RAM_ROLE_NOT_ATTACHED', 'RAM_TRUST_BROKEN']);
/** Actions without which the route controller cannot put a missing route back (find the tables, read, create). */
const REPAIR_ACTIONS: Record<string, RegExp> = {
  ROUTE_MISSING: /^vpc:(DescribeVpcs|DescribeRouteTableList|DescribeRouteEntryList|CreateRouteEntry)$/i,
  ROUTE_WRONG_NEXT_HOP: /^vpc:(DescribeVpcs|DescribeRouteTableList|DescribeRouteEntryList|CreateRouteEntry|DeleteRouteEntry)$/i,
};
/** Failure kinds of an APIService probe that a missing pod route can produce (the backend is unreachable). */
const UNREACHABLE = new Set(['timeout', 'no_route', 'refused']);
/** The route controller itself cannot act. */
const CCM_DOWN = new Set(['CCM_NOT_RUNNING', 'CCM_ROUTES_DISABLED']);
/** Route drift the route controller would repair if it could. */
const REPAIRABLE = new Set(['ROUTE_MISSING', 'ROUTE_WRONG_NEXT_HOP']);

export interface Link {
  effect: Finding;
  cause: Finding;
  rule: string;
}

const failing = (f: Finding) => f.status === 'fail';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The node a route finding is about (the node itself, or the node whose pod CIDR an entry conflicts with). */
/** The actions a RAM finding says are denied; undefined when the whole identity is unusable (no role, broken trust). */
function deniedActions(f: Finding): string[] | undefined {
  const list = (f.evidence.deniedActions ?? f.evidence.actions) as { action?: unknown }[] | undefined;
  return Array.isArray(list) ? list.map((a) => String(a.action)) : undefined;
}

function routeNode(f: Finding): string | undefined {
  return f.resource.kind === 'Node' ? f.resource.name : typeof f.evidence.node === 'string' ? f.evidence.node : undefined;
}

/** Every link the evidence supports, in a stable order. */
export function findLinks(findings: readonly Finding[]): Link[] {
  const live = findings.filter(failing);
  const by = (code: string | Set<string>) => live.filter((f) => (typeof code === 'string' ? f.code === code : code.has(f.code)));
  const links: Link[] = [];

  // Namespace controller: discovery of these group/versions fails → the APIServices that serve them.
  for (const ns of by('NAMESPACE_STUCK_TERMINATING')) {
    const gvs = new Set(strings(ns.evidence.failingGroupVersions));
    for (const api of by('APISERVICE_UNAVAILABLE')) {
      if (gvs.has(String(api.evidence.groupVersion))) links.push({ effect: ns, cause: api, rule: 'namespace discovery fails for the group/version this APIService serves' });
    }
  }
  // kube-aggregator: backend unreachable over the network → the pod routes of the backend's nodes.
  for (const api of by('APISERVICE_UNAVAILABLE')) {
    if (!NETWORK_REASONS.has(String(api.evidence.reason)) || !UNREACHABLE.has(String(api.evidence.failureKind))) continue;
    const nodes = new Set(strings(api.evidence.nodes));
    for (const r of by(ROUTE_CODES)) {
      const node = routeNode(r);
      if (node && nodes.has(node)) links.push({ effect: api, cause: r, rule: 'the backend runs on a node whose pod route is broken' });
    }
  }
  // A stale node condition is explained by the missing route it still claims.
  for (const stale of by('NODE_ROUTE_CONDITION_STALE')) {
    for (const r of by('ROUTE_MISSING')) {
      if (r.resource.name === stale.resource.name) links.push({ effect: stale, cause: r, rule: 'the condition claims a route that is gone' });
    }
  }
  // Route controller: drift it would repair persists because its own identity may not make the calls.
  const ram = by(RAM_BLOCKING).filter((f) => f.evidence.identityUsedByCcm === true);
  for (const r of by(REPAIRABLE)) {
    for (const d of ram) {
      const denied = deniedActions(d);
      if (denied && !denied.some((a) => REPAIR_ACTIONS[r.code].test(a))) continue;
      links.push({ effect: r, cause: d, rule: 'the route controller cannot repair it: its RAM identity is denied the actions the repair needs' });
    }
  }
  // Route controller: a CCM that does not run, or runs with routes disabled, repairs nothing.
  const ccmDown = by(CCM_DOWN);
  for (const r of by(REPAIRABLE)) for (const c of ccmDown) links.push({ effect: r, cause: c, rule: c.code === 'CCM_ROUTES_DISABLED' ? 'the route controller is disabled (--configure-cloud-routes=false)' : 'no route controller is running to create or repair it' });
  // A full route table refuses the entry the route controller tries to create.
  const full = by('ROUTE_QUOTA_EXCEEDED');
  for (const r of by('ROUTE_MISSING')) {
    for (const q of full) if (q.evidence.routeTableId === r.evidence.routeTableId) links.push({ effect: r, cause: q, rule: 'the route table is at its entry quota, so the route controller cannot add this route' });
  }
  for (const ev of by('CCM_ROUTE_SYNC_FAILING')) {
    if (!strings(ev.evidence.errorCodes).includes('QuotaExceeded.RouteEntryNum')) continue;
    for (const q of full) links.push({ effect: ev, cause: q, rule: 'the route controller reports QuotaExceeded.RouteEntryNum' });
  }
  // The CCM's own events corroborate a RAM denial when they carry Forbidden.RAM.
  for (const ev of by('CCM_ROUTE_SYNC_FAILING')) {
    if (!strings(ev.evidence.errorCodes).includes('Forbidden.RAM')) continue;
    for (const d of ram) links.push({ effect: ev, cause: d, rule: 'the route controller reports Forbidden.RAM' });
  }
  return links;
}
