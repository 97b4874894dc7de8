/**
 * Expands a scenario's `generate` block into objects and cloud records, deterministically for its seed: the bulk
 * the benchmarks and scale tests audit (thousands of nodes, as many route entries).
 */
import { isCidr, parseCidr, v4Text } from '../net/cidr';
import { UsageError } from '../util/errors';
import type { KubeObject, Scenario } from './schema';
import { seededRandom } from '../util/random';

/** K distinct indexes out of n, chosen by the seeded generator. */
function pick(n: number, k: number, random: () => number): Set<number> {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(k, n)) chosen.add(Math.floor(random() * n));
  return chosen;
}

/** The scenario with its `generate` bulk added (unchanged when there is none). */
export function expandScenario(scenario: Scenario): Scenario {
  const g = scenario.generate;
  if (!g || (!g.nodes && !g.namespaces)) return scenario;
  const random = seededRandom(g.seed ?? 1);
  const objects: KubeObject[] = [...scenario.cluster.objects];
  const cloud = { ...scenario.cloud, routeEntries: [...scenario.cloud.routeEntries], instances: [...scenario.cloud.instances] };
  const nodes = g.nodes ?? 0;
  if (nodes > 0) {
    const mask = g.podCidrMask ?? 24;
    const podRange = parseCidr(scenario.cluster.containerCidr ?? '');
    const vpc = cloud.vpcs.find((v) => v.VpcId === scenario.cluster.vpcId);
    const hostRange = vpc ? parseCidr(vpc.CidrBlock) : { error: 'no VPC' };
    // The CCM writes each node's route into every table it uses: generated routes go into each of the VPC's tables.
    const tables = cloud.routeTables.filter((t) => t.VpcId === scenario.cluster.vpcId);
    const table = tables[0];
    if (!isCidr(podRange) || podRange.family !== 4 || podRange.prefix > mask) throw new UsageError('generate.nodes: cluster.containerCidr must be an IPv4 CIDR wider than generate.podCidrMask');
    if (2 ** (mask - podRange.prefix) < nodes + (g.orphanRoutes ?? 0)) throw new UsageError(`generate.nodes: ${scenario.cluster.containerCidr} holds fewer than ${nodes} /${mask} pod CIDRs`);
    if (!isCidr(hostRange) || hostRange.family !== 4 || 2 ** (32 - hostRange.prefix) < nodes + cloud.instances.length + 16)
      throw new UsageError('generate.nodes: the cluster VPC CIDR is too small for that many nodes');
    if (!table) throw new UsageError('generate.nodes: the cluster VPC has no route table to put routes in');
    const missing = pick(nodes, g.missingRoutes ?? 0, random);
    const step = 2 ** (32 - mask);
    // Generated nodes must not reuse the address (and so the node name) of a node the scenario already has.
    const used = new Set(cloud.instances.map((i) => i.PrivateIpAddress));
    let host = hostRange.base + 10;
    const nextIp = (): string => {
      while (used.has(v4Text(host))) host += 1;
      const ip = v4Text(host);
      host += 1;
      return ip;
    };
    for (let i = 0; i < nodes; i++) {
      const ip = nextIp();
      const cidr = `${v4Text(podRange.base + i * step)}/${mask}`;
      const instanceId = `i-gen${String(i).padStart(8, '0')}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: `${scenario.region}.${ip}`, labels: { 'kubernetes.io/hostname': `${scenario.region}.${ip}` } },
        spec: { podCIDR: cidr, podCIDRs: [cidr], providerID: `${scenario.region}.${instanceId}` },
        status: {
          addresses: [{ type: 'InternalIP', address: ip }],
          conditions: [
            { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route' },
            { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
          ],
        },
      });
      cloud.instances.push({ InstanceId: instanceId, VpcId: scenario.cluster.vpcId, PrivateIpAddress: ip, Status: 'Running', ZoneId: `${scenario.region}-a` });
      if (!missing.has(i)) {
        tables.forEach((t, n) => {
          const id = `rte-gen${String(i).padStart(8, '0')}${n === 0 ? '' : `-t${n + 1}`}`;
          cloud.routeEntries.push({
            RouteTableId: t.RouteTableId,
            RouteEntryId: id,
            DestinationCidrBlock: cidr,
            Type: 'Custom',
            Status: 'Available',
            NextHops: [{ NextHopType: 'Instance', NextHopId: instanceId }],
          });
        });
      }
    }
    for (let j = 0; j < (g.orphanRoutes ?? 0); j++) {
      const cidr = `${v4Text(podRange.base + (nodes + j) * step)}/${mask}`;
      cloud.routeEntries.push({
        RouteTableId: table.RouteTableId,
        RouteEntryId: `rte-orphan${String(j).padStart(6, '0')}`,
        DestinationCidrBlock: cidr,
        Type: 'Custom',
        Status: 'Available',
        NextHops: [{ NextHopType: 'Instance', NextHopId: `i-gone${String(j).padStart(8, '0')}` }],
      });
    }
  }
  const namespaces = g.namespaces ?? 0;
  const terminating = pick(namespaces, g.terminatingNamespaces ?? 0, random);
  for (let i = 0; i < namespaces; i++) {
    const name = `gen-ns-${String(i).padStart(5, '0')}`;
    objects.push(
      terminating.has(i)
        ? {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name, deletionTimestamp: '2026-11-25T00:00:00Z' },
            spec: { finalizers: ['kubernetes'] },
            status: {
              phase: 'Terminating',
              conditions: [
                { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizerRemain', message: 'Some finalizers are remaining: example.com/guard in 1 resource instances' },
              ],
            },
          }
        : { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
    );
  }
  return { ...scenario, cluster: { ...scenario.cluster, objects }, cloud };
}
