/** Reads the cluster through @kubernetes/client-node: paged lists, discovery probes, one Read per input. */
import * as http from 'node:http';
import * as https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { fromKubeError } from './api-error';
import type { CallStats } from './call-stats';
import type {
  APIServiceInfo, CloudConfig, Condition, DiscoveryProbe, EventInfo, Inventory, NamespaceInfo, NodeInfo, PodInfo, Read,
  ServiceEndpoints, ServiceInfo, WorkloadInfo,
} from './inventory';
import { failed, failureOf, readOf, combine } from './read';
import { withRetry, type RetryPolicy } from './retry';
import { mapLimit } from '../util/concurrency';

export interface KubeCollectOptions {
  pageSize: number;
  requestTimeoutMs: number;
  probeTimeoutMs: number;
  retry: RetryPolicy;
  /** Re-lists allowed after a 410 Expired continue token, per list. */
  relistOnExpired: number;
}

export type KubeInputs = Pick<Inventory, 'nodes' | 'namespaces' | 'apiServices' | 'services' | 'endpoints' | 'pods' | 'events' | 'workloads' | 'cloudConfig' | 'discovery'>;

/** Route-controller event reasons (cloud-provider-alibaba-cloud pkg/controller/helper/event.go). */
export const ROUTE_EVENT_REASONS = new Set(['SyncRouteFailed', 'CreateRouteFailed', 'DescriberRouteFailed', 'CreatedRoute']);

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string };
}

function iso(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().replace('.000Z', 'Z');
  return typeof v === 'string' ? v : undefined;
}

function conditionsOf(list: unknown): Condition[] {
  if (!Array.isArray(list)) return [];
  return list.map((c: Record<string, unknown>) => ({
    type: String(c.type),
    status: String(c.status),
    reason: typeof c.reason === 'string' ? c.reason : undefined,
    message: typeof c.message === 'string' ? c.message : undefined,
    lastTransitionTime: iso(c.lastTransitionTime),
  }));
}

function imagesOf(spec: k8s.V1PodSpec | undefined): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.image ?? '').filter(Boolean);
}

/**
 * GETs a list as raw JSON. client-node's KubeConfig supplies the TLS material and credentials; its typed
 * ObjectSerializer is skipped because on bulk lists it dominates the run (about 50 µs per node, measured with
 * `npm run bench`). Failures are thrown in client-node's ApiException shape so one normaliser handles both paths.
 */
async function getRawJson(kc: k8s.KubeConfig, path: string, timeoutMs: number): Promise<unknown> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw Object.assign(new Error('the kubeconfig names no current cluster'), { name: 'ConfigError' });
  const url = new URL(path, server);
  const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('premature close'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 400) return reject({ code: status, body, headers: res.headers });
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })));
    req.on('error', reject);
    req.end();
  });
}

/** Reads a cluster: owns the per-request timeout, retries, paging and call counting. */
export class KubeReader {
  private readonly core: k8s.CoreV1Api;
  private readonly apps: k8s.AppsV1Api;
  private readonly registration: k8s.ApiregistrationV1Api;
  private readonly discoveryApi: k8s.DiscoveryV1Api;
  private readonly custom: k8s.CustomObjectsApi;

