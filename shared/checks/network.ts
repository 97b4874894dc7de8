/** Which network plugin the cluster runs: CS meta_data first, then the kube-system DaemonSets. */
import type { Inventory } from '../collect/inventory';
import { valueOf } from '../collect/inventory';

export interface NetworkPlugin {
  network: 'flannel' | 'terway' | 'unknown';
  source: string;
}

/** The cluster's network plugin and where that came from. */
export function resolveNetwork(inv: Inventory): NetworkPlugin {
  const cluster = valueOf(inv.cluster);
  if (cluster?.network === 'flannel' || cluster?.network === 'terway') return { network: cluster.network, source: cluster.networkSource ?? 'cluster detail' };
  const workloads = valueOf(inv.workloads) ?? [];
  const ds = workloads.filter((w) => w.kind === 'DaemonSet').map((w) => w.name.toLowerCase());
  if (ds.some((n) => n.startsWith('terway'))) return { network: 'terway', source: 'kube-system DaemonSet terway*' };
  if (ds.some((n) => n.includes('flannel'))) return { network: 'flannel', source: 'kube-system DaemonSet kube-flannel-ds' };
  return { network: 'unknown', source: inv.workloads.status === 'complete' ? 'neither meta_data nor DaemonSets name a plugin' : 'DaemonSets could not be read' };
}
