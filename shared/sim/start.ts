/** Starts both simulators for a scenario on 127.0.0.1: the Kubernetes API server, then the cloud (which hands out its kubeconfig). */
import type { Scenario } from '../scenario/schema';
import { startCloudSimulator, type CloudSimulator, type CloudSimulatorOptions } from './cloud/server';
import { startKubeSimulator, type KubeSimulator } from './kube/server';
import { simCredentials, type SimCredentials } from './credentials';
import { expandScenario } from '../scenario/generate';

export interface Simulators {
  kube: KubeSimulator;
  cloud: CloudSimulator;
  credentials: SimCredentials;
  close(): Promise<void>;
}

/** Serves a scenario (its `generate` bulk expanded); `close()` stops both servers. `options` adds cloud simulator options (FC functions, OSS buckets, clock). */
export async function startSimulators(input: Scenario, options: Pick<CloudSimulatorOptions, 'fcFunctions' | 'oss' | 'now'> = {}): Promise<Simulators> {
  const scenario = expandScenario(input);
  const kube = await startKubeSimulator(scenario);
  try {
    const cloud = await startCloudSimulator(scenario, { ...options, kubeconfig: () => kube.kubeconfig() });
    return { kube, cloud, credentials: simCredentials(scenario), close: async () => void (await Promise.all([cloud.close(), kube.close()])) };
  } catch (err) {
    await kube.close();
    throw err;
  }
}
