/** Authentication (bearer token → 401) and the scenario's RBAC denials (→ 403 with the authorizer's messages). */
import * as k8s from '@kubernetes/client-node';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { apiError, kubeConfig, rawGet, seed } from './support';

const USER = 'system:serviceaccount:kube-system:ack-drift-auditor';

describe('kube simulator authentication', () => {
  let sim: KubeSimulator;
  beforeAll(async () => {
    sim = await startKubeSimulator(seed());
  });
  afterAll(() => sim.close());

  test("accepts the scenario's token", async () => {
    expect(sim.token).toBe('demo-auditor-bearer-token');
    const nodes = await kubeConfig(sim).makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items).toHaveLength(3);
  });

  test('a wrong token gets 401 from client-node', async () => {
    const core = kubeConfig(sim, 'stolen-or-expired').makeApiClient(k8s.CoreV1Api);
    const err = await apiError(core.listNode());
    expect(err.code).toBe(401);
  });

  test("the 401 body is the apiserver's Unauthorized Status, for every path", async () => {
    for (const path of ['/api/v1/nodes', '/apis', '/version', '/no/such/path']) {
      const res = await rawGet(sim, path, { authorization: 'Bearer wrong' });
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(JSON.parse(res.body)).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  test('no Authorization header, or another scheme, is 401 too', async () => {
    expect((await rawGet(sim, '/api/v1/nodes', { authorization: '' })).status).toBe(401);
    expect((await rawGet(sim, '/api/v1/nodes', { authorization: `Basic ${Buffer.from(`x:${sim.token}`).toString('base64')}` })).status).toBe(401);
    expect((await rawGet(sim, '/api/v1/nodes', { authorization: `Bearer ${sim.token}x` })).status).toBe(401);
  });
});

describe('kube simulator RBAC denials', () => {
  let sim: KubeSimulator;
  let kc: k8s.KubeConfig;
  beforeAll(async () => {
    sim = await startKubeSimulator(
      seed((s) => {
        s.auditor = {
          ...s.auditor,
          kubernetes: {
            token: 'demo-auditor-bearer-token',
            forbidden: [
              { resource: 'nodes' },
              { verb: 'list', resource: 'configmaps', group: '' },
              { resource: 'apiservices', group: 'apiregistration.k8s.io' },
              { verb: 'get', resource: 'pods' },
              { path: '/apis' },
            ],
          },
        };
      }),
    );
    kc = kubeConfig(sim);
  });
  afterAll(() => sim.close());

  test("a cluster-scoped list is forbidden with the authorizer's message", async () => {
    const err = await apiError(kc.makeApiClient(k8s.CoreV1Api).listNode());
    expect(err.code).toBe(403);
    expect(err.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `nodes is forbidden: User "${USER}" cannot list resource "nodes" in API group "" at the cluster scope`,
      reason: 'Forbidden',
      details: { kind: 'nodes' },
      code: 403,
    });
  });

  test('a namespaced list is forbidden "in the namespace", while get stays allowed', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const err = await apiError(core.listNamespacedConfigMap({ namespace: 'kube-system' }));
    expect(err.code).toBe(403);
    expect(err.body.message).toBe(`configmaps is forbidden: User "${USER}" cannot list resource "configmaps" in API group "" in the namespace "kube-system"`);
    const cm = await core.readNamespacedConfigMap({ namespace: 'kube-system', name: 'cloud-config' });
    expect(cm.metadata?.name).toBe('cloud-config');
  });

  test('a denied get names the object', async () => {
    const err = await apiError(kc.makeApiClient(k8s.CoreV1Api).readNamespacedPod({ namespace: 'kube-system', name: 'metrics-server-7d9c5f8b6-x2kqm' }));
    expect(err.code).toBe(403);
    expect(err.body.message).toBe(`pods "metrics-server-7d9c5f8b6-x2kqm" is forbidden: User "${USER}" cannot get resource "pods" in API group "" in the namespace "kube-system"`);
    expect(err.body.details).toEqual({ name: 'metrics-server-7d9c5f8b6-x2kqm', kind: 'pods' });
    // Listing pods is a different verb and stays allowed.
    expect((await kc.makeApiClient(k8s.CoreV1Api).listPodForAllNamespaces()).items).toHaveLength(2);
  });

  test('a denied resource of a named group is qualified by the group', async () => {
    const err = await apiError(kc.makeApiClient(k8s.ApiregistrationV1Api).listAPIService());
    expect(err.code).toBe(403);
    expect(err.body.message).toBe(`apiservices.apiregistration.k8s.io is forbidden: User "${USER}" cannot list resource "apiservices" in API group "apiregistration.k8s.io" at the cluster scope`);
    expect(err.body.details).toEqual({ group: 'apiregistration.k8s.io', kind: 'apiservices' });
  });

  test('a path rule denies a discovery (non-resource) request', async () => {
    const err = await apiError(kc.makeApiClient(k8s.ApisApi).getAPIVersions());
    expect(err.code).toBe(403);
    expect(err.body.message).toBe(`forbidden: User "${USER}" cannot get path "/apis"`);
    expect(err.body.reason).toBe('Forbidden');
  });

  test('requests no rule names are served', async () => {
    expect((await kc.makeApiClient(k8s.CoreV1Api).listNamespace()).items).toHaveLength(3);
    expect((await kc.makeApiClient(k8s.CoreApi).getAPIVersions()).versions).toEqual(['v1']);
  });

  test('authentication comes before authorization: a wrong token on a denied resource is 401', async () => {
    const err = await apiError(kubeConfig(sim, 'wrong').makeApiClient(k8s.CoreV1Api).listNode());
    expect(err.code).toBe(401);
  });
});
