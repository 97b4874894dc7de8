/** Collects the whole inventory: CS first (cluster, kubeconfig), then Kubernetes and the VPC in parallel, then RAM. */
import type { CloudReader } from '../collect/cloud';
import type { CcmAddon, CcmIdentityPlan, CloudConfig, ClusterInfo, InstanceInfo, Inventory, NodeInfo, RamIdentity, Read, RouteTableInfo } from '../collect/inventory';
import { failuresOf, valueOf } from '../collect/inventory';
import { collectKubernetes, KubeReader, type KubeInputs } from '../collect/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfig } from '../collect/kubeconfig';
import { KubeconfigError } from '../util/errors';
import { complete, failed, failureOf, readOf, combine } from '../collect/read';
import { ccmVersion, locateCcm } from '../checks/ccm';
import { isManaged, managedTables } from '../checks/managed-tables';
import { ccmCredential } from '../checks/ccm-identity';
import { cidr4, isCidr, parseCidr, v4Mask, type Cidr4 } from '../net/cidr';
import { nodeIndex, nodeInstance, prepareNodeIndex } from '../checks/node-index';
import { instanceIdOf, prepareNodes } from '../checks/node-routing';
import { prepareRouteEntries } from '../checks/routes';
import { inSlices, mapLimit } from '../util/concurrency';
import type { AuditConfig } from './config';

export interface AuditTarget {
  region: string;
  /** Audit the cluster CS knows by this id (its kubeconfig comes from DescribeClusterUserKubeconfig). */
  clusterId?: string;
  /** Or audit the cluster of this kubeconfig, in this VPC. */
  kubeconfig?: string;
  /** The context of `kubeconfig` to use (default: its current-context). */
  kubeContext?: string;
  vpcId?: string;
  /** The cluster's pod CIDR, when the caller knows it (else the cluster detail's, else derived from the nodes). */
  clusterCidr?: string;
  accountId?: string;
}

export type Progress = (message: string) => void;

/** Nodes parsed between two turns of the event loop (a few milliseconds of work). */
const NODE_SLICE = 250;

function clusterFromTarget(target: AuditTarget, kc: KubeConfig | undefined): Read<ClusterInfo> {
  if (!target.vpcId) return { status: 'not_collected', reason: 'no --cluster-id and no --vpc-id' };
  // Without CS, the kubeconfig's context is the only name the cluster has.
  return complete({ clusterId: '', name: kc?.getCurrentCluster()?.name ?? '', region: target.region, vpcId: target.vpcId, clusterType: 'Kubernetes' });
}

/**
 * The cluster CIDR when CS gave none: the smallest block holding every node's IPv4 pod CIDR, if that block is no
 * wider than a /8 (nodes spread wider share no plausible cluster CIDR). Orphaned routes are then judged inside it.
 */
export function clusterCidrFromNodes(nodes: readonly NodeInfo[]): string | undefined {
  const cidrs = nodes.map((n) => parseCidr(n.podCIDR ?? '')).filter((c): c is Cidr4 => isCidr(c) && c.family === 4);
  if (cidrs.length === 0) return undefined;
  let prefix = Math.min(...cidrs.map((c) => c.prefix));
  const base = cidrs[0].base;
  while (prefix > 0 && !cidrs.every((c) => ((c.base ^ base) & v4Mask(prefix)) === 0)) prefix--;
  return prefix < 8 ? undefined : cidr4(base & v4Mask(prefix), prefix).text;
}

/** Where the cluster CIDR comes from: the caller, CS, or the nodes' pod CIDRs (when k8s lists them whole). */
function withClusterCidr(info: ClusterInfo, target: AuditTarget, nodes: Read<NodeInfo[]>): ClusterInfo {
  if (target.clusterCidr) return { ...info, containerCidr: target.clusterCidr, containerCidrSource: 'given' };
  if (info.containerCidr) return { ...info, containerCidrSource: 'cluster detail' };
  const derived = nodes.status === 'complete' ? clusterCidrFromNodes(nodes.value) : undefined;
  return derived ? { ...info, containerCidr: derived, containerCidrSource: 'nodes' } : info;
}

