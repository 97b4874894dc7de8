/** Reads the cluster through @kubernetes/client-node: paged lists, discovery probes, one Read per input. */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CoreV1Event, V1APIService, V1ConfigMap, V1DaemonSet, V1Deployment, V1EndpointSlice, V1Endpoints, V1Namespace, V1Node, V1Pod, V1PodSpec, V1Service } from '@kubernetes/client-node';
import { ApiCallError, type ApiFailure, endpointHost, fromKubeError, withHost } from './api-error';
import type { CallStats } from './call-stats';
import type {
  APIServiceInfo,
  CloudConfig,
  Condition,
  ContainerInfo,
  DiscoveryProbe,
  EventInfo,
  Inventory,
  NamespaceInfo,
  NodeInfo,
  PodInfo,
  Read,
  ServiceEndpoints,
  ServiceInfo,
  WorkloadInfo,
} from './inventory';
import { parseCloudConfig } from './cloud-config';
import { complete, failed, failureOf, readOf, combine } from './read';
import { withRetry, type RetryPolicy } from '../util/retry';
import { mapLimit } from '../util/concurrency';
import { KubeconfigError, ResponseTooLargeError, TimeoutError } from '../util/errors';

export interface KubeCollectOptions {
  pageSize: number;
  requestTimeoutMs: number;
  probeTimeoutMs: number;
  retry: RetryPolicy;
  /** Re-lists allowed after a 410 Expired continue token, per list. */
  relistOnExpired: number;
  /** The largest answer read; a larger one is a failed read (ResponseTooLarge), never buffered whole. */
  maxAnswerBytes: number;
  /** Where an event list stops reading, partial (ListTooLarge): a hostile cluster can hold any number of events. */
  events: ListBound;
}

/** A bound on one paged list: stop after this many items or answer bytes, and say so. */
export interface ListBound {
  maxItems: number;
  maxBytes: number;
}

/** The route controller's events of one namespace; `stopped` says why the list was not read to its end. */
export interface EventScan {
  events: EventInfo[];
  stopped?: ApiFailure;
}

export type KubeInputs = Pick<Inventory, 'nodes' | 'namespaces' | 'apiServices' | 'services' | 'endpoints' | 'pods' | 'events' | 'workloads' | 'cloudConfig' | 'discovery'>;

/** Route-controller event reasons (cloud-provider-alibaba-cloud pkg/controller/helper/event.go). */
export const ROUTE_EVENT_REASONS = new Set(['SyncRouteFailed', 'CreateRouteFailed', 'DescriberRouteFailed', 'CreatedRoute']);

// Lists arrive as raw JSON typed with client-node's models for their field names; timestamps are strings there
// where the models say Date, so this takes either.
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

function containersOf(p: V1Pod): ContainerInfo[] {
  const statuses = new Map((p.status?.containerStatuses ?? []).map((c) => [c.name, c]));
  return (p.spec?.containers ?? []).map((c) => {
    const st = statuses.get(c.name);
    const state = st?.state?.running ? 'running' : st?.state?.waiting ? 'waiting' : st?.state?.terminated ? 'terminated' : undefined;
    const from = (e: NonNullable<typeof c.env>[number]) =>
      e.valueFrom?.secretKeyRef ? 'secret' : e.valueFrom?.configMapKeyRef ? 'configMap' : e.valueFrom?.fieldRef ? 'field' : e.valueFrom?.resourceFieldRef ? 'resource' : e.value ? 'value' : 'empty';
    return {
      name: c.name,
      image: c.image ?? '',
      args: [...(c.command ?? []), ...(c.args ?? [])],
      env: (c.env ?? []).map((e) => ({ name: e.name, from: from(e) })),
      envFrom: (c.envFrom ?? []).map((e) => (e.secretRef ? `secret/${e.secretRef.name ?? ''}` : `configMap/${e.configMapRef?.name ?? ''}`)),
      mounts: (c.volumeMounts ?? []).map((m) => ({ path: m.mountPath, volume: m.name, ...(m.subPath ? { subPath: m.subPath } : {}) })),
      ready: st?.ready,
      restartCount: st?.restartCount,
      state,
      stateReason: st?.state?.waiting?.reason ?? st?.state?.terminated?.reason,
      lastTerminationReason: st?.lastState?.terminated?.reason,
    };
  });
}

function volumesOf(spec: V1PodSpec | undefined): { name: string; source: string }[] {
  return (spec?.volumes ?? []).map((v) => ({
    name: v.name,
    source: v.secret
      ? `secret/${v.secret.secretName ?? ''}`
      : v.configMap
        ? `configMap/${v.configMap.name ?? ''}`
        : v.hostPath
          ? `hostPath/${v.hostPath.path}`
          : v.projected
            ? 'projected'
            : v.emptyDir
              ? 'emptyDir'
              : 'other',
  }));
}

