/** Container Service for Kubernetes 2015-12-15 (ROA): the scenario's one cluster, in snake_case. */
import { stringify } from 'yaml';
import type { SimContext } from './context';
import { CloudError, invalidParameter } from './errors';
import { SIM_CREATED } from './ids';
import type { JsonObject } from './json';
import { pageWindow } from './paging';

/** One CS API: its name (the RAM action is `cs:<name>`) and its answer to a matched route. */
export interface CsRoute {
  action: string;
  handle(ctx: SimContext, query: ReadonlyMap<string, string>): JsonObject;
}

// ACK issues non-temporary kubeconfig credentials for three years (UNVERIFIED default).
const DEFAULT_KUBECONFIG_MS = 3 * 365 * 24 * 3600 * 1000;
const API_SERVER = 'https://127.0.0.1:6443';

function notFound(id: string): CloudError {
  return new CloudError(404, 'ErrorClusterNotFound', `cluster ${id} not found`);
}

function requireCluster(ctx: SimContext, id: string): void {
  if (id !== ctx.scenario.cluster.clusterId) throw notFound(id);
}

/** `meta_data`: the JSON string from which clients tell Flannel from Terway. */
function metaData(ctx: SimContext): string {
  const flannel = ctx.scenario.cluster.network === 'flannel';
  return JSON.stringify({
    Addons: [{ name: flannel ? 'flannel' : 'terway-eniip', disabled: false }],
    Capabilities: { Network: flannel ? 'Flannel' : 'Terway' },
  });
}

function workerRoleName(ctx: SimContext): string | undefined {
  return ctx.scenario.cloud.ram.roles.find((r) => r.RoleName.startsWith('KubernetesWorkerRole'))?.RoleName;
}

/** The fields DescribeClusterDetail and DescribeClustersV1 share. */
function clusterSummary(ctx: SimContext): JsonObject {
  const c = ctx.scenario.cluster;
  const vpc = ctx.scenario.cloud.vpcs.find((v) => v.VpcId === c.vpcId);
  const vswitches = vpc?.VSwitchIds ?? (ctx.scenario.cloud.vswitches ?? []).filter((v) => v.VpcId === c.vpcId).map((v) => v.VSwitchId);
  const zone = (ctx.scenario.cloud.vswitches ?? []).find((v) => vswitches.includes(v.VSwitchId))?.ZoneId;
  const version = c.version ?? '1.30.7-aliyun.1';
  return {
    cluster_id: c.clusterId,
    name: c.name,
    region_id: ctx.scenario.region,
    zone_id: zone,
    vpc_id: c.vpcId,
    vswitch_id: vswitches.join(','),
    vswitch_ids: vswitches,
    cluster_type: c.clusterType,
    cluster_spec: c.clusterType === 'ManagedKubernetes' ? 'ack.pro.small' : '',
    profile: 'Default',
    state: 'running',
    size: c.objects.filter((o) => o.kind === 'Node').length,
    // Older clusters answer only the deprecated alias (SDK model DescribeClusterDetailResponseBody `subnetCidr`).
    [c.containerCidrField ?? 'container_cidr']: c.containerCidr,
    service_cidr: c.serviceCidr,
    current_version: version,
    init_version: version,
    network_mode: 'vpc',
    ip_stack: 'ipv4',
    meta_data: metaData(ctx),
    worker_ram_role_name: workerRoleName(ctx),
    resource_group_id: '',
    deletion_protection: false,
    tags: [],
    created: SIM_CREATED,
    updated: SIM_CREATED,
  };
}

/** Flannel's per-node pod CIDR mask, from the nodes' podCIDR when they have one. */
function nodeCidrMask(ctx: SimContext): string | undefined {
  if (ctx.scenario.cluster.network !== 'flannel') return undefined;
  for (const o of ctx.scenario.cluster.objects) {
    const podCidr = o.kind === 'Node' ? (o as { spec?: { podCIDR?: string } }).spec?.podCIDR : undefined;
    if (podCidr) return podCidr.split('/')[1];
  }
  return ctx.scenario.generate?.podCidrMask?.toString();
}