/** Reads everything a run needs. Never throws for an API failure: each input carries its own Read status. */
export async function collectInventory(target: AuditTarget, cloud: CloudReader, config: AuditConfig, progress: Progress): Promise<{ inventory: Inventory }> {
  // A kubeconfig the caller gave is parsed first: without a cluster id, its context is the cluster's name.
  let given: KubeConfig | undefined;
  let kubeconfigFailure: Read<never> | undefined;
  if (target.kubeconfig !== undefined) {
    // The operator's own file may run exec plugins.
    try {
      given = loadKubeconfig(target.kubeconfig, { source: 'user', context: target.kubeContext, execTimeoutMs: config.kube.execTimeoutMs, deadline: config.deadline });
    } catch (err) {
      kubeconfigFailure = kubeconfigFailed('kubeconfig', err);
    }
  }
  // The cluster detail and its kubeconfig both need only the cluster id: fetch them together.
  const clusterRead: Promise<Read<ClusterInfo>> = target.clusterId ? readOf('cs:DescribeClusterDetail', () => cloud.cluster(target.clusterId!)) : Promise.resolve(clusterFromTarget(target, given));
  const fetchedRead = !target.kubeconfig && target.clusterId ? readOf('cs:DescribeClusterUserKubeconfig', () => cloud.kubeconfig(target.clusterId!, config.privateApiServer)) : undefined;
  // The route tables start the longest chain (their entries' NextToken pages): listed as soon as the VPC is known,
  // not after the kubeconfig is fetched and loaded. So does a managed cluster's CCM add-on, which names its tables.
  const routeTablesRead = clusterRead.then((c) => {
    const id = valueOf(c)?.vpcId || target.vpcId;
    return id ? readOf('vpc:DescribeRouteTableList', () => cloud.routeTables(id)) : noVpc<RouteTableInfo[]>(c);
  });
  const addonRead: Promise<Read<CcmAddon> | undefined> = clusterRead.then((c) => {
    const managed = isManaged(valueOf(c));
    if (managed && target.clusterId) return readOf('cs:DescribeClusterAddonInstance', () => cloud.ccmAddon(target.clusterId!, config.ccmAddonRouteTablesKey));
    return managed ? { status: 'not_collected', reason: 'no cluster id, so the CS add-on cannot be read' } : undefined;
  });
  const [cluster, fetched] = await Promise.all([clusterRead, fetchedRead]);
  const info = valueOf(cluster);
  progress(
    info ? `cluster: ${info.name || info.clusterId || '(from kubeconfig)'} (${info.clusterType}, VPC ${info.vpcId}, network ${info.network ?? 'to be detected'})` : 'cluster: detail could not be read',
  );

  if (fetched && fetched.status !== 'complete') kubeconfigFailure = fetched as Read<never>;
  const fetchedText = fetched ? valueOf(fetched) : undefined;
  if (!given && fetchedText) {
    // The one CS hands out may carry inline credentials only.
    try {
      given = loadKubeconfig(fetchedText, { source: 'cs', execTimeoutMs: config.kube.execTimeoutMs, deadline: config.deadline });
    } catch (err) {
      kubeconfigFailure = kubeconfigFailed('cs:DescribeClusterUserKubeconfig', err);
    }
  }
  const reader = given ? new KubeReader(given, cloud.stats, config.kube) : undefined;
  const vpcId = info?.vpcId || target.vpcId;
  const unread = <T>(): Read<T> => kubeconfigFailure ?? { status: 'not_collected', reason: 'no kubeconfig' };

  // Three independent chains run at once; each waits only on what it needs: the route entries on cloud-config and
  // the VPC's tables, the RAM identity on the CCM's pods and nodes, the instances on nothing.
  const cloudConfigRead = reader ? readOf('k8s:get configmaps', () => reader.cloudConfig()) : Promise.resolve(unread<CloudConfig | undefined>());
  const kubeRead = reader
    ? collectKubernetes(reader, config.kube.concurrency, cloudConfigRead)
    : Promise.resolve({
        nodes: unread(),
        namespaces: unread(),
        apiServices: unread(),
        services: unread(),
        endpoints: unread(),
        pods: unread(),
        events: unread(),
        workloads: unread(),
        cloudConfig: unread(),
        discovery: unread(),
      } as KubeInputs);
  // A managed cluster's route controller keeps its settings in the CCM add-on, not in cloud-config.
  const managed = isManaged(info);
  const routesRead = Promise.all([cloudConfigRead, routeTablesRead, addonRead]).then(async ([cfg, tables, addon]) => {
    const { inUse, toRead } = managed ? managedTablesInUse(addon, tables) : { inUse: tablesInUse(cfg, tables), toRead: undefined };
    const ids = toRead ?? valueOf(inUse) ?? [];
    const reads = await mapLimit(ids, config.kube.concurrency, (id) => readOf('vpc:DescribeRouteEntryList', () => cloud.routeEntries(id, prepareRouteEntries)));
    // Each table is read whole or not at all; the checks must know which, to judge only the tables they saw.
    const unreadTables = ids.filter((_, i) => reads[i].status !== 'complete');
    const entries = combine(reads, (v) => v.flat(), []);
    progress(`vpc: ${ids.length} route table(s), ${count(entries)} custom entries`);
    return { inUse, unreadTables, entries };
  });
  // The nodes' own instances, to tell whether each providerID names a machine in the VPC.
  const instancesRead = kubeRead.then(async (k): Promise<Read<InstanceInfo[]>> => {
    const nodes = valueOf(k.nodes);
    if (!vpcId || !nodes || k.nodes.status !== 'complete') {
      return { status: 'not_collected', reason: vpcId ? 'the node list was not read completely' : 'VPC unknown' };
    }
    // In slices too: 10,000 providerIDs are tens of milliseconds of work the route pages would otherwise wait for.
    const found = new Set<string>();
    await inSlices(nodes, NODE_SLICE, (slice) => {
      for (const n of slice) {
        const i = nodeInstance(n);
        if ('instanceId' in i) found.add(i.instanceId);
      }
    });
    const ids = [...found].sort();
    return readOf('ecs:DescribeInstances', () => cloud.instances(vpcId, ids, config.kube.concurrency));
  });
  // The route pages take longest (one chain of NextToken pages): the node side of the route check is done meanwhile,
  // in slices, so that no page waits for a whole large node list to be parsed.
  const nodesPrepared = Promise.all([kubeRead, addonRead]).then(async ([k, ccmAddon]) => {
    const nodes = valueOf(k.nodes);
    if (!nodes) return;
    // Which nodes the route controller skips follows its version, known once the pods (or the add-on) are read.
    const version = { version: ccmVersion({ cluster, ccmAddon, pods: k.pods }) };
    await inSlices(nodes, NODE_SLICE, (slice) => {
      prepareNodes(slice, version);
      prepareNodeIndex(slice);
    });
    nodeIndex(nodes);
  });
  const identityRead = kubeRead.then((k) => {
    progress(`kubernetes: ${count(k.nodes)} nodes, ${count(k.namespaces)} namespaces, ${count(k.apiServices)} APIServices`);
    return collectCcmIdentity(k, info, cloud, config);
  });
  // Control policies bound the identity only once there is one to judge; the account id comes from its ARN when not given.
  const directoryRead = identityRead.then(({ ramIdentities }) => {
    const identities = valueOf(ramIdentities);
    if (!identities?.length) return undefined;
    const accountId = target.accountId ?? identities.map((i) => /^acs:ram::(\d+):/.exec(i.arn ?? '')?.[1]).find((a) => a !== undefined);
    return readOf('resourcemanager:GetResourceDirectory', () => cloud.resourceDirectory(accountId));
  });
  const [k, routeTables, routes, instances, { plan, instanceRoles, ramIdentities }, ccmAddon, resourceDirectory] = await Promise.all([
    kubeRead,
    routeTablesRead,
    routesRead,
    instancesRead,
    identityRead,
    addonRead,
    directoryRead,
    nodesPrepared,
  ]);
  progress(`ecs: ${count(instances)} instances; ram: ${plan ? `${plan.kind} ${plan.name ?? '(unknown)'} — ${plan.how}` : 'route controller identity not resolved'}`);

  return {
    inventory: {
      ccmIdentity: plan,
      region: target.region,
      accountId: target.accountId,
      cluster: info ? complete(withClusterCidr({ ...info, vpcId: vpcId ?? '' }, target, k.nodes)) : cluster,
      ...k,
      ...(ccmAddon ? { ccmAddon } : {}),
      vpcRouteTableIds: routes.inUse,
      routeTables,
      routeEntries: routes.entries,
      unreadRouteTables: routes.unreadTables,
      instances,
      instanceRoles,
      ramIdentities,
      ...(resourceDirectory ? { resourceDirectory } : {}),
      quotas: {},
    },
  };
}