function imagesOf(spec: V1PodSpec | undefined): string[] {
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.image ?? '').filter(Boolean);
}

/** Idle connections of a run's agent close after this; a warm function instance must not hold them for long. */
const IDLE_SOCKET_MS = 5_000;

/**
 * The agent for all of a reader's requests. client-node's applyToHTTPSOptions builds a new https.Agent on every
 * call, so each request would open a new connection with a new TLS context (the CA parsed again, a full
 * handshake). A plain https.Agent is replaced by one keep-alive agent holding one TLS context built from the same
 * material; a proxy agent (cluster.proxyUrl) or http.Agent from the first call is kept and reused as it is.
 */
function reusableAgent(options: https.RequestOptions): http.Agent | undefined {
  const first = options.agent;
  if (!(first instanceof https.Agent) || first.constructor !== https.Agent) return typeof first === 'object' ? first : undefined;
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
  const secureContext = tls.createSecureContext({ ca, cert, key, pfx, passphrase });
  return new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, secureContext, rejectUnauthorized, servername });
}

/**
 * GETs a path as JSON, with the answer's size in bytes. client-node's KubeConfig supplies the server, TLS material and
 * credentials (tokens, client certificates, exec plugins); its generated API classes are not used: they add about
 * 1.2 MB to the function bundle (a third of its cold load) and their ObjectSerializer costs about 50 µs per node on
 * bulk lists (`npm run bench`). Failures are thrown in client-node's ApiException shape (`code`, `body`, `headers`)
 * so one normaliser reads them. An answer larger than `maxBytes` is dropped unread (ResponseTooLarge).
 */
async function getJson(
  kc: KubeConfig,
  path: string,
  timeoutMs: number,
  maxBytes: number,
  agentOf: (options: https.RequestOptions) => http.Agent | undefined,
): Promise<{ json: unknown; bytes: number }> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new KubeconfigError('the kubeconfig names no current cluster', 'KubeconfigInvalid');
  // The server may carry a path (`https://host/k8s/clusters/c-abc` behind Rancher or a proxy): `new URL(path, server)`
  // would drop it for an absolute path, so the path is appended, as client-go's rest client does.
  const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
  const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
  // Still applied per request: credentials (tokens from exec plugins) may be refreshed between requests.
  await kc.applyToHTTPSOptions(options);
  options.agent = agentOf(options);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // An idle timeout alone lets a server that trickles bytes outlive the run: bound the whole exchange too.
    const timer = setTimeout(() => req.destroy(new TimeoutError(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // Read no further than the run can afford: the rest of a hostile answer never reaches memory.
        if (size > maxBytes) req.destroy(new ResponseTooLargeError(`answer larger than ${maxBytes} bytes, the most this run reads at once`));
        else chunks.push(c);
      });
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('premature close'), { code: 'ECONNRESET' })));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        // Only a 2xx is an answer: a redirect or an informational status carries no list, whatever its body says.
        if (status < 200 || status > 299) return reject({ code: status, body, headers: res.headers });
        try {
          resolve({ json: JSON.parse(body), bytes: size });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
    req.end();
  });
}

const enc = encodeURIComponent;

/** Reads a cluster: owns the per-request timeout, retries, paging and call counting. */
export class KubeReader {
  /** One agent, and so one TLS context and a pool of kept-alive connections, for every request of this reader. */
  private agent: http.Agent | undefined | null = null;

  constructor(
    private readonly kc: KubeConfig,
    private readonly stats: CallStats,
    private readonly options: KubeCollectOptions,
  ) {}

  private readonly agentOf = (options: https.RequestOptions): http.Agent | undefined => {
    if (this.agent === null) this.agent = reusableAgent(options);
    return this.agent;
  };

  /** One GET with retry and counting, with the size of the answer. */
  private request<T>(api: string, path: string, timeoutMs = this.options.requestTimeoutMs, normalise = fromKubeError): Promise<{ json: T; bytes: number }> {
    const host = endpointHost(this.kc.getCurrentCluster()?.server);
    return withRetry(
      api,
      this.options.retry,
      (a, err) => withHost(normalise(a, err), host),
      () => {
        this.stats.count(api);
        // Never past the deadline: a hung call would otherwise carry the run beyond the function's timeout.
        const timeout = Math.max(1, Math.min(timeoutMs, this.options.retry.deadline - Date.now()));
        return getJson(this.kc, path, timeout, this.options.maxAnswerBytes, this.agentOf) as Promise<{ json: T; bytes: number }>;
      },
    );
  }

