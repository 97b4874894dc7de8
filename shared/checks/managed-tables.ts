/**
 * The route tables a managed cluster's route controller uses. Its settings live in the cloud-controller-manager
 * add-on, not in kube-system/cloud-config: the add-on's routeTableIDs, else the VPC's only table. Without them
 * and with several tables, which ones it maintains is unknown (never "ambiguous": ACK may configure it in ways
 * the auditor cannot see), and only the tables the nodes' own vSwitches use are judged: pods on those nodes send
 * through them, so each must hold every node's route whatever the add-on says.
 */
import type { ApiFailure } from '../collect/api-error';
import type { ClusterInfo, Inventory, Read, RouteTableInfo } from '../collect/inventory';
import { failuresOf, valueOf } from '../collect/inventory';

export interface ManagedTables {
  /** The tables to judge. */
  ids: string[];
  /** True when the add-on names them. */
  configured: boolean;
  /** Where the ids come from, for the coverage line. */
  source: string;
  /** Set when the tables the route controller maintains are unknown: why, and the add-on read's failures. */
  unknown?: { reason: string; failures: ApiFailure[] };
}

/** True for an ACK managed cluster, whose route controller runs in the control plane. */
export function isManaged(cluster: Read<ClusterInfo> | ClusterInfo | undefined): boolean {
  const info = cluster && 'status' in cluster ? valueOf(cluster) : cluster;
  return info?.clusterType === 'ManagedKubernetes';
}

/** Why the add-on gave no route table ids. */
function addonGap(addon: Inventory['ccmAddon']): { reason: string; failures: ApiFailure[] } {
  if (!addon || addon.status === 'not_collected') return { reason: `the cloud-controller-manager add-on was not read${addon ? ` (${addon.reason})` : ''}`, failures: [] };
  const failures = failuresOf(addon);
  const a = valueOf(addon);
  if (!a) return { reason: `the cloud-controller-manager add-on could not be read (${failures.map((f) => `${f.api} ${f.code}`).join(', ')})`, failures };
  const why = a.problems?.length ? `: ${a.problems.join('; ')}` : '';
  return { reason: `the cloud-controller-manager add-on (${a.version ?? 'version unknown'}) names no ${a.routeTablesKey}${why}`, failures };
}

/**
 * The tables of the VPC the cluster's nodes send through: those associated with a node instance's vSwitch. Empty
 * when the instances or the tables' vSwitches are not known.
 */
function nodeVSwitchTables(tables: RouteTableInfo[], inv: Pick<Inventory, 'instances'>): string[] {
  const vswitches = new Set((valueOf(inv.instances) ?? []).map((i) => i.vSwitchId).filter((v): v is string => !!v));
  return tables.filter((t) => (t.vSwitchIds ?? []).some((v) => vswitches.has(v))).map((t) => t.routeTableId);
}

/**
 * The managed cluster's tables, or undefined while the VPC's own tables are needed and were not read. The add-on's
 * ids win; else one VPC table is the one; else the tables are unknown and the nodes' vSwitch tables are judged.
 */
export function managedTables(inv: Pick<Inventory, 'ccmAddon' | 'routeTables' | 'instances'>): ManagedTables | undefined {
  const addon = inv.ccmAddon && valueOf(inv.ccmAddon);
  if (inv.ccmAddon?.status === 'complete' && addon && addon.routeTableIds.length > 0) {
    return { ids: addon.routeTableIds, configured: true, source: `the cloud-controller-manager add-on's ${addon.routeTablesKey}` };
  }
  const tables = valueOf(inv.routeTables);
  if (!tables || inv.routeTables.status !== 'complete') return undefined;
  if (tables.length <= 1) return { ids: tables.map((t) => t.routeTableId), configured: false, source: "the VPC's only route table" };
  const gap = addonGap(inv.ccmAddon);
  return {
    ids: nodeVSwitchTables(tables, inv),
    configured: false,
    source: "the route tables of the nodes' vSwitches",
    unknown: { reason: `which of the VPC's ${tables.length} route tables the route controller maintains is unknown: ${gap.reason}`, failures: gap.failures },
  };
}
