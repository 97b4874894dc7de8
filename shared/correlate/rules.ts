/**
 * The causal rules, one per link of the chain. Each rule adds `causedBy` edges (effect → cause) only where the
 * evidence carries the join key: a group/version, a backend node, the CCM's own identity, an error code. Which codes
 * play which part comes from the catalogue's `correlation` role.
 */
import { CATALOGUE, codesWithRole, type FindingCode } from '../findings/catalogue';
import type { Finding, FindingOf } from '../findings/types';
import { NETWORK_REASONS } from '../checks/apiservices';
import { usesBatchRouteApis } from '../ram/profiles';

/** Route drift that breaks a node's pod traffic: what the route controller would repair, and what it would not. */
const ROUTE_CODES = new Set([...codesWithRole('route-repairable'), ...codesWithRole('route-broken')]);
const REPAIRABLE = codesWithRole('route-repairable');
const RAM_BLOCKING = codesWithRole('ccm-blocked');
/** The route controller itself cannot act. */
const CCM_DOWN = codesWithRole('ccm-down');
/** Failure kinds of an APIService probe that a missing pod route can produce (the backend is unreachable). */
const UNREACHABLE = new Set(['timeout', 'no_route', 'refused']);

export interface Link {
  effect: Finding;
  cause: Finding;
  rule: string;
}

const failing = (f: Finding) => f.status === 'fail';

/** The actions a RAM finding says are denied; undefined when the whole identity is unusable (no role, broken trust). */
function deniedActions(f: Finding): string[] | undefined {
  if (f.code === 'RAM_EXPLICIT_DENY') return f.evidence.deniedActions.map((a) => a.action);
  if (f.code === 'RAM_IMPLICIT_DENY') return f.evidence.actions.map((a) => a.action);
  return undefined;
}

/** True when the RAM finding is about the identity the route controller really uses. */
function usedByCcm(f: Finding): boolean {
  return 'identityUsedByCcm' in f.evidence && f.evidence.identityUsedByCcm === true;
}

/** The node a route finding is about (the node itself, or the node whose pod CIDR an entry conflicts with). */
function routeNode(f: Finding): string | undefined {
  if (f.resource.kind === 'Node') return f.resource.name;
  return f.code === 'ROUTE_CONFLICT' ? f.evidence.node : undefined;
}

/** Does a denial of `action` stop the repair of drift of this code? */
function blocksRepair(code: FindingCode, action: string): boolean {
  const needed = CATALOGUE[code].repairActions ?? [];
  return needed.some((a) => a.toLowerCase() === action.toLowerCase());
}

/** The action a CCM of the RAM finding's version removes a deleted node's route with. */
function orphanDeleteAction(f: Finding): RegExp {
  const version = 'ccmVersion' in f.evidence && typeof f.evidence.ccmVersion === 'string' ? f.evidence.ccmVersion : undefined;
  const batch = usesBatchRouteApis(version);
  return batch === undefined ? /^vpc:DeleteRouteEntr(y|ies)$/i : batch ? /^vpc:DeleteRouteEntries$/i : /^vpc:DeleteRouteEntry$/i;
}

/** Every link the evidence supports, in a stable order. */
export function findLinks(findings: readonly Finding[]): Link[] {
  const live = findings.filter(failing);
  const by = <C extends FindingCode>(code: C) => live.filter((f): f is FindingOf<C> & Finding => f.code === code);
  const among = (codes: Set<FindingCode>) => live.filter((f) => codes.has(f.code));
  const links: Link[] = [];

  // Namespace controller: discovery of these group/versions fails → the APIServices that serve them.
  for (const ns of by('NAMESPACE_STUCK_TERMINATING')) {
    const gvs = new Set(ns.evidence.failingGroupVersions);
    for (const api of by('APISERVICE_UNAVAILABLE')) {
      if (gvs.has(api.evidence.groupVersion)) links.push({ effect: ns, cause: api, rule: 'namespace discovery fails for the group/version this APIService serves' });
    }
  }
  // kube-aggregator: backend unreachable over the network → the pod routes of the backend's nodes.
  for (const api of by('APISERVICE_UNAVAILABLE')) {
    if (!NETWORK_REASONS.has(api.evidence.reason) || !UNREACHABLE.has(String(api.evidence.failureKind))) continue;
    // A host-network backend (its node's own IP) does not use the node's pod route.
    const nodes = new Set(api.evidence.podRouteNodes ?? api.evidence.nodes);
    for (const r of among(ROUTE_CODES)) {
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
  const ram = among(RAM_BLOCKING).filter(usedByCcm);
  for (const r of among(REPAIRABLE)) {
    for (const d of ram) {
      const denied = deniedActions(d);
      if (denied && !denied.some((a) => blocksRepair(r.code, a))) continue;
      links.push({ effect: r, cause: d, rule: 'the route controller cannot repair it: its RAM identity is denied the actions the repair needs' });
    }
  }
  // An orphaned route stays because the route controller may not delete it: the route of a deleted node is removed
  // with DeleteRouteEntries from v2.11.2 (route_controller.go batchSyncCloudRoutes), with DeleteRouteEntry before
  // (v2.10.0 route_controller.go Reconcile, v1 controller.go syncd); either when the version is unknown.
  for (const o of by('ROUTE_ORPHANED')) {
    for (const d of ram) {
      const denied = deniedActions(d);
      const deletes = orphanDeleteAction(d);
      if (denied && !denied.some((a) => deletes.test(a))) continue;
      links.push({ effect: o, cause: d, rule: 'the route controller may not delete the routes of deleted nodes: its RAM identity is denied the delete' });
    }
  }
  // Route controller: a CCM that does not run, or runs with routes disabled, repairs nothing.
  const ccmDown = among(CCM_DOWN);
  for (const r of among(REPAIRABLE)) {
    for (const c of ccmDown) {
      const rule = c.code === 'CCM_ROUTES_DISABLED' ? 'the route controller is disabled (--configure-cloud-routes=false)' : 'no route controller is running to create or repair it';
      links.push({ effect: r, cause: c, rule });
    }
  }
  // A full route table refuses the entry the route controller tries to create.
  const full = by('ROUTE_QUOTA_EXCEEDED');
  for (const r of by('ROUTE_MISSING')) {
    for (const q of full) {
      if (q.evidence.routeTableId === r.evidence.routeTableId) links.push({ effect: r, cause: q, rule: 'the route table is at its entry quota, so the route controller cannot add this route' });
    }
  }
  for (const ev of by('CCM_ROUTE_SYNC_FAILING')) {
    if (!ev.evidence.errorCodes.includes('QuotaExceeded.RouteEntryNum')) continue;
    for (const q of full) links.push({ effect: ev, cause: q, rule: 'the route controller reports QuotaExceeded.RouteEntryNum' });
  }
  // The CCM's own events corroborate a RAM denial when they carry Forbidden.RAM.
  for (const ev of by('CCM_ROUTE_SYNC_FAILING')) {
    if (!ev.evidence.errorCodes.includes('Forbidden.RAM')) continue;
    for (const d of ram) links.push({ effect: ev, cause: d, rule: 'the route controller reports Forbidden.RAM' });
  }
  return links;
}
