/**
 * A simulated route controller of the cloud controller manager: on each resync it authorises every call it would
 * make with the RAM engine against its own identity's policies (as RAM would), and once allowed it restores
 * missing routes, replaces wrong ones and removes stale ones. The cluster then heals as it would: the node
 * conditions say RouteCreated, aggregated APIServices whose backends are reachable become Available, and
 * namespaces that were stuck only on their discovery finish deleting.
 *
 * What it repairs follows the CCM's route manager (kubernetes/cloud-provider-alibaba-cloud
 * pkg/controller/route/manager.go): its own entries are Custom, one Instance next hop, inside the cluster CIDR; a
 * same-CIDR entry to another instance is deleted and re-created; entries of instances that are no node are deleted
 * by CCM v2.11.2 and later only; the nodes it skips are those `needSyncRoute` skips (shared/checks/node-routing.ts).
 */
import { skipReason } from '../checks/node-routing';
import type { Condition, NodeInfo } from '../collect/inventory';
import { isCidr, parseCidr, cidrContains } from '../net/cidr';
import { routeTableArn, vpcArn } from '../ram/arn';
import { evaluate } from '../ram/evaluate';
import type { AttachedPolicy } from '../ram/model';
import { parsePolicy } from '../ram/parse';
import { ccmProfile, parseCcmVersion } from '../ram/profiles';
import { routeControllerContext } from '../ram/request-context';
import type { KubeObject, Scenario } from '../scenario/schema';
import { opaqueToken } from './cloud/ids';

export interface ReconcileResult {
  ok: boolean;
  /** The denied or failed call, when the reconcile stopped. */
  error?: string;
  created: string[];
  deleted: string[];
  /** Objects of the cluster that changed (the API server must serve them again). */
  clusterChanged: boolean;
}

type Obj = KubeObject & Record<string, any>;

const time = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function objects(s: Scenario, kind: string): Obj[] {
  return s.cluster.objects.filter((o) => o.kind === kind) as Obj[];
}

