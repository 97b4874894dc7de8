/**
 * Nodes ↔ VPC routes on Flannel clusters, judged the way the CCM route controller works
 * (docs/architecture.md, "What the checks model"): one Custom entry per node, destination = pod CIDR,
 * next hop = the node's ECS instance, in every route table the CCM uses.
 */
import type { EventInfo, Inventory, NodeInfo, RouteEntryInfo } from '../collect/inventory';
import { MAX_ROUTE_TABLE_IDS } from '../collect/route-table-ids';
import { failuresOf, valueOf } from '../collect/inventory';
import { incomplete, makeFinding } from '../findings/make';
import type { Finding } from '../findings/types';
import { cidrContains, isCidr, parseCidr, type Cidr } from '../net/cidr';
import { CidrIndex } from './cidr-index';
import { isManaged, managedTables, type ManagedTables } from './managed-tables';
import { resolveNetwork } from './network';
import { ccmVersion } from './ccm';
import { nodeIndex, nodeInstance } from './node-index';
import { nodePodCidr, nodeSkip, routeFlaps, type Skip } from './node-routing';
import type { CheckContext, CheckResult } from './types';

interface MappedNode {
  node: NodeInfo;
  cidr: Cidr;
  instanceId: string;
}

// Per entry object, so the entries of a later run are parsed again.
const destinations = new WeakMap<RouteEntryInfo, Cidr | { error: string }>();

/** The entry's destination, parsed once per entry object. */
function destinationOf(e: RouteEntryInfo): Cidr | { error: string } {
  let found = destinations.get(e);
  if (!found) destinations.set(e, (found = parseCidr(e.destination)));
  return found;
}

/**
 * Parses route entries' destinations ahead of the route check. The collector calls it on each page as it arrives,
 * so the check after the last page only looks the results up.
 */
export function prepareRouteEntries(entries: readonly RouteEntryInfo[]): void {
  for (const e of entries) destinationOf(e);
}

/** Entries the CCM itself manages: Custom, one next hop of type Instance, not the default route. */
function ccmManaged(e: RouteEntryInfo): boolean {
  return e.type === 'Custom' && e.nextHops.length === 1 && e.nextHops[0].type.toLowerCase() === 'instance' && e.destination !== '0.0.0.0/0';
}

function nextHopText(e: RouteEntryInfo): string {
  return e.nextHops.map((h) => `${h.type}${h.id ? ` ${h.id}` : ''}`).join(', ') || 'no next hop';
}

/** `aliyun vpc CreateRouteEntry` with the exact parameters the CCM would use. */
export function createRouteCommand(region: string, tableId: string, cidr: string, instanceId: string): string {
  return `aliyun vpc CreateRouteEntry --RegionId ${region} --RouteTableId ${tableId} --DestinationCidrBlock ${cidr} --NextHopType Instance --NextHopId ${instanceId}`;
}

/**
 * The route tables the CCM uses: `Global.routeTableIDs` from cloud-config, else the VPC's tables. Undefined unless
 * cloud-config was read: an unread cloud-config may name tables, so the VPC's list alone proves nothing.
 */
function tablesInUse(inv: Inventory): { ids: string[]; configured: boolean; managed?: ManagedTables } | undefined {
  if (isManaged(inv.cluster)) {
    const managed = managedTables(inv);
    return managed ? { ids: managed.ids, configured: managed.configured, managed } : undefined;
  }
  if (inv.cloudConfig.status !== 'complete') return undefined;
  const cfg = inv.cloudConfig.value;
  if (cfg && cfg.routeTableIds.length > 0) return { ids: cfg.routeTableIds, configured: true };
  const tables = valueOf(inv.routeTables);
  return tables && inv.routeTables.status === 'complete' ? { ids: tables.map((t) => t.routeTableId), configured: false } : undefined;
}

