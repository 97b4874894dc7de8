/** Discovery documents and kube-aggregator's rule for unavailable aggregated APIs. */
import * as k8s from '@kubernetes/client-node';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { apiError, kubeConfig, rawGet, seed } from './support';

const UNAVAILABLE = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server is currently unable to handle the request',
  reason: 'ServiceUnavailable',
  details: { group: 'metrics.k8s.io', causes: [{ reason: 'UnexpectedServerResponse', message: 'service unavailable' }] },
  code: 503,
};

async function rawJson(sim: KubeSimulator, path: string, headers?: Record<string, string>): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  const res = await rawGet(sim, path, headers);
  return { status: res.status, type: res.headers['content-type'], body: JSON.parse(res.body) as Record<string, unknown> };
}

describe('kube simulator discovery (seed incident)', () => {
  let sim: KubeSimulator;
  let kc: k8s.KubeConfig;
  beforeAll(async () => {
    sim = await startKubeSimulator(seed());
    kc = kubeConfig(sim);
  });
  afterAll(() => sim.close());

  test('/version reports the cluster version', async () => {
    const v = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(v).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.7-aliyun.1', platform: 'linux/amd64' });
  });

  test('/api lists v1 and the server address', async () => {
    const v = await kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(v.versions).toEqual(['v1']);
    expect(v.serverAddressByClientCIDRs[0].serverAddress).toBe(new URL(sim.url).host);
  });

  test('/apis lists every group/version of the objects and of every APIService, by priority', async () => {
    const list = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(list.kind).toBe('APIGroupList');
    const groups = Object.fromEntries(list.groups.map((g) => [g.name, g.versions.map((v) => v.groupVersion)]));
    expect(groups).toEqual({
      apps: ['apps/v1'],
      'discovery.k8s.io': ['discovery.k8s.io/v1'],
      'apiregistration.k8s.io': ['apiregistration.k8s.io/v1'],
      'metrics.k8s.io': ['metrics.k8s.io/v1beta1'],
    });
    // APIService priorities first; apiregistration.k8s.io has no APIService here and takes the built-in 18000.
    expect(list.groups.map((g) => g.name)).toEqual(['apiregistration.k8s.io', 'apps', 'discovery.k8s.io', 'metrics.k8s.io']);
    expect(list.groups.find((g) => g.name === 'metrics.k8s.io')?.preferredVersion).toEqual({ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' });
  });

  test('/api/v1 and /apis/<g>/<v> are APIResourceLists of the served kinds', async () => {
    const core = await rawJson(sim, '/api/v1');
    expect(core.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const resources = core.body.resources as Array<{ name: string; kind: string; namespaced: boolean; verbs: string[] }>;
    for (const [name, kind, namespaced] of [
      ['nodes', 'Node', false],
      ['namespaces', 'Namespace', false],
      ['pods', 'Pod', true],
      ['services', 'Service', true],
      ['endpoints', 'Endpoints', true],
      ['events', 'Event', true],
      ['configmaps', 'ConfigMap', true],
    ] as const) {
      expect(resources).toContainEqual(expect.objectContaining({ name, kind, namespaced, verbs: ['get', 'list'] }));
    }
    const apps = await kc.makeApiClient(k8s.CustomObjectsApi).getAPIResources({ group: 'apps', version: 'v1' });
    expect(apps.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['deployments', 'daemonsets']));
    const reg = await rawJson(sim, '/apis/apiregistration.k8s.io/v1');
    expect(reg.body).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apiregistration.k8s.io/v1' });
  });

  test('/apis/<group> is the APIGroup; an unknown group or version is 404', async () => {
    expect((await rawJson(sim, '/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } });
    expect((await rawJson(sim, '/apis/nope.example.com')).status).toBe(404);
    expect((await rawJson(sim, '/apis/apps/v1beta2')).status).toBe(404);
    expect((await rawJson(sim, '/api/v2')).status).toBe(404);
  });

  test('an aggregated APIService that is not Available answers 503 ServiceUnavailable (client-node ApiException)', async () => {
    const err = await apiError(kc.makeApiClient(k8s.CustomObjectsApi).getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' }));
    expect(err.code).toBe(503);
    expect(err.body).toEqual(UNAVAILABLE);
  });

  test('e.body is the raw JSON string, as client-node 1.4 hands it over', async () => {
    try {
      await kc.makeApiClient(k8s.CustomObjectsApi).getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' });
      throw new Error('expected 503');
    } catch (e) {
      expect(e).toBeInstanceOf(k8s.ApiException);
      const body = (e as k8s.ApiException<unknown>).body;
      expect(typeof body).toBe('string');
      expect(JSON.parse(body as string)).toEqual(UNAVAILABLE);
    }
  });

  test('everything under the unavailable group/version is 503, not only its discovery document', async () => {
    const res = await rawJson(sim, '/apis/metrics.k8s.io/v1beta1/nodes');
    expect(res.status).toBe(503);
    expect(res.body).toEqual(UNAVAILABLE);
  });

  test.each([
    ['/apis/', '/apis'],
    ['/api/', '/api'],
    ['/version/', '/version'],
    ['/api/v1/', '/api/v1'],
    ['/apis/metrics.k8s.io/v1beta1/', '/apis/metrics.k8s.io/v1beta1'],
  ])('trailing slashes (client-node 0.22 style) are accepted: %s', async (slashed, plain) => {
    const a = await rawJson(sim, slashed);
    const b = await rawJson(sim, plain);
    expect(a.status).toBe(b.status);
    expect(a.body).toEqual(b.body);
  });

  test("kubectl's aggregated-discovery Accept gets the plain APIGroupList as application/json (kubectl falls back)", async () => {
    const res = await rawJson(sim, '/apis', {
      accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.body.kind).toBe('APIGroupList');
  });

  test('calls are counted by verb and resource, or by path for discovery', async () => {
    const before = { ...sim.calls };
    await kc.makeApiClient(k8s.CoreV1Api).listNode();
    await kc.makeApiClient(k8s.ApiregistrationV1Api).listAPIService();
    await apiError(kc.makeApiClient(k8s.CustomObjectsApi).getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' }));
    const delta = (key: string): number => (sim.calls[key] ?? 0) - (before[key] ?? 0);
    expect(delta('k8s:list nodes')).toBe(1);
    expect(delta('k8s:list apiservices')).toBe(1);
    expect(delta('k8s:get /apis/metrics.k8s.io/v1beta1')).toBe(1);
  });
});

describe('kube simulator discovery overrides and healthy aggregated APIs', () => {
  test('cluster.discovery overrides the aggregator rule, both ways', async () => {
    const sim = await startKubeSimulator(
      seed((s) => {
        s.cluster.discovery = {
          'metrics.k8s.io/v1beta1': { status: 200 },
          'apps/v1': { status: 500, message: 'etcdserver: request timed out' },
        };
      }),
    );
    try {
      const custom = kubeConfig(sim).makeApiClient(k8s.CustomObjectsApi);
      const metrics = await custom.getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' });
      expect(metrics.resources.map((r) => `${r.name}:${r.kind}`).sort()).toEqual(['nodes:NodeMetrics', 'pods:PodMetrics']);
      const err = await apiError(custom.getAPIResources({ group: 'apps', version: 'v1' }));
      expect(err.code).toBe(500);
      expect(err.body).toMatchObject({ kind: 'Status', reason: 'InternalError', message: 'etcdserver: request timed out', details: { group: 'apps' } });
    } finally {
      await sim.close();
    }
  });

  test('an aggregated APIService whose Available condition is True is served', async () => {
    const sim = await startKubeSimulator(
      seed((s) => {
        const svc = s.cluster.objects.find((o) => o.metadata.name === 'v1beta1.metrics.k8s.io') as Record<string, unknown>;
        svc.status = { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: '2026-11-20T19:42:00Z' }] };
      }),
    );
    try {
      const rl = await kubeConfig(sim).makeApiClient(k8s.CustomObjectsApi).getAPIResources({ group: 'metrics.k8s.io', version: 'v1beta1' });
      expect(rl.groupVersion).toBe('metrics.k8s.io/v1beta1');
    } finally {
      await sim.close();
    }
  });
});