function defaultKubeconfig(ctx: SimContext): string {
  const user = ctx.scenario.accountId;
  const context = `${user}-${ctx.scenario.cluster.clusterId}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kubernetes', cluster: { server: API_SERVER } }],
    contexts: [{ name: context, context: { cluster: 'kubernetes', user } }],
    'current-context': context,
    preferences: {},
    users: [{ name: user, user: { token: ctx.credentials.kubernetesToken } }],
  });
}

/** An integer query parameter in [min, max], undefined when absent or empty. */
function intQuery(query: ReadonlyMap<string, string>, name: string, min: number, max: number): number | undefined {
  const v = query.get(name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw invalidParameter(name);
  return Number(v);
}

function describeClusterDetail(id: string): CsRoute {
  return {
    action: 'DescribeClusterDetail',
    handle(ctx) {
      requireCluster(ctx, id);
      return { ...clusterSummary(ctx), node_cidr_mask: nodeCidrMask(ctx) };
    },
  };
}

function describeClusterUserKubeconfig(id: string): CsRoute {
  return {
    action: 'DescribeClusterUserKubeconfig',
    handle(ctx, query) {
      requireCluster(ctx, id);
      const privateIp = query.get('PrivateIpAddress');
      if (privateIp !== undefined && privateIp !== 'true' && privateIp !== 'false') throw invalidParameter('PrivateIpAddress');
      const minutes = intQuery(query, 'TemporaryDurationMinutes', 15, 4320);
      const validMs = minutes === undefined ? DEFAULT_KUBECONFIG_MS : minutes * 60_000;
      const expiration = new Date(Math.floor((ctx.now().getTime() + validMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      return { config: ctx.kubeconfig ? ctx.kubeconfig() : defaultKubeconfig(ctx), expiration };
    },
  };
}

/**
 * DescribeClusterAddonInstance (`GET /clusters/{ClusterID}/components/{AddonName}/instance`): `{name, version,
 * state, config}` with `config` a JSON string (SDK model DescribeClusterAddonInstanceResponseBody). An add-on the
 * cluster lacks is 404 `AddonNotFound`, the code terraform-provider-alicloud treats as "not installed" (not stated
 * on the API's own page).
 */
function describeClusterAddonInstance(id: string, addonName: string): CsRoute {
  return {
    action: 'DescribeClusterAddonInstance',
    handle(ctx) {
      requireCluster(ctx, id);
      const addon = ctx.scenario.cluster.addons?.find((a) => a.name === addonName);
      if (!addon) throw new CloudError(404, 'AddonNotFound', `addon ${addonName} not found in cluster ${id}`);
      const config = addon.config === undefined ? '' : typeof addon.config === 'string' ? addon.config : JSON.stringify(addon.config);
      return { name: addon.name, version: addon.version, state: addon.state ?? 'active', config };
    },
  };
}

const LIST_FILTERS = ['cluster_type', 'cluster_id', 'name', 'region_id', 'profile', 'cluster_spec'];

const describeClustersV1: CsRoute = {
  action: 'DescribeClustersV1',
  handle(ctx, query) {
    const pageNumber = intQuery(query, 'page_number', 1, 1_000_000) ?? 1;
    // The maximum page_size is not documented; 100 is the bound the reference recommends clients stay under.
    const pageSize = intQuery(query, 'page_size', 1, 100) ?? 10;
    const summary = clusterSummary(ctx);
    const matches = LIST_FILTERS.every((f) => !query.get(f) || summary[f] === query.get(f)) ? [summary] : [];
    return { clusters: pageWindow(matches, pageNumber, pageSize), page_info: { page_number: pageNumber, page_size: pageSize, total_count: matches.length } };
  },
};

/** The CS API a `GET` path names, or undefined. */
export function csRoute(method: string, path: string): CsRoute | undefined {
  if (method !== 'GET') return undefined;
  let m = /^\/clusters\/([^/]+)$/.exec(path);
  if (m) return describeClusterDetail(m[1]);
  m = /^\/clusters\/([^/]+)\/components\/([^/]+)\/instance$/.exec(path);
  if (m) return describeClusterAddonInstance(m[1], decodeURIComponent(m[2]));
  m = /^\/k8s\/([^/]+)\/user_config$/.exec(path);
  if (m) return describeClusterUserKubeconfig(m[1]);
  return path === '/api/v1/clusters' ? describeClustersV1 : undefined;
}