/** The route check: findings for every drift between the nodes and the route tables, plus coverage. */
export function checkRoutes(inv: Inventory, ctx: CheckContext): CheckResult {
  const net = resolveNetwork(inv);
  if (net.network === 'terway') {
    return { findings: [], coverage: { check: 'routes', status: 'not_applicable', reason: `Terway cluster (${net.source}): pods use ENIs, not VPC routes` } };
  }
  if (net.network === 'unknown') {
    return {
      findings: [incomplete('routes', 'the cluster network plugin', failuresOf(inv.workloads).concat(failuresOf(inv.cluster)))],
      coverage: { check: 'routes', status: 'failed', reason: `network plugin unknown: ${net.source}` },
    };
  }
  const region = valueOf(inv.cluster)?.region ?? inv.region;
  const nodes = valueOf(inv.nodes);
  const entries = valueOf(inv.routeEntries);
  const tables = tablesInUse(inv);
  const findings: Finding[] = [];
  if (!nodes) return { findings: [incomplete('routes', 'the nodes', failuresOf(inv.nodes))], coverage: { check: 'routes', status: 'failed', reason: 'nodes could not be listed' } };
  if (!tables) {
    const configUnread = inv.cloudConfig.status !== 'complete' && !isManaged(inv.cluster);
    const missing = configUnread ? inv.cloudConfig : inv.routeTables;
    const what = configUnread ? 'kube-system/cloud-config (which names the route tables)' : 'the route tables';
    return { findings: [incomplete('routes', what, failuresOf(missing))], coverage: { check: 'routes', status: 'failed', reason: `${what} could not be read` } };
  }
  const unknownTables = tables.managed?.unknown;
  if (unknownTables) {
    // Several tables and no add-on to name them: unknown, never ROUTE_TABLE_AMBIGUOUS; the nodes' own tables are judged.
    const failures = unknownTables.failures.length ? unknownTables.failures : [{ api: 'cs:DescribeClusterAddonInstance', code: 'RouteTablesNotNamed', message: unknownTables.reason }];
    findings.push(incomplete('routes', 'the route tables the route controller maintains (the cloud-controller-manager add-on)', failures));
    if (tables.ids.length === 0) {
      return { findings, coverage: { check: 'routes', status: 'failed', reason: `${unknownTables.reason}; no node's vSwitch route table is known either` } };
    }
  }
  const refused = refusedTables(inv);
  if (refused) {
    findings.push(refused.finding);
    // Every configured id was refused: the CCM uses those, not the VPC's tables, so nothing can be judged.
    if (!tables.configured) return { findings, coverage: { check: 'routes', status: 'failed', reason: refused.reason } };
  }
  if (!tables.configured && !tables.managed && tables.ids.length > 1) {
    findings.push(
      makeFinding({
        code: 'ROUTE_TABLE_AMBIGUOUS',
        resource: { kind: 'RouteTable', id: tables.ids.join(',') },
        message:
          `The VPC has ${tables.ids.length} route tables (${tables.ids.join(', ')}) and cloud-config names none in Global.routeTableIDs, so the route controller cannot pick ` +
          `one and maintains no routes.`,
        evidence: { routeTableIds: tables.ids },
        remediation: [{ description: 'Name the route tables the cluster uses in kube-system/cloud-config (Global.routeTableIDs, comma-separated) and restart the cloud controller manager.' }],
      }),
    );
    return { findings, coverage: { check: 'routes', status: 'partial', reason: 'several route tables and no routeTableIDs: the CCM cannot pick one' } };
  }
  if (tables.ids.length === 0) {
    return { findings: [incomplete('routes', 'a route table for the VPC', [])], coverage: { check: 'routes', status: 'failed', reason: 'the VPC has no route table' } };
  }
  if (!entries)
    return { findings: [incomplete('routes', 'the route entries', failuresOf(inv.routeEntries))], coverage: { check: 'routes', status: 'failed', reason: 'route entries could not be listed' } };

  const grouped = new Map<string, RouteEntryInfo[]>(tables.ids.map((id) => [id, []]));
  for (const e of entries) grouped.get(e.routeTableId)?.push(e);
  const byTable = new Map([...grouped].map(([id, list]) => [id, { entries: list, index: new CidrIndex(list, destinationOf) }]));

  // Only a complete instance list can say that a providerID names no instance; otherwise the node is taken at its
  // word, and the check says so (a node whose machine is gone would pass). An empty list while nodes exist is how ECS
  // answered callers without ecs:DescribeInstances before 2025-12.
  const listed = inv.instances.status === 'complete' && (inv.instances.value.length > 0 || nodes.length === 0) ? inv.instances.value : undefined;
  const instancesUnread = inv.instances.status === 'failed' || inv.instances.status === 'partial';
  const instancesEmpty = inv.instances.status === 'complete' && !listed;
  const knownInstances = listed ? new Set(listed.map((i) => i.instanceId)) : undefined;
  const mapped: MappedNode[] = [];
  // Skipped nodes the CCM still lists: it creates no route for them, yet judges conflicts against their pod CIDRs.
  const conflictsOnly: MappedNode[] = [];
  const skipped: { node: string; reason: string }[] = [];
  // The skip and flap rules depend on the route controller's version.
  const version = ccmVersion(inv);
  for (const node of nodes) {
    const skip = nodeSkip(node, version);
    if (skip) {
      skipped.push({ node: node.name, reason: skip.reason });
      findings.push(skippedFinding(node, skip, version));
      const listed = stillListed(node, skip);
      if (listed) conflictsOnly.push(listed);
      continue;
    }
    const cidr = nodePodCidr(node);
    const parsed = nodeInstance(node);
    const inst =
      'error' in parsed || !knownInstances || knownInstances.has(parsed.instanceId)
        ? parsed
        : { error: `providerID ${JSON.stringify(node.providerID)} names instance ${parsed.instanceId}, which is not in the VPC` };
    if (!isCidr(cidr) || 'error' in inst) {
      const why = [!isCidr(cidr) ? cidr.error : undefined, 'error' in inst ? inst.error : undefined].filter(Boolean).join('; ');
      findings.push(
        makeFinding({
          code: 'NODE_UNMAPPED',
          resource: { kind: 'Node', name: node.name },
          message: `Node ${node.name} cannot be matched to a route (${why}); its route status is unknown.`,
          evidence: { podCIDR: node.podCIDR ?? null, podCIDRs: node.podCIDRs, providerID: node.providerID ?? null, reason: why },
          remediation: [{ description: 'Check the node registration: the kubelet must run with --provider-id=<region>.<instance-id> and the node must have a pod CIDR from the controller manager.' }],
        }),
      );
      continue;
    }
    mapped.push({ node, cidr, instanceId: inst.instanceId });
    const flaps = routeFlaps(node, version);
    if (flaps !== false) findings.push(flapFinding(node, cidr, inst.instanceId, region, version));
  }

  // Only tables read whole are judged: an entry on a lost page must never become a "missing" route.
  const unread = new Set(inv.unreadRouteTables);
  const readTables = tables.ids.filter((id) => !unread.has(id));
  const clusterCidr = parseCidr(valueOf(inv.cluster)?.containerCidr ?? '');
  for (const m of mapped) nodeRouteFindings(m, readTables, byTable, region, findings);
  for (const m of conflictsOnly) for (const tableId of readTables) conflictFindings(m, tableId, byTable.get(tableId)!.index, region, findings);
  if (unread.size > 0) findings.push(incomplete('routes', `the entries of route table(s) ${[...unread].join(', ')}`, failuresOf(inv.routeEntries)));
  if (instancesUnread) findings.push(incomplete('routes', "the nodes' ECS instances", failuresOf(inv.instances)));

  const partial = inv.routeEntries.status !== 'complete' || inv.nodes.status !== 'complete';
  const orphansJudged = !partial && isCidr(clusterCidr);
  // Every listed node owns its routes, skipped and unmapped ones too: theirs are not orphans.
  if (orphansJudged) findings.push(...orphanFindings(inv, byTable, nodes, clusterCidr));
  const quota = inv.quotas.customRouteEntriesPerTable;
  findings.push(...quotaFindings(inv, byTable, quota ?? ctx.options.routeQuota, quota === undefined, ctx.options.routeQuotaWarnRatio));

  const derived =
    valueOf(inv.cluster)?.containerCidrSource === 'nodes' && orphansJudged
      ? `; orphaned routes judged inside ${clusterCidr.text}, the smallest block holding the nodes' pod CIDRs (give --cluster-cidr for the whole cluster CIDR)`
      : '';
  const detail =
    `${mapped.length} nodes checked against ${readTables.length} route table(s)${derived}` +
    `${skipped.length ? `, ${skipped.length} skipped as the CCM skips them (${skipped.map((s) => `${s.node}: ${s.reason}`).join('; ')})` : ''}`;
  const gaps = [
    ...(unknownTables ? [`${unknownTables.reason}; judged ${tables.managed?.source} (${tables.ids.join(', ')})`] : []),
    ...(refused ? [refused.reason] : []),
    // A table that was not read is a gap whatever the combined read says: its routes were not judged.
    ...(unread.size > 0 ? [`route table(s) ${[...unread].join(', ')} could not be read`] : []),
    ...(instancesUnread ? ["the nodes' ECS instances could not be read, so each node's providerID was taken at its word"] : []),
    ...(instancesEmpty ? ["ECS listed none of the nodes' instances, so each node's providerID was taken at its word"] : []),
    ...(partial ? ['some inputs were read only in part, so orphaned routes were not judged'] : []),
    ...(!partial && !orphansJudged ? ['the cluster CIDR is unknown, so orphaned routes were not judged'] : []),
  ];
  return { findings, coverage: { check: 'routes', status: gaps.length ? 'partial' : 'complete', reason: [detail, ...gaps].join('; ') } };
}

