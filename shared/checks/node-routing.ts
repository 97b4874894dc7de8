/** How the CCM's route controller sees a node: its pod CIDR, its instance, and whether it is skipped. */
import { parseCidr, isCidr, type Cidr } from '../net/cidr';
import type { NodeInfo } from '../collect/inventory';

const EXCLUDE_LABELS = ['service.alibabacloud.com/exclude-node', 'service.beta.kubernetes.io/exclude-node'];

/** The reason the CCM skips this node (cloud-provider-alibaba-cloud `needSyncRoute`), or undefined. */
export function skipReason(node: NodeInfo): string | undefined {
  const label = EXCLUDE_LABELS.find((l) => node.labels[l] !== undefined);
  if (label) return `label ${label}`;
  if (node.deletionTimestamp) return 'being deleted';
  if (!node.providerID) return 'no spec.providerID yet';
  const ready = node.conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'Unknown') return 'Ready=Unknown';
  return undefined;
}

/**
 * The node's IPv4 pod CIDR as the CCM picks it: the first IPv4 of `spec.podCIDRs` then `spec.podCIDR`, canonical.
 * Returns why not when there is none.
 */
export function nodePodCidr(node: NodeInfo): Cidr | { error: string } {
  let found = podCidrs.get(node);
  if (!found) podCidrs.set(node, (found = pickPodCidr(node)));
  return found;
}

/**
 * Parses every node's pod CIDR ahead of the route check. The collector calls it once the nodes are listed, while
 * the route entries are still paging in, so the check after the last page only looks the results up.
 */
export function prepareNodes(nodes: readonly NodeInfo[]): void {
  for (const node of nodes) nodePodCidr(node);
}

// Per node object, so a node list that is collected again (a later run) is parsed again.
const podCidrs = new WeakMap<NodeInfo, Cidr | { error: string }>();

function pickPodCidr(node: NodeInfo): Cidr | { error: string } {
  const candidates = [...node.podCIDRs, ...(node.podCIDR ? [node.podCIDR] : [])];
  if (candidates.length === 0) return { error: 'the node has no pod CIDR (spec.podCIDR and spec.podCIDRs are empty)' };
  for (const c of candidates) {
    const parsed = parseCidr(c);
    if (!isCidr(parsed)) return { error: `invalid pod cidr on node spec: ${parsed.error}` };
    if (parsed.family === 4) return parsed;
  }
  return { error: `the node has no IPv4 pod CIDR (${candidates.join(', ')})` };
}

/** The ECS instance id from a providerID (`<region>.<id>` or `alicloud://<region>.<id>`), or why not. */
export function instanceIdOf(providerID: string | undefined): { region: string; instanceId: string } | { error: string } {
  if (!providerID) return { error: 'the node has no spec.providerID' };
  const raw = providerID.startsWith('alicloud://') ? providerID.slice('alicloud://'.length) : providerID;
  if (/^[a-z0-9]+:\/\//i.test(raw)) return { error: `providerID ${JSON.stringify(providerID)} is not an Alibaba Cloud instance` };
  const dot = raw.indexOf('.');
  const region = raw.slice(0, dot);
  const instanceId = raw.slice(dot + 1);
  if (dot <= 0 || !/^[a-z]+(-[a-z0-9]+)+$/.test(region) || !/^[a-z0-9][a-z0-9-]*$/i.test(instanceId)) {
    return { error: `unable to split instanceid and region from providerID ${JSON.stringify(providerID)}` };
  }
  return { region, instanceId };
}
