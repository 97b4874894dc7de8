/**
 * kubectl against the simulator, with the simulator's kubeconfig as-is (TLS verified). Without kubectl on PATH the
 * suite is skipped on a developer's machine, and fails under CI=true (.ci/run installs Debian's kubernetes-client).
 * The assertions hold for Debian bookworm's kubectl 1.20 and for current ones alike.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { seed } from './support';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const run = promisify(execFile);
if (!hasKubectl && process.env.CI === 'true') throw new Error('kubectl is not on PATH: CI must install it (.ci/run installs kubernetes-client)');
if (!hasKubectl) console.warn('kubectl.test: skipped: no kubectl on PATH (apt-get install kubernetes-client)');

(hasKubectl ? describe : describe.skip)('kubectl against the kube simulator', () => {
  let sim: KubeSimulator;
  let dir: string;
  let kubeconfig: string;
  beforeAll(async () => {
    sim = await startKubeSimulator(seed());
    dir = mkdtempSync(path.join(tmpdir(), 'ack-drift-kubectl-'));
    kubeconfig = path.join(dir, 'config');
    writeFileSync(kubeconfig, sim.kubeconfig());
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs kubectl asynchronously (the simulator answers from this same process) and returns its outcome. */
  async function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', path.join(dir, 'cache'), ...args], { timeout: 20000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  test('kubectl get nodes works, and discovery reports the unavailable metrics API like a real cluster', async () => {
    const out = await kubectl('get', 'nodes');
    expect(out.code).toBe(0);
    for (const n of ['cn-hangzhou.192.168.10.21', 'cn-hangzhou.192.168.10.22', 'cn-hangzhou.192.168.10.23']) expect(out.stdout).toContain(n);
    // Every kubectl version reports a failed group from api-resources (newer ones also log it on any get).
    const resources = await kubectl('api-resources');
    expect(resources.code).toBe(1);
    expect(resources.stdout).toMatch(/^nodes\s+no\s+v1\s+false\s+Node$/m);
    expect(resources.stderr).toContain('metrics.k8s.io/v1beta1: the server is currently unable to handle the request');
  });

  test('kubectl get apiservices -o json, and get --raw on the broken group', async () => {
    const out = await kubectl('get', 'apiservices', '-o', 'json');
    expect(out.code).toBe(0);
    const list = JSON.parse(out.stdout) as { items: Array<{ metadata: { name: string } }> };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['v1.apps', 'v1.discovery.k8s.io', 'v1beta1.metrics.k8s.io']);
    const raw = await kubectl('get', '--raw', '/apis/metrics.k8s.io/v1beta1');
    expect(raw.code).not.toBe(0);
    expect(raw.stderr).toContain('Error from server (ServiceUnavailable)');
  });
});