/** An unknown for cloud-config route table ids that were not read: invalid pieces, or more ids than the cap. */
function refusedTables(inv: Inventory): { finding: Finding; reason: string } | undefined {
  // A managed cluster's ids come from its CCM add-on, read the same way.
  const addon = isManaged(inv.cluster) && inv.ccmAddon?.status === 'complete' ? inv.ccmAddon.value : undefined;
  const source = addon
    ? { api: 'cs:DescribeClusterAddonInstance', where: `the cloud-controller-manager add-on's ${addon.routeTablesKey}` }
    : { api: 'k8s:get configmaps', where: 'kube-system/cloud-config Global.routeTableIDs' };
  const r = isManaged(inv.cluster) ? addon?.routeTableIdsRefused : inv.cloudConfig.status === 'complete' ? inv.cloudConfig.value?.routeTableIdsRefused : undefined;
  if (!r) return undefined;
  const parts = [
    ...(r.invalid.count ? [`${r.invalid.count} piece(s) that are not route table ids (${r.invalid.samples.map((x) => JSON.stringify(x)).join(', ')})`] : []),
    ...(r.overCap ? [`${r.overCap} id(s) beyond the first ${MAX_ROUTE_TABLE_IDS}`] : []),
  ];
  const failure = {
    api: source.api,
    code: r.invalid.count ? 'InvalidRouteTableIds' : 'TooManyRouteTableIds',
    message: `${source.where} has ${parts.join(' and ')}; those were not read`,
  };
  const what = addon ? `every route table in ${source.where}` : 'every route table in Global.routeTableIDs';
  return { finding: incomplete('routes', what, [failure]), reason: `routeTableIDs has ${parts.join(' and ')}` };
}

