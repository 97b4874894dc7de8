/**
 * Every pod CIDR the nodes hold (spec.podCIDRs and spec.podCIDR, IPv4 and IPv6) and every instance their
 * providerIDs name, indexed once per node list. The orphaned-route and APIService checks look routes and endpoint
 * addresses up in it; the collector builds it as soon as the nodes are listed, while the route pages still arrive,
 * so the checks after the last page only look up.
 */
import type { NodeInfo } from '../collect/inventory';
import { isCidr, parseCidr, type Cidr } from '../net/cidr';
import { CidrIndex } from './cidr-index';
import { instanceIdOf } from './node-routing';

export interface NodeIndex {
  /** The distinct pod CIDR texts that parse, by CIDR. */
  podCidrs: CidrIndex<string>;
  instanceIds: ReadonlySet<string>;
}

// Per node list object, so a list collected again (a later run) is indexed again.
const built = new WeakMap<readonly NodeInfo[], NodeIndex>();
const instances = new WeakMap<NodeInfo, ReturnType<typeof instanceIdOf>>();
const parsedCidrs = new WeakMap<NodeInfo, [string, Cidr][]>();

/** The node's pod CIDR texts that parse (spec.podCIDRs, then spec.podCIDR), each with its parse, worked out once per node object. */
function nodeCidrs(node: NodeInfo): [string, Cidr][] {
  let found = parsedCidrs.get(node);
  if (!found) {
    found = [];
    for (const text of node.podCIDR ? [...node.podCIDRs, node.podCIDR] : node.podCIDRs) {
      // spec.podCIDR repeats spec.podCIDRs[0] on every dual-field node: the index holds each text once anyway.
      if (found.some(([t]) => t === text)) continue;
      const c = parseCidr(text);
      if (isCidr(c)) found.push([text, c]);
    }
    parsedCidrs.set(node, found);
  }
  return found;
}

/**
 * Works out a slice of the nodes' entries in the index (their parsed pod CIDRs and instances), so that the collector
 * can spread the work of a large node list between the route pages it waits for; nodeIndex then only gathers.
 */
export function prepareNodeIndex(nodes: readonly NodeInfo[]): void {
  for (const n of nodes) {
    nodeCidrs(n);
    nodeInstance(n);
  }
}

/** instanceIdOf(node.providerID), worked out once per node object (the collector and two checks ask). */
export function nodeInstance(node: NodeInfo): ReturnType<typeof instanceIdOf> {
  let found = instances.get(node);
  if (!found) instances.set(node, (found = instanceIdOf(node.providerID)));
  return found;
}

/** The index of a node list (built on first use). */
export function nodeIndex(nodes: readonly NodeInfo[]): NodeIndex {
  let index = built.get(nodes);
  if (!index) {
    const texts = new Map<string, Cidr>();
    const instanceIds = new Set<string>();
    for (const n of nodes) {
      for (const [text, c] of nodeCidrs(n)) if (!texts.has(text)) texts.set(text, c);
      const i = nodeInstance(n);
      if ('instanceId' in i) instanceIds.add(i.instanceId);
    }
    index = { podCidrs: new CidrIndex([...texts.keys()], (t) => texts.get(t)!), instanceIds };
    built.set(nodes, index);
  }
  return index;
}

/** True when the address (IPv4 or IPv6 text) lies inside some node's pod CIDR. */
export function inPodCidr(index: NodeIndex, ip: string): boolean {
  const host = parseCidr(`${ip}/${ip.includes(':') ? 128 : 32}`);
  // A network containing a host route is the route itself or one that overlaps it from outside.
  return isCidr(host) && (index.podCidrs.exact(host).length > 0 || index.podCidrs.overlapping(host).length > 0);
}