  constructor(private readonly kc: k8s.KubeConfig, private readonly stats: CallStats, private readonly options: KubeCollectOptions) {
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.apps = kc.makeApiClient(k8s.AppsV1Api);
    this.registration = kc.makeApiClient(k8s.ApiregistrationV1Api);
    this.discoveryApi = kc.makeApiClient(k8s.DiscoveryV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
  }

  // client-node 1.x sets no timeout of its own; an abort signal per request bounds a hung server.
  private timeout(ms: number): k8s.ConfigurationOptions {
    const middleware = {
      pre: (ctx: k8s.RequestContext) => {
        ctx.setSignal(AbortSignal.timeout(ms));
        return new k8s.Observable(Promise.resolve(ctx));
      },
      post: (res: k8s.ResponseContext) => new k8s.Observable(Promise.resolve(res)),
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' } as unknown as k8s.ConfigurationOptions;
  }

  /** One call with retry and counting. */
  call<T>(api: string, fn: (opts: k8s.ConfigurationOptions) => Promise<T>, timeoutMs = this.options.requestTimeoutMs): Promise<T> {
    return withRetry(api, this.options.retry, fromKubeError, () => {
      this.stats.count(api);
      return fn(this.timeout(timeoutMs));
    });
  }

  /** Every item of a paged list; throws ApiCallError when a page cannot be read. */
  async listAll<T>(api: string, page: (cont: string | undefined, limit: number, opts: k8s.ConfigurationOptions) => Promise<Page<T>>): Promise<T[]> {
    for (let relist = 0; ; relist++) {
      const items: T[] = [];
      const seen = new Set<string>();
      let cont: string | undefined;
      try {
        do {
          const res = await this.call(api, (opts) => page(cont, this.options.pageSize, opts));
          items.push(...res.items);
          cont = res.metadata?._continue || undefined;
          if (cont !== undefined) {
            if (seen.has(cont)) throw fromKubeError(api, { code: 500, body: JSON.stringify({ reason: 'RepeatedContinueToken', message: 'the server returned the same continue token twice' }) });
            seen.add(cont);
          }
        } while (cont !== undefined);
        return items;
      } catch (err) {
        const failure = failureOf(api, err);
        // A continue token can expire mid-list (410): start over, a bounded number of times.
        if (failure.httpStatus === 410 && relist < this.options.relistOnExpired) continue;
        throw err;
      }
    }
  }

  /** A bulk list read as raw JSON, one page per call (see getRawJson). */
  private rawPage<T>(path: string) {
    return async (cont: string | undefined, limit: number): Promise<Page<T>> => {
      const query = new URLSearchParams({ limit: String(limit), ...(cont ? { continue: cont } : {}) });
      const list = (await getRawJson(this.kc, `${path}?${query}`, this.options.requestTimeoutMs)) as { items?: T[]; metadata?: { continue?: string } };
      return { items: list.items ?? [], metadata: { _continue: list.metadata?.continue } };
    };
  }

  async nodes(): Promise<NodeInfo[]> {
    // Raw JSON carries timestamps as strings where the typed models carry Dates; iso() takes either.
    const list = await this.listAll('k8s:list nodes', this.rawPage<k8s.V1Node>('/api/v1/nodes'));
    return list.map((n) => ({
      name: n.metadata?.name ?? '',
      labels: n.metadata?.labels ?? {},
      podCIDR: n.spec?.podCIDR,
      podCIDRs: n.spec?.podCIDRs ?? [],
      providerID: n.spec?.providerID,
      internalIPs: (n.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address),
      conditions: conditionsOf(n.status?.conditions),
      deletionTimestamp: iso(n.metadata?.deletionTimestamp),
    }));
  }

  async namespaces(): Promise<NamespaceInfo[]> {
    const list = await this.listAll('k8s:list namespaces', this.rawPage<k8s.V1Namespace>('/api/v1/namespaces'));
    return list.map((ns) => ({
      name: ns.metadata?.name ?? '',
      phase: ns.status?.phase,
      deletionTimestamp: iso(ns.metadata?.deletionTimestamp),
      finalizers: ns.spec?.finalizers ?? [],
      conditions: conditionsOf(ns.status?.conditions),
    }));
  }

  async apiServices(): Promise<APIServiceInfo[]> {
    const list = await this.listAll('k8s:list apiservices', (c, limit, o) => this.registration.listAPIService({ _continue: c, limit }, o));
    return list.map((a) => ({
      name: a.metadata?.name ?? '',
      group: a.spec?.group ?? '',
      version: a.spec?.version ?? '',
      service: a.spec?.service ? { namespace: a.spec.service.namespace ?? 'default', name: a.spec.service.name ?? '', port: a.spec.service.port } : undefined,
      conditions: conditionsOf(a.status?.conditions),
    }));
  }

  /** The Service behind an APIService; undefined when it does not exist (kube-aggregator's ServiceNotFound). */
  async service(namespace: string, name: string): Promise<ServiceInfo | undefined> {
    try {
      const s = await this.call('k8s:get services', (o) => this.core.readNamespacedService({ namespace, name }, o));
      return {
        namespace,
        name,
        clusterIP: s.spec?.clusterIP,
        ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort as number | string | undefined })),
        selector: s.spec?.selector,
      };
    } catch (err) {
      if (failureOf('k8s:get services', err).httpStatus === 404) return undefined;
      throw err;
    }
  }

  /** Backend addresses of a Service: EndpointSlices, falling back to Endpoints where the cluster has none. */
  async serviceEndpoints(namespace: string, service: string): Promise<ServiceEndpoints> {
    const labelSelector = `kubernetes.io/service-name=${service}`;
    const slices = await this.listAll('k8s:list endpointslices', (c, limit, o) =>
      this.discoveryApi.listNamespacedEndpointSlice({ namespace, labelSelector, _continue: c, limit }, o),
    );
    if (slices.length > 0) {
      return {
        namespace,
        service,
        source: 'EndpointSlice',
        portNames: [...new Set(slices.flatMap((s) => (s.ports ?? []).map((p) => p.name ?? '')))],
        addresses: slices.flatMap((s) =>
          (s.endpoints ?? []).flatMap((e) =>
            e.addresses.map((ip) => ({ ip, ready: e.conditions?.ready !== false, nodeName: e.nodeName, targetPod: e.targetRef?.name })),
          ),
        ),
      };
    }
    try {
      const ep = await this.call('k8s:get endpoints', (o) => this.core.readNamespacedEndpoints({ namespace, name: service }, o));
      const subsets = ep.subsets ?? [];
      return {
        namespace,
        service,
        source: 'Endpoints',
        portNames: [...new Set(subsets.flatMap((s) => (s.ports ?? []).map((p) => p.name ?? '')))],
        addresses: subsets.flatMap((s) => [
          ...(s.addresses ?? []).map((a) => ({ ip: a.ip, ready: true, nodeName: a.nodeName, targetPod: a.targetRef?.name })),
          ...(s.notReadyAddresses ?? []).map((a) => ({ ip: a.ip, ready: false, nodeName: a.nodeName, targetPod: a.targetRef?.name })),
        ]),
      };
    } catch (err) {
      if (failureOf('k8s:get endpoints', err).httpStatus === 404) return { namespace, service, source: 'EndpointSlice', portNames: [], addresses: [] };
      throw err;
    }
  }

  async pods(namespace: string): Promise<PodInfo[]> {
    const list = await this.listAll('k8s:list pods', this.rawPage<k8s.V1Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`));
    return list.map((p) => ({
      namespace,
      name: p.metadata?.name ?? '',
      nodeName: p.spec?.nodeName,
      podIP: p.status?.podIP,
      hostIP: p.status?.hostIP,
      hostNetwork: p.spec?.hostNetwork === true,
      phase: p.status?.phase,
      labels: p.metadata?.labels ?? {},
      images: imagesOf(p.spec),
    }));
  }

  async routeEvents(namespace: string): Promise<EventInfo[]> {
    const list = await this.listAll('k8s:list events', (c, limit, o) => this.core.listNamespacedEvent({ namespace, _continue: c, limit }, o));
    return list
      .filter((e) => ROUTE_EVENT_REASONS.has(e.reason ?? ''))
      .map((e) => ({
        namespace,
        reason: e.reason ?? '',
        type: e.type,
        message: e.message ?? '',
        involvedKind: e.involvedObject?.kind,
        involvedName: e.involvedObject?.name,
        count: e.count,
        lastTimestamp: iso(e.lastTimestamp) ?? iso(e.eventTime),
      }));
  }

  async workloads(namespace: string): Promise<WorkloadInfo[]> {
    const ds = await this.listAll('k8s:list daemonsets', (c, limit, o) => this.apps.listNamespacedDaemonSet({ namespace, _continue: c, limit }, o));
    const deploy = await this.listAll('k8s:list deployments', (c, limit, o) => this.apps.listNamespacedDeployment({ namespace, _continue: c, limit }, o));
    return [
      ...ds.map((d) => ({ kind: 'DaemonSet' as const, namespace, name: d.metadata?.name ?? '', images: imagesOf(d.spec?.template?.spec) })),
      ...deploy.map((d) => ({ kind: 'Deployment' as const, namespace, name: d.metadata?.name ?? '', images: imagesOf(d.spec?.template?.spec) })),
    ];
  }

  /** `kube-system/cloud-config`, reduced to what the route check needs; undefined when absent. */
  async cloudConfig(): Promise<CloudConfig | undefined> {
    try {
      const cm = await this.call('k8s:get configmaps', (o) => this.core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'cloud-config' }, o));
      return parseCloudConfig(cm.data?.['cloud-config.conf']);
    } catch (err) {
      if (failureOf('k8s:get configmaps', err).httpStatus === 404) return undefined;
      throw err;
    }
  }

  /** A live GET of `/apis/<group>/<version>`, as the namespace controller's discovery would do it. */
  async probe(group: string, version: string): Promise<DiscoveryProbe> {
    const groupVersion = `${group}/${version}`;
    const api = 'k8s:discovery';
    this.stats.count(api);
    try {
      await this.custom.getAPIResources({ group, version }, this.timeout(this.options.probeTimeoutMs));
      return { groupVersion, ok: true, httpStatus: 200 };
    } catch (err) {
      const f = fromKubeError(api, err).failure;
      if (f.httpStatus === 401 || f.httpStatus === 403) throw fromKubeError(api, err);
      return { groupVersion, ok: false, httpStatus: f.httpStatus, message: f.message };
    }
  }
}

/** Parses the JSON under `cloud-config.conf`; an unreadable document still tells us it exists. */
export function parseCloudConfig(text: string | undefined): CloudConfig {
  let global: Record<string, unknown> = {};
  try {
    const doc = JSON.parse(text ?? '{}') as { Global?: Record<string, unknown> };
    global = doc.Global ?? {};
  } catch {
    global = {};
  }
  const s = (k: string): string | undefined => (typeof global[k] === 'string' && global[k] !== '' ? (global[k] as string) : undefined);
  return {
    vpcId: s('vpcid'),
    region: s('region'),
    routeTableIds: (s('routeTableIDs') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    hasAccessKey: s('accessKeyID') !== undefined && s('accessKeySecret') !== undefined,
  };
}

/**
 * Collects every Kubernetes input of the inventory. Each input fails on its own; nothing throws. The cloud-config
 * read is passed in because the route-entry collection waits on it and starts it earlier.
 */
export async function collectKubernetes(reader: KubeReader, concurrency: number, cloudConfigRead: Promise<Read<CloudConfig | undefined>>): Promise<KubeInputs> {
  const [nodes, namespaces, apiServices, cloudConfig] = await Promise.all([
    readOf('k8s:list nodes', () => reader.nodes()),
    readOf('k8s:list namespaces', () => reader.namespaces()),
    readOf('k8s:list apiservices', () => reader.apiServices()),
    cloudConfigRead,
  ]);
  const aggregated = apiServices.status === 'complete' ? apiServices.value.filter((a) => a.service) : [];
  const backendNamespaces = [...new Set(['kube-system', ...aggregated.map((a) => a.service!.namespace)])].sort();

  const [services, endpoints, discovery, pods, events, workloads] = await Promise.all([
    apiServiceInputs(apiServices, concurrency, (a) => reader.service(a.service!.namespace, a.service!.name).then((s) => (s ? [s] : []))),
    apiServiceInputs(apiServices, concurrency, (a) => reader.serviceEndpoints(a.service!.namespace, a.service!.name).then((e) => [e])),
    apiServiceInputs(apiServices, concurrency, (a) => reader.probe(a.group, a.version).then((p) => [p])),
    readAll(backendNamespaces, (ns) => reader.pods(ns)),
    readAll(['default', 'kube-system'], (ns) => reader.routeEvents(ns)),
    readOf('k8s:list daemonsets', () => reader.workloads('kube-system')),
  ]);
  return { nodes, namespaces, apiServices, services, endpoints, pods, events, workloads, cloudConfig, discovery };
}

async function readAll<T>(keys: string[], fn: (key: string) => Promise<T[]>): Promise<Read<T[]>> {
  const reads = await Promise.all(keys.map((k) => readOf(`k8s:${k}`, () => fn(k))));
  return combine(reads, (v) => v.flat(), []);
}

async function apiServiceInputs<T>(apiServices: Read<APIServiceInfo[]>, concurrency: number, fn: (a: APIServiceInfo) => Promise<T[]>): Promise<Read<T[]>> {
  if (apiServices.status !== 'complete') return apiServices.status === 'partial' || apiServices.status === 'failed' ? failed(...apiServices.failures) : apiServices;
  const aggregated = apiServices.value.filter((a) => a.service);
  const reads = await mapLimit(aggregated, concurrency, (a) => readOf(`k8s:${a.name}`, () => fn(a)));
  return combine(reads, (v) => v.flat(), [] as T[]);
}