/**
 * The route tables the CCM uses: cloud-config's `Global.routeTableIDs`, else the VPC's tables. Known only when
 * cloud-config was read (absent counts as read) and, without configured ids, the VPC's tables too.
 */
function tablesInUse(cfg: Read<CloudConfig | undefined>, tables: Read<RouteTableInfo[]>): Read<string[]> {
  if (cfg.status !== 'complete') return cfg.status === 'not_collected' ? cfg : failed(...failuresOf(cfg));
  if (cfg.value && cfg.value.routeTableIds.length > 0) return complete(cfg.value.routeTableIds);
  if (tables.status !== 'complete') return tables.status === 'not_collected' ? tables : failed(...failuresOf(tables));
  return complete(tables.value.map((t) => t.routeTableId));
}

/**
 * A managed cluster's tables in use (checks/managed-tables.ts) and the tables whose entries to read: when the
 * route controller's own tables are unknown, every table of the VPC, so the check can judge the nodes' ones.
 */
function managedTablesInUse(addon: Read<CcmAddon> | undefined, tables: Read<RouteTableInfo[]>): { inUse: Read<string[]>; toRead?: string[] } {
  const m = managedTables({ ccmAddon: addon, routeTables: tables, instances: { status: 'not_collected', reason: 'not needed' } });
  if (!m) return { inUse: tables.status === 'not_collected' ? tables : failed(...failuresOf(tables)) };
  if (!m.unknown) return { inUse: complete(m.ids) };
  const all = (valueOf(tables) ?? []).map((t) => t.routeTableId);
  return { inUse: m.unknown.failures.length ? failed(...m.unknown.failures) : { status: 'not_collected', reason: m.unknown.reason }, toRead: all };
}

