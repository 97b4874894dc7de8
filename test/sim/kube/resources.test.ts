/** list and get through the real client-node APIs: paths derived from apiVersion + kind, List envelopes, server-set metadata. */
import * as k8s from '@kubernetes/client-node';
import type { KubeObject } from '../../../shared/scenario/schema';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { apiError, kubeConfig, rawGet, seed } from './support';

const NOW = new Date('2026-11-26T08:00:00.123Z');

/** A custom resource the simulator has never heard of, and a node carrying fields no schema knows. */
const WIDGET: KubeObject = { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' } };
const scenario = seed((s) => {
  s.cluster.objects.push(WIDGET);
  const node = s.cluster.objects.find((o) => o.kind === 'Node') as Record<string, unknown>;
  node.xVendorExtension = { keep: ['me', 1, true] };
  (node.metadata as Record<string, unknown>).uid = 'a1b2c3d4-0000-4000-8000-000000000001';
});

let sim: KubeSimulator;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  sim = await startKubeSimulator(scenario, { now: () => NOW });
  kc = kubeConfig(sim);
});
afterAll(() => sim.close());

async function rawJson(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await rawGet(sim, path);
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> };
}

describe('kube simulator lists and gets', () => {
  test('CoreV1Api.listNode returns a NodeList with a resourceVersion', async () => {
    const list = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    expect(list.kind).toBe('NodeList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata?.resourceVersion).toMatch(/^\d+$/);
    expect(list.metadata?._continue).toBeUndefined();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(['cn-hangzhou.192.168.10.21', 'cn-hangzhou.192.168.10.22', 'cn-hangzhou.192.168.10.23']);
    expect(list.items[1].spec?.podCIDR).toBe('172.16.1.0/24');
  });

  test('objects are served exactly as in the scenario, plus uid, resourceVersion and creationTimestamp when absent', async () => {
    const { body } = await rawJson('/api/v1/nodes/cn-hangzhou.192.168.10.21');
    const original = structuredClone(scenario.cluster.objects[0]) as Record<string, unknown>;
    const meta = body.metadata as Record<string, unknown>;
    expect(meta.uid).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(meta.resourceVersion).toMatch(/^\d+$/);
    // The clock says 2026-11-26, but the scenario deletes a namespace on 2026-11-21: nothing was created after that.
    expect(meta.creationTimestamp).toBe('2026-11-21T02:30:00Z');
    expect(body).toEqual({ ...original, metadata: { ...(original.metadata as object), resourceVersion: meta.resourceVersion, creationTimestamp: '2026-11-21T02:30:00Z' } });
    expect(body.xVendorExtension).toEqual({ keep: ['me', 1, true] });
  });

  test('no object is created after a deletion time in the scenario', async () => {
    const namespaces = (await kc.makeApiClient(k8s.CoreV1Api).listNamespace()).items;
    const deleting = namespaces.find((n) => n.metadata?.deletionTimestamp)!;
    expect(deleting.metadata!.creationTimestamp!.getTime()).toBeLessThanOrEqual(deleting.metadata!.deletionTimestamp!.getTime());
    for (const n of namespaces) expect(n.metadata!.creationTimestamp!.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  test('filled uids are deterministic and unique', async () => {
    const other = await startKubeSimulator(scenario, { now: () => NOW });
    try {
      const a = (await kc.makeApiClient(k8s.CoreV1Api).listNamespace()).items.map((n) => n.metadata?.uid);
      const b = (await kubeConfig(other).makeApiClient(k8s.CoreV1Api).listNamespace()).items.map((n) => n.metadata?.uid);
      expect(a).toEqual(b);
      expect(new Set(a).size).toBe(3);
      for (const uid of a) expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      await other.close();
    }
  });

  test('CoreV1Api.listNamespace shows the Terminating namespace with its conditions', async () => {
    const list = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
    const stuck = list.items.find((n) => n.metadata?.name === 'tobedeletedb');
    expect(stuck?.status?.phase).toBe('Terminating');
    expect(stuck?.metadata?.deletionTimestamp).toEqual(new Date('2026-11-21T02:30:00Z'));
    expect(stuck?.status?.conditions?.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')?.message).toContain('metrics.k8s.io/v1beta1');
    const ns = await kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'kube-system' });
    expect(ns.status?.phase).toBe('Active');
  });

  test('ApiregistrationV1Api.listAPIService returns the APIServices with their conditions', async () => {
    const list = await kc.makeApiClient(k8s.ApiregistrationV1Api).listAPIService();
    expect(list.kind).toBe('APIServiceList');
    expect(list.apiVersion).toBe('apiregistration.k8s.io/v1');
    expect(list.items.map((a) => a.metadata?.name)).toEqual(['v1.apps', 'v1.discovery.k8s.io', 'v1beta1.metrics.k8s.io']);
    const metrics = list.items[2];
    expect(metrics.spec?.service?.name).toBe('metrics-server');
    expect(metrics.status?.conditions?.[0]).toMatchObject({ type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck' });
    expect(metrics.status?.conditions?.[0].lastTransitionTime).toEqual(new Date('2026-11-20T19:42:00Z'));
  });

  test('DiscoveryV1Api.listEndpointSliceForAllNamespaces', async () => {
    const list = await kc.makeApiClient(k8s.DiscoveryV1Api).listEndpointSliceForAllNamespaces();
    expect(list.kind).toBe('EndpointSliceList');
    expect(list.items).toHaveLength(1);
    expect(list.items[0].endpoints[0]).toMatchObject({ addresses: ['172.16.1.7'], nodeName: 'cn-hangzhou.192.168.10.22' });
    const inNs = await kc.makeApiClient(k8s.DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: 'kube-system' });
    expect(inNs.items).toHaveLength(1);
  });

  test('pods: all namespaces, one namespace, one pod', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const all = await core.listPodForAllNamespaces();
    expect(all.kind).toBe('PodList');
    expect(all.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`)).toEqual(['kube-system/cloud-controller-manager-t7wq4', 'kube-system/metrics-server-7d9c5f8b6-x2kqm']);
    expect((await core.listNamespacedPod({ namespace: 'kube-system' })).items).toHaveLength(2);
    expect((await core.listNamespacedPod({ namespace: 'default' })).items).toEqual([]);
    const pod = await core.readNamespacedPod({ namespace: 'kube-system', name: 'metrics-server-7d9c5f8b6-x2kqm' });
    expect(pod.status?.podIP).toBe('172.16.1.7');
  });

  test('configmaps: listNamespacedConfigMap and readNamespacedConfigMap', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'kube-system' });
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((c) => c.metadata?.name)).toEqual(['cloud-config']);
    const cm = await core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'cloud-config' });
    expect(JSON.parse(cm.data?.['cloud-config.conf'] ?? '{}')).toMatchObject({ Global: { vpcid: 'vpc-bp1k3x9q7wz2d5m8n4r6t' } });
  });

  test('apps: DaemonSets and Deployments; events and services', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    expect((await apps.listDaemonSetForAllNamespaces()).items.map((d) => d.metadata?.name)).toEqual(['cloud-controller-manager', 'kube-flannel-ds']);
    expect((await apps.readNamespacedDeployment({ namespace: 'kube-system', name: 'metrics-server' })).status?.readyReplicas).toBe(1);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const events = await core.listEventForAllNamespaces();
    expect(events.items[0]).toMatchObject({ reason: 'SyncRouteFailed', count: 1288 });
    expect((await core.readNamespacedService({ namespace: 'kube-system', name: 'metrics-server' })).spec?.clusterIP).toBe('172.19.4.120');
    expect((await core.listEndpointsForAllNamespaces()).items).toEqual([]);
  });

  test('a built-in kind with no objects lists empty; a custom kind is served under its group', async () => {
    expect((await kc.makeApiClient(k8s.CoreV1Api).listSecretForAllNamespaces()).items).toEqual([]);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const widgets = (await custom.listNamespacedCustomObject({ group: 'example.com', version: 'v1alpha1', namespace: 'default', plural: 'widgets' })) as {
      kind: string;
      items: Array<{ metadata: { name: string } }>;
    };
    expect(widgets.kind).toBe('WidgetList');
    expect(widgets.items.map((w) => w.metadata.name)).toEqual(['w1']);
    const w = (await custom.getNamespacedCustomObject({ group: 'example.com', version: 'v1alpha1', namespace: 'default', plural: 'widgets', name: 'w1' })) as {
      kind: string;
    };
    expect(w.kind).toBe('Widget');
  });

  test('a missing object is 404 "<resource> \\"<name>\\" not found"', async () => {
    const err = await apiError(kc.makeApiClient(k8s.CoreV1Api).readNamespacedConfigMap({ namespace: 'kube-system', name: 'nope' }));
    expect(err.code).toBe(404);
    expect(err.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'configmaps' },
      code: 404,
    });
    const apisvc = await apiError(kc.makeApiClient(k8s.ApiregistrationV1Api).readAPIService({ name: 'v1.nope' }));
    expect(apisvc.body.message).toBe('apiservices.apiregistration.k8s.io "v1.nope" not found');
    expect(apisvc.body.details).toEqual({ name: 'v1.nope', group: 'apiregistration.k8s.io', kind: 'apiservices' });
  });

  test.each([
    '/api/v1/widgets',
    '/apis/nope.example.com/v1/things',
    '/apis/apps/v1/nodes',
    '/api/v1/namespaces/default/nodes',
    '/api/v1/pods/metrics-server-7d9c5f8b6-x2kqm',
    '/api/v1/namespaces/kube-system/pods/metrics-server-7d9c5f8b6-x2kqm/log',
    '/api/v2/nodes',
    '/healthz/nothing',
  ])('an unknown resource or path is a 404 NotFound Status: %s', async (path) => {
    const { status, body } = await rawJson(path);
    expect(status).toBe(404);
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });

  test('paths with a trailing slash are served like those without', async () => {
    const a = await rawJson('/api/v1/nodes/');
    const b = await rawJson('/api/v1/nodes');
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
  });

  test('writes are refused: the simulated cluster is a read-only snapshot', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const err = await apiError(core.deleteNamespace({ name: 'tobedeletedb' }));
    expect(err.code).toBe(405);
    expect(err.body.reason).toBe('MethodNotAllowed');
    expect((await core.listNamespace()).items).toHaveLength(3);
  });
});