  /** One GET with retry and counting. */
  private async get<T>(api: string, path: string, timeoutMs = this.options.requestTimeoutMs, normalise = fromKubeError): Promise<T> {
    return (await this.request<T>(api, path, timeoutMs, normalise)).json;
  }

  /** A GET whose 404 means "absent", not a failure. */
  private async getOptional<T>(api: string, path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(api, path);
    } catch (err) {
      if (failureOf(api, err).httpStatus === 404) return undefined;
      throw err;
    }
  }

  /** One GET of `path` (lists with `limit=1`), to prove it is allowed and answers (the doctor); throws ApiCallError. */
  async readOnce(api: string, path: string): Promise<void> {
    await this.get<unknown>(api, path.startsWith('/api') ? `${path}?limit=1` : path);
  }

  /**
   * Walks a paged list (`limit`/`continue`), handing each page, its size and whether more pages follow to the
   * visitor `start` makes, which returns false to stop; a fresh visitor per attempt, as a 410 Expired token restarts the list from its start.
   * Throws ApiCallError when a page cannot be read.
   */
  private async walk<T>(api: string, path: string, query: Record<string, string>, start: () => (items: T[], bytes: number, more: boolean) => boolean): Promise<void> {
    for (let relist = 0; ; relist++) {
      const visit = start();
      const seen = new Set<string>();
      let cont: string | undefined;
      try {
        do {
          const params = new URLSearchParams({ ...query, limit: String(this.options.pageSize), ...(cont ? { continue: cont } : {}) });
          const { json: page, bytes } = await this.request<{ items?: T[]; metadata?: { continue?: string } }>(api, `${path}?${params}`);
          // A list answer without its `items` array is not an empty list: nothing may be judged from it.
          if (!Array.isArray(page?.items)) throw new ApiCallError({ api, code: 'IncompleteResponse', message: 'the list answer has no items array' }, true);
          cont = page.metadata?.continue || undefined;
          if (cont !== undefined) {
            if (seen.has(cont)) throw fromKubeError(api, { code: 500, body: JSON.stringify({ reason: 'RepeatedContinueToken', message: 'the server returned the same continue token twice' }) });
            seen.add(cont);
          }
          if (!visit(page.items, bytes, cont !== undefined)) return;
        } while (cont !== undefined);
        return;
      } catch (err) {
        const failure = failureOf(api, err);
        // A continue token can expire mid-list (410): start over, a bounded number of times.
        if (failure.httpStatus === 410 && relist < this.options.relistOnExpired) continue;
        throw err;
      }
    }
  }

  /** Every item of a paged list (`limit`/`continue`); throws ApiCallError when a page cannot be read. */
  async listAll<T>(api: string, path: string, query: Record<string, string> = {}): Promise<T[]> {
    return this.listMapped<T, T>(api, path, (item) => item, query);
  }

  /**
   * Every item of a paged list, mapped; each page is folded (a repeated object is one, the first copy kept) and mapped
   * as it arrives, so a 10,000-item list is not one long task after its last page (the route pages wait on the same
   * thread). A relist after an expired continue token starts over.
   */
  private async listMapped<T, U>(api: string, path: string, map: (item: T) => U, query: Record<string, string> = {}): Promise<U[]> {
    let out: U[] = [];
    await this.walk<T>(api, path, query, () => {
      out = [];
      const seen = new Set<string>();
      return (page) => {
        for (const item of foldDuplicates(page, seen)) out.push(map(item));
        return true;
      };
    });
    return out;
  }

  async nodes(): Promise<NodeInfo[]> {
    return this.listMapped<V1Node, NodeInfo>('k8s:list nodes', '/api/v1/nodes', (n) => ({
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
    const list = await this.listAll<V1Namespace>('k8s:list namespaces', '/api/v1/namespaces');
    return list.map((ns) => ({
      name: ns.metadata?.name ?? '',
      phase: ns.status?.phase,
      deletionTimestamp: iso(ns.metadata?.deletionTimestamp),
      finalizers: ns.spec?.finalizers ?? [],
      conditions: conditionsOf(ns.status?.conditions),
    }));
  }

  async apiServices(): Promise<APIServiceInfo[]> {
    const list = await this.listAll<V1APIService>('k8s:list apiservices', '/apis/apiregistration.k8s.io/v1/apiservices');
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
    const s = await this.getOptional<V1Service>('k8s:get services', `/api/v1/namespaces/${enc(namespace)}/services/${enc(name)}`);
    if (!s) return undefined;
    return {
      namespace,
      name,
      clusterIP: s.spec?.clusterIP,
      ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort as number | string | undefined })),
      selector: s.spec?.selector,
    };
  }

  /** Backend addresses of a Service: EndpointSlices, falling back to Endpoints where the cluster has none. */
  async serviceEndpoints(namespace: string, service: string): Promise<ServiceEndpoints> {
    const slices = await this.listAll<V1EndpointSlice>('k8s:list endpointslices', `/apis/discovery.k8s.io/v1/namespaces/${enc(namespace)}/endpointslices`, {
      labelSelector: `kubernetes.io/service-name=${service}`,
    });
    if (slices.length > 0) {
      return {
        namespace,
        service,
        source: 'EndpointSlice',
        portNames: [...new Set(slices.flatMap((s) => (s.ports ?? []).map((p) => p.name ?? '')))],
        addresses: slices.flatMap((s) =>
          (s.endpoints ?? []).flatMap((e) => e.addresses.map((ip) => ({ ip, ready: e.conditions?.ready !== false, nodeName: e.nodeName, targetPod: e.targetRef?.name }))),
        ),
      };
    }
    const ep = await this.getOptional<V1Endpoints>('k8s:get endpoints', `/api/v1/namespaces/${enc(namespace)}/endpoints/${enc(service)}`);
    const subsets = ep?.subsets ?? [];
    return {
      namespace,
      service,
      source: ep ? 'Endpoints' : 'EndpointSlice',
      portNames: [...new Set(subsets.flatMap((s) => (s.ports ?? []).map((p) => p.name ?? '')))],
      addresses: subsets.flatMap((s) => [
        ...(s.addresses ?? []).map((a) => ({ ip: a.ip, ready: true, nodeName: a.nodeName, targetPod: a.targetRef?.name })),
        ...(s.notReadyAddresses ?? []).map((a) => ({ ip: a.ip, ready: false, nodeName: a.nodeName, targetPod: a.targetRef?.name })),
      ]),
    };
  }

  async pods(namespace: string): Promise<PodInfo[]> {
    const list = await this.listAll<V1Pod>('k8s:list pods', `/api/v1/namespaces/${enc(namespace)}/pods`);
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
      containers: containersOf(p),
      volumes: volumesOf(p.spec),
    }));
  }

  /**
   * The route controller's events of a namespace, read page by page: only those are kept, so memory holds one page
   * and the few route events, whatever else the namespace holds. The list stops at the `events` bound and says so.
   */
  async routeEvents(namespace: string): Promise<EventScan> {
    const api = 'k8s:list events';
    const bound = this.options.events;
    let scan: EventScan = { events: [] };
    await this.walk<CoreV1Event>(api, `/api/v1/namespaces/${enc(namespace)}/events`, {}, () => {
      scan = { events: [] };
      const names = new Set<string>();
      let items = 0;
      let bytes = 0;
      let pages = 0;
      return (page, size, more) => {
        items += page.length;
        bytes += size;
        pages += 1;
        for (const e of page) {
          const name = e.metadata?.name ?? '';
          if (!ROUTE_EVENT_REASONS.has(e.reason ?? '') || (name !== '' && names.has(name))) continue;
          names.add(name);
          scan.events.push(eventInfo(namespace, e));
        }
        // A list that ends at its bound was read whole: only pages left unread make it partial.
        if (!more || (items < bound.maxItems && bytes < bound.maxBytes)) return true;
        const message = `stopped after ${items} events in ${pages} pages (${bytes} bytes) of ${namespace}: the most this run reads is ${bound.maxItems} events or ${bound.maxBytes} bytes`;
        scan.stopped = { api, code: 'ListTooLarge', message };
        return false;
      };
    });
    return scan;
  }

  async daemonSets(namespace: string): Promise<WorkloadInfo[]> {
    const ds = await this.listAll<V1DaemonSet>('k8s:list daemonsets', `/apis/apps/v1/namespaces/${enc(namespace)}/daemonsets`);
    return ds.map((d) => ({ kind: 'DaemonSet' as const, namespace, name: d.metadata?.name ?? '', images: imagesOf(d.spec?.template?.spec) }));
  }

  async deployments(namespace: string): Promise<WorkloadInfo[]> {
    const deploy = await this.listAll<V1Deployment>('k8s:list deployments', `/apis/apps/v1/namespaces/${enc(namespace)}/deployments`);
    return deploy.map((d) => ({ kind: 'Deployment' as const, namespace, name: d.metadata?.name ?? '', images: imagesOf(d.spec?.template?.spec) }));
  }

  /** `kube-system/cloud-config`, reduced to what the route check needs; undefined when absent. */
  async cloudConfig(): Promise<CloudConfig | undefined> {
    const cm = await this.getOptional<V1ConfigMap>('k8s:get configmaps', '/api/v1/namespaces/kube-system/configmaps/cloud-config');
    return cm ? parseCloudConfig(cm.data?.['cloud-config.conf']) : undefined;
  }

  /**
   * A live GET of `/apis/<group>/<version>`, as the namespace controller's discovery would do it. The API server's
   * answer about the group (503 from the aggregator, 404) is the observation; the auditor's own trouble reaching the
   * API server (no answer, 401/403, 429, other 5xx) is a failed read, retried like any other call.
   */
  async probe(group: string, version: string): Promise<DiscoveryProbe> {
    const groupVersion = `${group}/${version}`;
    const api = 'k8s:discovery';
    // The aggregator's 503 is the answer, not a hiccup: retrying it would only delay the run.
    const observed = (a: string, err: unknown) => {
      const e = fromKubeError(a, err);
      return e.failure.httpStatus === 503 || e.failure.httpStatus === 404 ? new ApiCallError(e.failure, false) : e;
    };
    try {
      await this.get(api, `/apis/${enc(group)}/${enc(version)}`, this.options.probeTimeoutMs, observed);
      return { groupVersion, ok: true, httpStatus: 200 };
    } catch (err) {
      const f = failureOf(api, err);
      if (f.httpStatus === 503 || f.httpStatus === 404) return { groupVersion, ok: false, httpStatus: f.httpStatus, message: f.message };
      throw err;
    }
  }
}