function instanceOf(node: Obj): string | undefined {
  const id = String(node.spec?.providerID ?? '').replace(/^alicloud:\/\//, '');
  return id.includes('.') ? id.slice(id.indexOf('.') + 1) : undefined;
}

/** The fields of a scenario Node the skip rules read. */
function asNodeInfo(node: Obj): NodeInfo {
  return {
    name: node.metadata.name,
    labels: (node.metadata.labels as Record<string, string> | undefined) ?? {},
    podCIDR: node.spec?.podCIDR,
    podCIDRs: (node.spec?.podCIDRs as string[] | undefined) ?? [],
    providerID: node.spec?.providerID || undefined,
    internalIPs: [],
    conditions: (node.status?.conditions as Condition[] | undefined) ?? [],
    deletionTimestamp: node.metadata.deletionTimestamp as string | undefined,
  };
}

function podCidrOf(node: Obj): string | undefined {
  const text = (node.spec?.podCIDRs as string[] | undefined)?.find((c) => !c.includes(':')) ?? node.spec?.podCIDR;
  const c = text ? parseCidr(text) : undefined;
  return c && isCidr(c) ? c.text : undefined;
}

function ccmPod(s: Scenario): Obj | undefined {
  return objects(s, 'Pod').find((p) => p.metadata.namespace === 'kube-system' && (p.metadata.labels?.app === 'cloud-controller-manager' || p.metadata.name.startsWith('cloud-controller-manager')));
}

function cloudConfigTables(s: Scenario): string[] {
  const cm = objects(s, 'ConfigMap').find((c) => c.metadata.namespace === 'kube-system' && c.metadata.name === 'cloud-config');
  const text = String(cm?.data?.['cloud-config.conf'] ?? cm?.data?.['cloud-config'] ?? '');
  try {
    const ids = String((JSON.parse(text) as { Global?: { routeTableIDs?: string } }).Global?.routeTableIDs ?? '');
    return ids
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** The default versions of the policies attached to the role of the instance the CCM runs on. */
function ccmIdentity(s: Scenario, node: Obj | undefined): { role?: string; policies: AttachedPolicy[] } {
  const instanceId = node ? instanceOf(node) : undefined;
  const role = s.cloud.instances.find((i) => i.InstanceId === instanceId)?.RamRoleName as string | undefined;
  const r = s.cloud.ram.roles.find((x) => x.RoleName === role);
  const policies: AttachedPolicy[] = [];
  for (const a of r?.AttachedPolicies ?? []) {
    const p = s.cloud.ram.policies.find((x) => x.PolicyName === a.PolicyName && x.PolicyType === a.PolicyType);
    const v = p?.Versions.find((x) => x.VersionId === p.DefaultVersion);
    if (!p || !v) continue;
    const parsed = parsePolicy(typeof v.PolicyDocument === 'string' ? v.PolicyDocument : JSON.stringify(v.PolicyDocument));
    if (parsed.ok) policies.push({ name: p.PolicyName, type: p.PolicyType, version: v.VersionId, document: parsed.policy });
  }
  return { role, policies };
}

/** Records the route controller's failure as it does: a Warning SyncRouteFailed event on "route-controller". */
function recordFailure(s: Scenario, now: Date, message: string): void {
  const events = objects(s, 'Event');
  const existing = events.find((e) => e.reason === 'SyncRouteFailed');
  if (existing) {
    existing.count = Number(existing.count ?? 1) + 1;
    existing.lastTimestamp = time(now);
    existing.message = message;
    return;
  }
  s.cluster.objects.push({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `route-controller.${opaqueToken(message).slice(0, 16)}`, namespace: 'default' },
    involvedObject: { kind: 'Node', name: 'route-controller' },
    reason: 'SyncRouteFailed',
    type: 'Warning',
    source: { component: 'route-controller' },
    count: 1,
    firstTimestamp: time(now),
    lastTimestamp: time(now),
    message,
  } as KubeObject);
}

function recordCreated(s: Scenario, now: Date, node: Obj, cidr: string): void {
  s.cluster.objects.push({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${node.metadata.name}.${opaqueToken(`${cidr}${time(now)}`).slice(0, 16)}`, namespace: 'default' },
    involvedObject: { kind: 'Node', name: node.metadata.name },
    reason: 'CreatedRoute',
    type: 'Normal',
    source: { component: 'route-controller' },
    count: 1,
    firstTimestamp: time(now),
    lastTimestamp: time(now),
    message: `Created route for node ${node.metadata.name} ${cidr} with hop ${instanceOf(node)}`,
  } as KubeObject);
}

/** One resync of the route controller over the scenario's world (mutated in place). */
export function reconcileRoutes(s: Scenario, now: Date): ReconcileResult {
  const result: ReconcileResult = { ok: false, created: [], deleted: [], clusterChanged: false };
  const pod = ccmPod(s);
  const nodes = objects(s, 'Node');
  const ccmNode = nodes.find((n) => n.metadata.name === pod?.spec?.nodeName);
  if (!pod || !ccmNode) return { ...result, error: 'no cloud controller manager pod is running' };
  const { region, accountId } = s;
  const vpcId = s.cluster.vpcId;
  const { policies } = ccmIdentity(s, ccmNode);
  const ip = (ccmNode.status?.addresses as { type: string; address: string }[] | undefined)?.find((a) => a.type === 'InternalIP')?.address;
  const context = routeControllerContext({ sourceVpc: vpcId, sourceIp: ip, now });
  const denied = (action: string, resource: string): string | undefined =>
    evaluate({ action, resource, context }, policies).decision === 'allow'
      ? undefined
      : `Aliyun API Error: RequestId: ${opaqueToken(`${action}${time(now)}`)
          .toUpperCase()
          .slice(0, 32)} Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource, or this API doesn't support RAM. (${action})`;
  const fail = (message: string): ReconcileResult => {
    recordFailure(s, now, `Couldn't reconcile node routes: ${message}`);
    return { ...result, error: message, clusterChanged: true };
  };
  const image = String((pod.spec?.containers as { image?: string }[] | undefined)?.[0]?.image ?? '');
  const tag = image.slice(image.lastIndexOf(':') + 1);
  const legacy = ccmProfile(tag) === 'legacy';
  // Only the batch path of v2.11.2+ deletes the routes of removed nodes (route_controller.go L421-443).
  const v = parseCcmVersion(tag);
  const removesStale = v !== undefined && (v.major > 2 || (v.major === 2 && (v.minor > 11 || (v.minor === 11 && v.patch >= 2))));
  const discoverCall = legacy ? denied('vpc:DescribeVpcs', vpcArn(region, accountId, vpcId)) : denied('vpc:DescribeRouteTableList', routeTableArn(region, accountId, '*'));
  if (discoverCall) return fail(`RouteTables: ${discoverCall}`);
  const configured = cloudConfigTables(s);
  const tables = configured.length > 0 ? configured : (s.cloud.vpcs.find((v) => v.VpcId === vpcId)?.RouterTableIds ?? []);
  if (tables.length !== 1 && configured.length === 0) return fail(`multiple route tables found by vpc id[${vpcId}], length(tables)=${tables.length}`);
  const clusterCidr = s.cluster.containerCidr ? parseCidr(s.cluster.containerCidr) : undefined;
  // The nodes the CCM routes: not skipped (exclude labels, hybrid, Ready=Unknown, being deleted, ...), as the audit judges them.
  const desired = nodes.filter((n) => !skipReason(asNodeInfo(n), tag) && instanceOf(n) && podCidrOf(n)).map((n) => ({ node: n, cidr: podCidrOf(n)!, instance: instanceOf(n)! }));
  const nodeInstances = new Set(desired.map((d) => d.instance));
  for (const table of tables) {
    const arn = routeTableArn(region, accountId, table);
    const read = denied('vpc:DescribeRouteEntryList', arn);
    if (read) return fail(read);
    const own = () =>
      s.cloud.routeEntries.filter((e) => {
        if (e.RouteTableId !== table || e.Type !== 'Custom' || e.NextHops.length !== 1 || e.NextHops[0].NextHopType !== 'Instance') return false;
        const c = parseCidr(e.DestinationCidrBlock);
        return isCidr(c) && c.prefix !== 0 && (!clusterCidr || !isCidr(clusterCidr) || cidrContains(clusterCidr, c));
      });
    const remove = (e: (typeof s.cloud.routeEntries)[number]): string | undefined => {
      const why = denied('vpc:DeleteRouteEntry', arn);
      if (why) return why;
      s.cloud.routeEntries.splice(s.cloud.routeEntries.indexOf(e), 1);
      result.deleted.push(`${table} ${e.DestinationCidrBlock} -> ${e.NextHops[0].NextHopId}`);
      return undefined;
    };
    for (const d of desired) {
      const same = own().filter((e) => (parseCidr(e.DestinationCidrBlock) as { text?: string }).text === d.cidr);
      if (same.some((e) => e.NextHops[0].NextHopId === d.instance)) continue;
      for (const wrong of same) {
        const why = remove(wrong);
        if (why) return fail(why);
      }
      const why = denied('vpc:CreateRouteEntry', arn);
      if (why) return fail(`CreateRouteEntry ${d.cidr}: ${why}`);
      s.cloud.routeEntries.push({
        RouteTableId: table,
        RouteEntryId: `rte-${opaqueToken(`${table}/${d.cidr}/${d.instance}`).slice(0, 20)}`,
        DestinationCidrBlock: d.cidr,
        Type: 'Custom',
        Status: 'Available',
        NextHops: [{ NextHopType: 'Instance', NextHopId: d.instance }],
      });
      result.created.push(`${table} ${d.cidr} -> ${d.instance}`);
      recordCreated(s, now, d.node, d.cidr);
      result.clusterChanged = true;
    }
    for (const stale of removesStale ? own().filter((e) => !nodeInstances.has(e.NextHops[0].NextHopId)) : []) {
      const why = remove(stale);
      if (why) return fail(why);
    }
  }
  result.ok = true;
  if (heal(s, now, new Set(desired.map((d) => d.node.metadata.name)))) result.clusterChanged = true;
  return result;
}

/** What a reachable network repairs by itself: node conditions, aggregated APIServices, namespaces stuck on discovery. */
function heal(s: Scenario, now: Date, routed: Set<string>): boolean {
  let changed = false;
  for (const node of objects(s, 'Node')) {
    if (!routed.has(node.metadata.name)) continue;
    const cond = (node.status?.conditions as Record<string, string>[] | undefined)?.find((c) => c.type === 'NetworkUnavailable');
    if (cond && cond.status === 'False' && cond.reason === 'RouteCreated') continue;
    node.status = {
      ...(node.status ?? {}),
      conditions: [
        ...((node.status?.conditions as object[]) ?? []).filter((c) => (c as { type?: string }).type !== 'NetworkUnavailable'),
        { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastTransitionTime: time(now), lastHeartbeatTime: time(now) },
      ],
    };
    changed = true;
  }
  const slices = objects(s, 'EndpointSlice');
  for (const api of objects(s, 'APIService')) {
    const svc = api.spec?.service as { name: string; namespace: string } | undefined;
    const conditions = (api.status?.conditions as Record<string, string>[] | undefined) ?? [];
    const available = conditions.find((c) => c.type === 'Available');
    if (!svc || available?.status === 'True' || available?.reason !== 'FailedDiscoveryCheck') continue;
    const backends = slices
      .filter((e) => e.metadata.namespace === svc.namespace && e.metadata.labels?.['kubernetes.io/service-name'] === svc.name)
      .flatMap((e) => (e.endpoints as { nodeName?: string; conditions?: { ready?: boolean } }[] | undefined) ?? [])
      .filter((e) => e.conditions?.ready !== false);
    if (backends.length === 0 || !backends.every((b) => b.nodeName && routed.has(b.nodeName))) continue;
    api.status = {
      conditions: [...conditions.filter((c) => c.type !== 'Available'), { type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: time(now) }],
    };
    changed = true;
  }
  const down = objects(s, 'APIService').some(
    (a) => a.spec?.service && !((a.status?.conditions as Record<string, string>[] | undefined) ?? []).some((c) => c.type === 'Available' && c.status === 'True'),
  );
  for (const ns of objects(s, 'Namespace')) {
    if (!ns.metadata.deletionTimestamp || down) continue;
    const conditions = (ns.status?.conditions as Record<string, string>[] | undefined) ?? [];
    // Only the discovery failure held it: no content, no finalizers left.
    const blocked = conditions.some((c) => c.type !== 'NamespaceDeletionDiscoveryFailure' && c.status === 'True');
    if (blocked || !conditions.some((c) => c.type === 'NamespaceDeletionDiscoveryFailure' && c.status === 'True')) continue;
    s.cluster.objects.splice(s.cluster.objects.indexOf(ns), 1);
    changed = true;
  }
  return changed;
}