/**
 * A skipped node the route controller still lists, with its pod CIDR and instance, or undefined. `node.NodeList`
 * (pkg/controller/node/manager.go) drops only excluded, providerID-less and non-ECS nodes; Ready=Unknown and
 * deleting nodes stay in the list that `conflictWithNodes` judges entries against, and are skipped only for
 * creation (`needSyncRoute`, pkg/controller/route/manager.go).
 */
function stillListed(node: NodeInfo, skip: Skip): MappedNode | undefined {
  if (skip.kind !== 'ready-unknown' && skip.kind !== 'deleting') return undefined;
  const cidr = nodePodCidr(node);
  const inst = nodeInstance(node);
  return isCidr(cidr) && !('error' in inst) ? { node, cidr, instanceId: inst.instanceId } : undefined;
}

type Tables = Map<string, { entries: RouteEntryInfo[]; index: CidrIndex<RouteEntryInfo> }>;

/** Appends the node's route findings to `out` (no array per node: the check runs this for every node). */
function nodeRouteFindings(m: MappedNode, tableIds: string[], byTable: Tables, region: string, out: Finding[]): void {
  const resource = { kind: 'Node', name: m.node.name, id: m.instanceId };
  for (const tableId of tableIds) {
    const index = byTable.get(tableId)!.index;
    const sameDest = index.exact(m.cidr);
    // Runs for every node in every table (20,000 times for 10,000 nodes in two tables): nothing is built for a node whose route is right.
    let exact: RouteEntryInfo | undefined;
    for (const { item: e } of sameDest) {
      if (ccmManaged(e) && e.nextHops[0].id === m.instanceId) {
        exact = e;
        break;
      }
    }
    const key = tableIds.length > 1 ? tableId : '';
    if (exact) {
      if (exact.status !== 'Available') {
        out.push(
          makeFinding({
            code: 'ROUTE_NOT_AVAILABLE',
            resource,
            key,
            message: `The route for ${m.cidr.text} to ${m.instanceId} in ${tableId} is ${exact.status}, not Available.`,
            evidence: { routeTableId: tableId, routeEntryId: exact.routeEntryId, podCIDR: m.cidr.text, status: exact.status },
            remediation: [{ description: 'Wait for the entry to become Available; if it stays Pending or Modifying, check the VPC console for a stuck route operation.' }],
          }),
        );
      }
    } else if (sameDest.length > 0) {
      const e = sameDest[0].item;
      const create = createRouteCommand(region, tableId, m.cidr.text, m.instanceId);
      out.push(
        makeFinding({
          code: 'ROUTE_WRONG_NEXT_HOP',
          resource,
          key,
          message: `The route for ${m.node.name}'s pod CIDR ${m.cidr.text} in ${tableId} points at ${nextHopText(e)}, not at the node's instance ${m.instanceId}.`,
          evidence: { routeTableId: tableId, routeEntryId: e.routeEntryId, podCIDR: m.cidr.text, expectedNextHop: m.instanceId, actualNextHops: e.nextHops },
          remediation: [
            {
              description: `Delete the stale entry ${e.routeEntryId}, then create the route to ${m.instanceId}.`,
              command: `aliyun vpc DeleteRouteEntry --RegionId ${region} --RouteEntryId ${e.routeEntryId}`,
            },
            { description: 'Create the route the CCM expects.', command: create },
          ],
        }),
      );
    } else {
      const create = createRouteCommand(region, tableId, m.cidr.text, m.instanceId);
      // NetworkUnavailable=True/NoRouteCreated is how the CCM marks a node whose route it failed to create.
      const failed = m.node.conditions.find((c) => c.type === 'NetworkUnavailable' && c.status === 'True' && c.reason === 'NoRouteCreated');
      out.push(
        makeFinding({
          code: 'ROUTE_MISSING',
          resource,
          key,
          message:
            `No route for ${m.node.name}'s pod CIDR ${m.cidr.text} in ${tableId}: pods on this node are unreachable from other nodes and from the API ` +
            `server.${failed ? ' The node says NetworkUnavailable=True (NoRouteCreated): the route controller tried and failed.' : ''}`,
          evidence: { routeTableId: tableId, podCIDR: m.cidr.text, instanceId: m.instanceId, expectedNextHopType: 'Instance', ...(failed ? { ccmCreateFailed: true, condition: failed } : {}) },
          remediation: [{ description: 'Create the route the CCM would create (after fixing whatever stops the CCM from doing it).', command: create }],
        }),
      );
      const cond = m.node.conditions.find((c) => c.type === 'NetworkUnavailable');
      if (cond?.status === 'False' && cond.reason === 'RouteCreated') {
        out.push(
          makeFinding({
            code: 'NODE_ROUTE_CONDITION_STALE',
            resource: { kind: 'Node', name: m.node.name, id: m.instanceId },
            key,
            message: `Node ${m.node.name} reports NetworkUnavailable=False (RouteCreated) although its route in ${tableId} is gone; the CCM does not re-check this condition.`,
            evidence: { condition: cond, routeTableId: tableId },
          }),
        );
      }
    }
    conflictFindings(m, tableId, index, region, out);
  }
}