function eventInfo(namespace: string, e: CoreV1Event): EventInfo {
  return {
    namespace,
    reason: e.reason ?? '',
    type: e.type,
    message: e.message ?? '',
    involvedKind: e.involvedObject?.kind,
    involvedName: e.involvedObject?.name,
    count: e.count,
    lastTimestamp: iso(e.lastTimestamp) ?? iso(e.eventTime),
  };
}

/**
 * An object listed twice (a server repeating an item across pages, a store holding two copies) is one object: the
 * first copy is kept, so every check sees each name once and no finding is stated twice. `seen` holds the keys of
 * the list's earlier pages.
 */
function foldDuplicates<T>(items: T[], seen: Set<string>): T[] {
  return items.filter((item) => {
    const meta = (item as { metadata?: { namespace?: string; name?: string; uid?: string } }).metadata;
    if (!meta?.name) return true;
    const key = `${meta.namespace ?? ''}/${meta.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
    readAll('k8s:list pods', backendNamespaces, concurrency, (ns) => reader.pods(ns)),
    mapLimit(['default', 'kube-system'], concurrency, (ns) => eventsRead(reader, ns)).then((r) => combine(r, (v) => v.flat(), [])),
    // Read apart, so a denied Deployments list leaves the DaemonSets that tell the network plugin.
    Promise.all([readOf('k8s:list daemonsets', () => reader.daemonSets('kube-system')), readOf('k8s:list deployments', () => reader.deployments('kube-system'))]).then((r) =>
      combine(r, (v) => v.flat(), []),
    ),
  ]);
  return { nodes, namespaces, apiServices, services, endpoints, pods, events, workloads, cloudConfig, discovery };
}

/** One namespace's route events: partial, with what was read, when the list stopped at its bound. */
async function eventsRead(reader: KubeReader, namespace: string): Promise<Read<EventInfo[]>> {
  const api = 'k8s:list events';
  try {
    const scan = await reader.routeEvents(namespace);
    return scan.stopped ? { status: 'partial', value: scan.events, failures: [scan.stopped] } : complete(scan.events);
  } catch (err) {
    return failed(failureOf(api, err));
  }
}

async function readAll<T>(api: string, keys: string[], concurrency: number, fn: (key: string) => Promise<T[]>): Promise<Read<T[]>> {
  const reads = await mapLimit(keys, concurrency, (k) => readOf(api, () => fn(k)));
  return combine(reads, (v) => v.flat(), []);
}

async function apiServiceInputs<T>(apiServices: Read<APIServiceInfo[]>, concurrency: number, fn: (a: APIServiceInfo) => Promise<T[]>): Promise<Read<T[]>> {
  if (apiServices.status !== 'complete') return apiServices.status === 'partial' || apiServices.status === 'failed' ? failed(...apiServices.failures) : apiServices;
  const aggregated = apiServices.value.filter((a) => a.service);
  const reads = await mapLimit(aggregated, concurrency, (a) => readOf(`k8s:${a.name}`, () => fn(a)));
  return combine(reads, (v) => v.flat(), [] as T[]);
}