/** A VPC unknown because CS could not be read is that failure, named, not an input nobody asked for. */
function noVpc<T>(cluster: Read<ClusterInfo>): Read<T> {
  return cluster.status === 'failed' ? failed<T>(...cluster.failures) : { status: 'not_collected', reason: 'VPC unknown' };
}

function count(read: Read<unknown[] | undefined>): string {
  const v = valueOf(read);
  return v ? String(v.length) : read.status === 'not_collected' ? 'no' : '?';
}

function kubeconfigFailed(api: string, err: unknown): Read<never> {
  return failed(err instanceof KubeconfigError ? { api, code: err.code, message: err.message } : failureOf(api, err));
}

/** Works out whose permissions the route controller runs with, and reads that identity's policies. */
async function collectCcmIdentity(
  k: Pick<Inventory, 'pods' | 'nodes' | 'cloudConfig'>,
  info: ClusterInfo | undefined,
  cloud: CloudReader,
  config: AuditConfig,
): Promise<{ plan: CcmIdentityPlan | undefined; instanceRoles: Inventory['instanceRoles']; ramIdentities: Inventory['ramIdentities'] }> {
  const notNeeded = { status: 'not_collected' as const, reason: 'not needed' };
  // The managed control plane's CCM does not run in the cluster: its identity is ACK's documented default role for
  // it, not something the cluster shows, so the plan says it is inferred.
  if (isManaged(info)) {
    const name = config.checks.managedCcmRole;
    const plan: CcmIdentityPlan = {
      kind: 'RamRole',
      name,
      how: `inferred: a managed cluster's control-plane CCM is documented to use ${name} (configurable with --managed-ccm-role), not read from the cluster`,
      basis: 'inferred',
    };
    return { plan, instanceRoles: notNeeded, ramIdentities: await readIdentities(cloud, [name], config.kube.concurrency) };
  }
  // Without cloud-config nobody can tell whether the CCM uses an AccessKey instead of its node's role.
  if (k.cloudConfig.status !== 'complete') {
    const failures = failuresOf(k.cloudConfig);
    return { plan: undefined, instanceRoles: notNeeded, ramIdentities: failures.length ? failed(...failures) : { status: 'not_collected', reason: 'kube-system/cloud-config was not read' } };
  }
  const cfg = k.cloudConfig.value;
  // The CCM's own order (clientMgr.go GetTokenAuth): add-on token, cloud-config key, env key, then the instance role.
  // Anything before the instance role is an identity the auditor cannot resolve, so no instance role is blamed.
  const running = locateCcm(valueOf(k.pods) ?? []);
  const pod = running.pods[0] ? valueOf(k.pods)?.find((p) => p.name === running.pods[0].name) : undefined;
  const credential = ccmCredential(pod, cfg, running.version);
  if (credential.source !== 'instanceRole') {
    const plan: CcmIdentityPlan = { kind: credential.kind, how: credential.how };
    return { plan, instanceRoles: notNeeded, ramIdentities: { status: 'not_collected', reason: credential.how } };
  }
  const pods = valueOf(k.pods);
  const nodes = valueOf(k.nodes);
  if (!pods || !nodes) {
    const failures = [k.pods, k.nodes].flatMap((r) => (r.status === 'failed' || r.status === 'partial' ? r.failures : []));
    return { plan: undefined, instanceRoles: failed(...failures), ramIdentities: failed(...failures) };
  }
  const ccm = locateCcm(pods);
  // "No CCM pod" is a conclusion only from a whole pod list: a 403 on kube-system beside readable namespaces is not one.
  if (ccm.pods.length === 0 && k.pods.status !== 'complete') {
    const failures = failuresOf(k.pods);
    return { plan: undefined, instanceRoles: failed(...failures), ramIdentities: failed(...failures) };
  }
  const byName = new Map<string, NodeInfo>(nodes.map((n) => [n.name, n]));
  const instanceIds = [...new Set(ccm.pods.map((p) => instanceIdOf(byName.get(p.nodeName ?? '')?.providerID)).flatMap((r) => ('instanceId' in r ? [r.instanceId] : [])))].sort();
  if (instanceIds.length === 0) {
    const reason = ccm.pods.length ? 'the CCM pods run on nodes without an Alibaba Cloud providerID' : 'no cloud-controller-manager pod found in kube-system';
    return { plan: undefined, instanceRoles: { status: 'not_collected', reason }, ramIdentities: { status: 'not_collected', reason } };
  }
  const instanceRoles = await readOf('ecs:DescribeInstanceRamRole', () => cloud.instanceRoles(instanceIds));
  const roles = [...new Set(Object.values(valueOf(instanceRoles) ?? {}).filter((r): r is string => !!r))].sort();
  const plan: CcmIdentityPlan = {
    kind: 'RamRole',
    name: roles.join(', ') || undefined,
    how: `dedicated cluster: the RAM role of instance ${instanceIds.join(', ')}, which runs ${ccm.pods.map((p) => p.name).join(', ')}`,
  };
  if (instanceRoles.status !== 'complete') return { plan, instanceRoles, ramIdentities: instanceRoles.status === 'not_collected' ? instanceRoles : failed(...instanceRoles.failures) };
  return { plan, instanceRoles, ramIdentities: roles.length ? await readIdentities(cloud, roles, config.kube.concurrency) : complete([]) };
}

async function readIdentities(cloud: CloudReader, roles: string[], concurrency: number): Promise<Read<RamIdentity[]>> {
  const reads = await mapLimit(roles, concurrency, async (r): Promise<Read<RamIdentity[]>> => {
    try {
      const identity = await cloud.ramRole(r);
      // Policies attached at a resource group's scope apply to the route tables in that group.
      identity.resourceGroupPolicies = await readOf('resourcemanager:ListPolicyAttachments', () => cloud.resourceGroupPolicies(identity.kind, identity.name));
      return complete([identity]);
    } catch (err) {
      return failed(failureOf('ram:GetRole', err));
    }
  });
  return combine(reads, (v) => v.flat(), []);
}
