/** Container Service (ROA) through pop-core's ROAClient: cluster detail, kubeconfig, list, auth and errors. */
import { parse } from 'yaml';
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { csClient, failure, seedScenario, send, startRecorder, type RoaError } from './support';

const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';

describe('Container Service', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;

  beforeAll(async () => {
    scenario = seedScenario();
    sim = await startCloudSimulator(scenario);
  });
  afterAll(() => sim.close());

  it('DescribeClusterDetail answers snake_case fields and a Flannel meta_data', async () => {
    const res = (await csClient(sim.url, scenario).get(`/clusters/${CLUSTER}`)) as Record<string, unknown>;
    expect(res).toMatchObject({
      cluster_id: CLUSTER,
      name: 'shop-prod-hz',
      cluster_type: 'Kubernetes',
      region_id: 'cn-hangzhou',
      vpc_id: 'vpc-bp1k3x9q7wz2d5m8n4r6t',
      container_cidr: '172.16.0.0/16',
      service_cidr: '172.19.0.0/20',
      current_version: '1.30.7-aliyun.1',
      state: 'running',
      node_cidr_mask: '24',
    });
    const meta = JSON.parse(res.meta_data as string);
    expect(meta.Capabilities.Network).toBe('Flannel');
    expect(meta.Addons).toContainEqual(expect.objectContaining({ name: 'flannel' }));
    expect(sim.calls['cs:DescribeClusterDetail']).toBe(1);
  });

  it('reports terway-eniip for a Terway cluster', async () => {
    const terway = seedScenario();
    terway.cluster.network = 'terway';
    const other = await startCloudSimulator(terway);
    try {
      const res = (await csClient(other.url, terway).get(`/clusters/${CLUSTER}`)) as { meta_data: string };
      expect(JSON.parse(res.meta_data).Addons).toContainEqual(expect.objectContaining({ name: 'terway-eniip' }));
    } finally {
      await other.close();
    }
  });

  it('DescribeClusterUserKubeconfig answers {config, expiration}, the configured YAML or a default', async () => {
    const res = (await csClient(sim.url, scenario).get(`/k8s/${CLUSTER}/user_config`, { PrivateIpAddress: 'true', TemporaryDurationMinutes: 15 })) as { config: string; expiration: string };
    expect(parse(res.config).clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    const expires = Date.parse(res.expiration) - Date.now();
    expect(expires).toBeGreaterThan(14 * 60_000);
    expect(expires).toBeLessThan(16 * 60_000);
    expect(res.expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const custom = await startCloudSimulator(scenario, { kubeconfig: () => 'apiVersion: v1\nkind: Config\n' });
    try {
      expect(((await csClient(custom.url, scenario).get(`/k8s/${CLUSTER}/user_config`)) as { config: string }).config).toBe('apiVersion: v1\nkind: Config\n');
    } finally {
      await custom.close();
    }
  });

  it('DescribeClustersV1 pages with page_info and filters by cluster_type', async () => {
    const cs = csClient(sim.url, scenario);
    const all = (await cs.get('/api/v1/clusters', { page_number: 1, page_size: 10 })) as { clusters: { cluster_id: string }[]; page_info: unknown };
    expect(all.page_info).toEqual({ page_number: 1, page_size: 10, total_count: 1 });
    expect(all.clusters.map((c) => c.cluster_id)).toEqual([CLUSTER]);
    const managed = (await cs.get('/api/v1/clusters', { cluster_type: 'ManagedKubernetes' })) as { clusters: unknown[] };
    expect(managed.clusters).toEqual([]);
  });

  it('DescribeClusterAddonInstance answers {name, version, state, config} with config a JSON string, 404 AddonNotFound for an absent add-on', async () => {
    const managed = seedScenario();
    managed.cluster.clusterType = 'ManagedKubernetes';
    managed.cluster.addons = [{ name: 'cloud-controller-manager', version: 'v2.12.4', config: { routeTableIDs: 'vtb-a,vtb-b' } }];
    const other = await startCloudSimulator(managed);
    try {
      const cs = csClient(other.url, managed);
      const res = (await cs.get(`/clusters/${CLUSTER}/components/cloud-controller-manager/instance`)) as Record<string, unknown>;
      expect(res).toEqual({ name: 'cloud-controller-manager', version: 'v2.12.4', state: 'active', config: '{"routeTableIDs":"vtb-a,vtb-b"}' });
      const err = await failure<RoaError>(cs.get(`/clusters/${CLUSTER}/components/terway-eniip/instance`));
      expect([err.code, err.statusCode]).toEqual(['AddonNotFound', 404]);
      expect(other.calls['cs:DescribeClusterAddonInstance']).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('answers 404 ErrorClusterNotFound as {Code, Message, RequestId}, read by ROAClient as err.code/err.statusCode', async () => {
    const err = await failure<RoaError>(csClient(sim.url, scenario).get('/clusters/c-nope'));
    expect([err.code, err.statusCode, err.name]).toEqual(['ErrorClusterNotFound', 404, 'ErrorClusterNotFoundError']);
    expect(err.result).toEqual({ Code: 'ErrorClusterNotFound', Message: 'cluster c-nope not found', RequestId: expect.stringMatching(/^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/) });
    expect(err.message).toMatch(/^code: 404, cluster c-nope not found, requestid: [0-9A-F-]{36}$/);
  });

  it('rejects a wrong secret, an unknown key and a skewed date', async () => {
    const wrong = await failure<RoaError>(csClient(sim.url, scenario, { accessKeySecret: 'wrong' }).get(`/clusters/${CLUSTER}`));
    expect([wrong.code, wrong.statusCode]).toEqual(['SignatureDoesNotMatch', 400]);
    const unknown = await failure<RoaError>(csClient(sim.url, scenario, { accessKeyId: 'LTAI-unknown' }).get(`/clusters/${CLUSTER}`));
    expect([unknown.code, unknown.statusCode]).toEqual(['InvalidAccessKeyId.NotFound', 404]);
    const skewed = await startCloudSimulator(scenario, { now: () => new Date(Date.now() - 20 * 60_000) });
    try {
      expect((await failure<RoaError>(csClient(skewed.url, scenario).get(`/clusters/${CLUSTER}`))).code).toBe('InvalidTimeStamp.Expired');
    } finally {
      await skewed.close();
    }
  });

  it('rejects a replayed request (same x-acs-signature-nonce) with SignatureNonceUsed', async () => {
    const recorder = await startRecorder(sim.url);
    try {
      await csClient(recorder.url, scenario).get(`/clusters/${CLUSTER}`);
      const [sent] = recorder.requests;
      expect(sent.headers.authorization).toMatch(/^acs LTAI5tDemoAuditor7Qx2:/);
      const replay = await send(`${sim.url}${sent.path}`, sent.method, sent.headers, sent.body);
      expect(replay.status).toBe(400);
      expect(JSON.parse(replay.body).Code).toBe('SignatureNonceUsed');
    } finally {
      await recorder.close();
    }
  });

  it('checks x-acs-security-token for STS credentials', async () => {
    const sts = seedScenario();
    sts.auditor = { ...sts.auditor, accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2Ueh', securityToken: 'CAIS-current' };
    const other = await startCloudSimulator(sts);
    try {
      expect(await csClient(other.url, sts).get(`/clusters/${CLUSTER}`)).toMatchObject({ cluster_id: CLUSTER });
      const err = await failure<RoaError>(csClient(other.url, sts, { securityToken: 'CAIS-stale' }).get(`/clusters/${CLUSTER}`));
      expect([err.code, err.statusCode]).toEqual(['InvalidSecurityToken.Expired', 400]);
    } finally {
      await other.close();
    }
  });
});