/**
 * Entries strictly inside the node's pod CIDR that lead elsewhere: by longest prefix they take that part of its
 * traffic (a wider entry loses to the node's own route; the same-CIDR case is ROUTE_WRONG_NEXT_HOP). This is the
 * CCM's own rule (`conflictWithNodes` / `containsRoute`, pkg/controller/route/manager.go).
 */
function conflictFindings(m: MappedNode, tableId: string, index: CidrIndex<RouteEntryInfo>, region: string, out: Finding[]): void {
  for (const { item: e, cidr: c } of index.overlapping(m.cidr)) {
    if (!cidrContains(m.cidr, c)) continue;
    if (e.nextHops.length === 1 && e.nextHops[0].id === m.instanceId) continue;
    out.push(
      makeFinding({
        code: 'ROUTE_CONFLICT',
        resource: { kind: 'RouteEntry', id: e.routeEntryId },
        key: m.node.name,
        message: [
          `Route ${e.routeEntryId} (${c.text} → ${nextHopText(e)}) in ${tableId} lies inside ${m.node.name}'s pod CIDR ${m.cidr.text},`,
          "so by longest prefix it takes that part of the node's pod traffic to another next hop.",
        ].join(' '),
        evidence: { routeTableId: tableId, routeEntryId: e.routeEntryId, destination: e.destination, nextHops: e.nextHops, node: m.node.name, podCIDR: m.cidr.text },
        remediation: [{ description: `Remove or narrow ${e.routeEntryId} if it is not intentional.`, command: `aliyun vpc DeleteRouteEntry --RegionId ${region} --RouteEntryId ${e.routeEntryId}` }],
      }),
    );
  }
}

