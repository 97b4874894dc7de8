/**
 * One simulator of the benchmark in a process of its own, so the auditor's CPU and the simulators' never share an
 * event loop: `sim-child kube SCENARIO.json` prints `{url, kubeconfig}`; `sim-child cloud SCENARIO.json
 * KUBECONFIG` prints `{url, credentials}`. Each serves until its standard input closes.
 */
import { readFileSync } from 'node:fs';
import { expandScenario } from '../shared/scenario/generate';
import type { Scenario } from '../shared/scenario/schema';
import { startCloudSimulator } from '../shared/sim/cloud/server';
import { simCredentials } from '../shared/sim/credentials';
import { startKubeSimulator } from '../shared/sim/kube/server';

async function serve(): Promise<{ close(): Promise<void> }> {
  const [role, file, kubeconfigFile] = process.argv.slice(2);
  const scenario = expandScenario(JSON.parse(readFileSync(file, 'utf8')) as Scenario);
  if (role === 'kube') {
    const kube = await startKubeSimulator(scenario);
    process.stdout.write(`${JSON.stringify({ url: kube.url, kubeconfig: kube.kubeconfig() })}\n`);
    return kube;
  }
  const kubeconfig = readFileSync(kubeconfigFile, 'utf8');
  const cloud = await startCloudSimulator(scenario, { kubeconfig: () => kubeconfig });
  process.stdout.write(`${JSON.stringify({ url: cloud.url, credentials: simCredentials(scenario) })}\n`);
  return cloud;
}

serve().then(
  (server) => {
    process.stdin.resume();
    process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  },
  (err: unknown) => {
    process.stderr.write(`bench simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
