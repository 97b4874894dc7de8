/** How the CCM's route controller sees a node: its pod CIDR, its instance, and whether it is skipped. */
import { parseCidr, isCidr, type Cidr } from '../net/cidr';
import type { NodeInfo } from '../collect/inventory';
import { ccmAtLeast, ccmProfile, parseCcmVersion } from '../ram/profiles';

const EXCLUDE_LABELS = ['service.alibabacloud.com/exclude-node', 'service.beta.kubernetes.io/exclude-node'];
const HYBRID_PREFIX = 'ack-hybrid://';

export type SkipKind = 'exclude-label' | 'hybrid-node' | 'ready-unknown' | 'deleting' | 'no-provider-id' | 'no-pod-cidr';

/** Why the route controller leaves a node alone, and where its source says so. */
export interface Skip {
  kind: SkipKind;
  reason: string;
  /** The file of kubernetes/cloud-provider-alibaba-cloud that skips it, for the CCM version judged. */
  source: string;
}

interface VersionRules {
  /** CCM v1 (v1.9.3), whose route controller reads only spec.podCIDR and still routes nodes being deleted. */
  v1: boolean;
  hybridSkipped: boolean;
  /** The version is unknown or unparseable, so the v2.12.4+ hybrid rule is assumed. */
  assumed: boolean;
}

// The rules follow the version alone: worked out once per version, not once per node (10,000 nodes, one version).
const rulesByVersion = new Map<string | undefined, VersionRules>();

function versionRules(ccmVersion: string | undefined): VersionRules {
  let rules = rulesByVersion.get(ccmVersion);
  if (!rules) {
    const v1 = ccmProfile(ccmVersion) === 'legacy';
    rules = { v1, hybridSkipped: !v1 && (ccmAtLeast(ccmVersion, 2, 12, 4) ?? true), assumed: ccmVersion === undefined || parseCcmVersion(ccmVersion) === undefined };
    // Versions come from image tags a warm instance keeps reading: bounded.
    if (rulesByVersion.size >= 64) rulesByVersion.clear();
    rulesByVersion.set(ccmVersion, rules);
  }
  return rules;
}

/**
 * Why the CCM's route controller skips this node, or undefined when it routes it. Follows `needSyncRoute` and the
 * checks after it (v2 `pkg/controller/route/manager.go`, `route_controller.go`; `IsExcludedNode` in
 * `pkg/controller/helper/node_utils.go`) and v1.9.3's `controller/route/controller.go`:
 * - exclude labels: every version;
 * - `ack-hybrid://` providerIDs: v2.12.4 and later only (older versions try to route them); assumed when the version is unknown;
 * - Ready=Unknown, an empty providerID, no pod CIDR: every version (v1 reads `spec.podCIDR` only);
 * - a deletionTimestamp: v2 only (v1 still routes a node being deleted).
 */
export function skipReason(node: NodeInfo, ccmVersion?: string): Skip | undefined {
  const { v1, hybridSkipped, assumed } = versionRules(ccmVersion);
  const label = EXCLUDE_LABELS.find((l) => node.labels[l] !== undefined);
  if (label) return { kind: 'exclude-label', reason: `label ${label}`, source: v1 ? 'cloud-controller-manager/utils/tool.go IsExcludedNode' : 'pkg/controller/helper/node_utils.go IsExcludedNode' };
  if (hybridSkipped && node.providerID?.startsWith(HYBRID_PREFIX)) {
    return {
      kind: 'hybrid-node',
      reason: `hybrid node (providerID ${HYBRID_PREFIX}…), not an ECS instance${assumed ? '; skipped by CCM v2.12.4 and later, assumed as the CCM version is unknown' : ''}`,
      source: 'pkg/controller/helper/node_utils.go IsExcludedNode (v2.12.4+)',
    };
  }
  const ready = node.conditions.find((c) => c.type === 'Ready');
  if (ready?.status === 'Unknown')
    return { kind: 'ready-unknown', reason: 'Ready=Unknown', source: v1 ? 'cloud-controller-manager/controller/route/controller.go tryCreateRoute' : 'pkg/controller/route/manager.go needSyncRoute' };
  if (node.deletionTimestamp && !v1) return { kind: 'deleting', reason: `being deleted (deletionTimestamp ${node.deletionTimestamp})`, source: 'pkg/controller/route/manager.go needSyncRoute' };
  if (!node.providerID)
    return {
      kind: 'no-provider-id',
      reason: 'no spec.providerID yet',
      source: v1 ? 'cloud-controller-manager/controller/route/controller.go sync' : 'pkg/controller/route/manager.go syncTableRoutes',
    };
  const noCidr = v1 ? !node.podCIDR : node.podCIDRs.length === 0 && !node.podCIDR;
  if (noCidr) {
    return {
      kind: 'no-pod-cidr',
      reason: v1 ? 'no spec.podCIDR yet (CCM v1 reads only spec.podCIDR)' : 'no pod CIDR yet (spec.podCIDR and spec.podCIDRs are empty)',
      source: v1 ? 'cloud-controller-manager/controller/route/controller.go sync' : 'pkg/controller/route/utils.go getIPv4RouteForNode',
    };
  }
  return undefined;
}

/**
 * True when CCM v2.4.0+ deletes and re-creates this node's route on every periodic sync: its route entries carry the
 * providerID `<region>.<instance>` (`pkg/provider/alibaba/vpc/vpc.go` ListRoute) and `conflictWithNodes`
 * (`pkg/controller/route/manager.go`) compares that string with `spec.providerID`, so an `alicloud://` prefix makes
 * the node's own route a conflict. v1 matches with `strings.Contains` and is not affected; undefined: version unknown.
 */
export function routeFlaps(node: NodeInfo, ccmVersion: string | undefined): boolean | undefined {
  if (!node.providerID?.startsWith('alicloud://')) return false;
  return ccmAtLeast(ccmVersion, 2, 4, 0);
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

// Per node object and the version it was judged for (one version a run).
const skips = new WeakMap<NodeInfo, { ccmVersion: string | undefined; skip: Skip | undefined }>();

/** skipReason(node, ccmVersion), worked out once per node object and version (the collector asks first, the check after). */
export function nodeSkip(node: NodeInfo, ccmVersion: string | undefined): Skip | undefined {
  const found = skips.get(node);
  if (found && found.ccmVersion === ccmVersion) return found.skip;
  const skip = skipReason(node, ccmVersion);
  skips.set(node, { ccmVersion, skip });
  return skip;
}

/**
 * Works out every node's pod CIDR and, given the route controller's version, whether it skips the node, ahead of the
 * route check. The collector calls it once the nodes are listed, while the route entries are still paging in, so
 * the check after the last page only looks the results up.
 */
export function prepareNodes(nodes: readonly NodeInfo[], ccmVersion?: { version: string | undefined }): void {
  for (const node of nodes) {
    nodePodCidr(node);
    if (ccmVersion) nodeSkip(node, ccmVersion.version);
  }
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