function orphanFindings(inv: Inventory, byTable: Tables, nodes: NodeInfo[], clusterCidr: Cidr): Finding[] {
  const { instanceIds, podCidrs: nodeCidrs } = nodeIndex(nodes);
  const out: Finding[] = [];
  for (const [tableId, { index }] of byTable) {
    for (const { item: e, cidr: c } of index.all()) {
      if (!ccmManaged(e) || !cidrContains(clusterCidr, c) || instanceIds.has(e.nextHops[0].id)) continue;
      // Entries overlapping a node's pod CIDR are wrong next hops or conflicts, which the CCM does repair.
      if (nodeCidrs.exact(c).length > 0 || nodeCidrs.overlapping(c).length > 0) continue;
      out.push(
        makeFinding({
          code: 'ROUTE_ORPHANED',
          resource: { kind: 'RouteEntry', id: e.routeEntryId },
          message: [
            `Route ${e.routeEntryId} (${c.text} → ${e.nextHops[0].id}) in ${tableId} lies inside the cluster CIDR ${clusterCidr.text}`,
            `but no current node runs on ${e.nextHops[0].id}: the route of a deleted node that the route controller did not remove.`,
          ].join(' '),
          evidence: { routeTableId: tableId, routeEntryId: e.routeEntryId, destination: c.text, nextHopId: e.nextHops[0].id, clusterCidr: clusterCidr.text },
          remediation: [
            {
              description: 'Delete the stale entry once you have confirmed no node will come back on that instance.',
              command: `aliyun vpc DeleteRouteEntry --RegionId ${inv.region} --RouteEntryId ${e.routeEntryId}`,
            },
          ],
        }),
      );
    }
  }
  return out;
}

const QUOTA_CODE = 'QuotaExceeded.RouteEntryNum';

/**
 * The CCM's failure events that carry the route-entry quota error, by route table. `CreateRouteFailed` names its
 * table ("Error creating route entry in <table>: ...", pkg/controller/route/manager.go); an event that names none
 * counts for the only table in use.
 */
function quotaEvents(inv: Inventory, tableIds: string[]): Map<string, EventInfo[]> {
  const out = new Map<string, EventInfo[]>();
  for (const e of valueOf(inv.events) ?? []) {
    if (e.type === 'Normal' || !e.message.includes(QUOTA_CODE)) continue;
    const named = /route entry in (\S+?):/.exec(e.message)?.[1];
    const table = named ?? (tableIds.length === 1 ? tableIds[0] : undefined);
    if (table) out.set(table, [...(out.get(table) ?? []), e]);
  }
  return out;
}

function quotaFindings(inv: Inventory, byTable: Tables, quota: number, assumed: boolean, ratio: number): Finding[] {
  const out: Finding[] = [];
  const events = quotaEvents(inv, [...byTable.keys()]);
  for (const [tableId, { entries: table }] of byTable) {
    let custom = 0;
    for (const e of table) if (e.type === 'Custom') custom++;
    const refused = events.get(tableId) ?? [];
    // Full means the VPC refused an entry for quota (the CCM says so), or the table holds the account's own quota.
    if (refused.length > 0 || (!assumed && custom >= quota)) {
      const nodes = [...new Set(refused.filter((e) => e.involvedKind === 'Node' && e.involvedName).map((e) => e.involvedName!))].sort();
      const forNodes = nodes.length ? ` for ${nodes.join(', ')}` : '';
      const holds = `it holds ${custom} custom entries, the account's quota`;
      out.push(
        makeFinding({
          code: 'ROUTE_QUOTA_EXCEEDED',
          resource: { kind: 'RouteTable', id: tableId },
          message:
            `Route table ${tableId} is full: ${refused.length ? `the route controller's CreateRouteEntry failed with ${QUOTA_CODE}${forNodes}` : holds} ` +
            `(${custom} custom entries${assumed ? '' : ` of ${quota}`}). New nodes get no route until entries are freed or the quota is raised.`,
          evidence: {
            routeTableId: tableId,
            customEntries: custom,
            quota: assumed ? null : quota,
            errorCode: refused.length ? QUOTA_CODE : null,
            nodes,
            events: refused
              .slice(0, 10)
              .map((e) => ({ reason: e.reason, message: e.message, object: `${e.involvedKind ?? ''}/${e.involvedName ?? ''}`, count: e.count ?? 1, lastTimestamp: e.lastTimestamp ?? null })),
          },
          remediation: [
            {
              description:
                'Request a higher "custom route entries per route table" quota in Quota Center (VPC), or delete route entries nobody uses; the route controller then creates the ' +
                'missing routes on its next sync.',
            },
            { description: 'Long term, clusters of this size fit Terway better: it needs no per-node VPC route.' },
          ],
        }),
      );
      continue;
    }
    if (custom < Math.ceil(quota * ratio)) continue;
    out.push(
      makeFinding({
        code: 'ROUTE_QUOTA_NEAR_LIMIT',
        resource: { kind: 'RouteTable', id: tableId },
        message:
          `Route table ${tableId} holds ${custom} custom entries of a quota of ${quota}${assumed ? " (the default quota; the account's own was not read)" : ''}; Flannel ` +
          `needs one per node, so new nodes will soon get no route.`,
        evidence: { routeTableId: tableId, customEntries: custom, quota, quotaAssumed: assumed },
        remediation: [{ description: 'Request a higher route-entry quota in Quota Center, or move to Terway, before adding nodes.' }],
      }),
    );
  }
  return out;
}

/** NODE_ROUTE_SKIPPED: a node the route controller leaves alone, so the audit does not judge its route either. */
function skippedFinding(node: NodeInfo, skip: Skip, ccmVersion: string | undefined): Finding {
  return makeFinding({
    code: 'NODE_ROUTE_SKIPPED',
    status: 'not_applicable',
    resource: { kind: 'Node', name: node.name },
    message: `Node ${node.name} was not judged, as the route controller skips it: ${skip.reason}. It neither needs nor gets a route.`,
    evidence: { skip: skip.kind, reason: skip.reason, ccmSource: skip.source, ccmVersion: ccmVersion ?? null, providerID: node.providerID ?? null, podCIDR: node.podCIDR ?? null },
  });
}

/** ROUTE_PROVIDER_ID_FLAPS: an `alicloud://` providerID makes CCM v2.4.0+ delete and re-create the node's route. */
function flapFinding(node: NodeInfo, cidr: Cidr, instanceId: string, region: string, ccmVersion: string | undefined): Finding {
  const expected = `${region}.${instanceId}`;
  const which = ccmVersion ? `CCM ${ccmVersion}` : 'CCM v2.4.0 and later (the version here is unknown; v1 is not affected)';
  return makeFinding({
    code: 'ROUTE_PROVIDER_ID_FLAPS',
    resource: { kind: 'Node', name: node.name, id: instanceId },
    message: [
      `Node ${node.name} has providerID ${node.providerID}: ${which} compares it as a string with the providerID ${expected} it builds from each route entry,`,
      `so on every periodic sync it deletes the node's route for ${cidr.text} as a conflict and creates it again; the node's pods are briefly unreachable each time.`,
    ].join(' '),
    evidence: { providerID: node.providerID ?? '', expectedProviderID: expected, podCIDR: cidr.text, instanceId, ccmVersion: ccmVersion ?? null },
    remediation: [
      {
        description: `Register the node with --provider-id=${expected} (without the alicloud:// prefix): set the kubelet flag and re-register the node (spec.providerID cannot be changed in place).`,
      },
    ],
  });
}
