/** Starts both simulators for a scenario on 127.0.0.1: the Kubernetes API server, then the cloud (which hands out its kubeconfig). */
import type { Scenario } from '../scenario/schema';
import { startCloudSimulator, type CloudSimulator, type CloudSimulatorOptions } from './cloud/server';
import { startKubeSimulator, type KubeSimulator } from './kube/server';
import { simCredentials, type SimCredentials } from './credentials';
import { expandScenario } from '../scenario/generate';
import { reconcileRoutes, type ReconcileResult } from './route-controller';

/** The simulated CCM route controller, running on its resync period once started. */
export interface RouteControllerSim {
  /** The resync period in milliseconds (the real default is 5 minutes; the simulator runs it in seconds). */
  readonly periodMs: number;
  /** Every resync so far, oldest first. */
  readonly resyncs: ReconcileResult[];
  /** Runs one resync now. */
  resync(): ReconcileResult;
  /** Starts resyncing every `periodMs` (the first one after one period). */
  start(): void;
}

export interface Simulators {
  kube: KubeSimulator;
  cloud: CloudSimulator;
  credentials: SimCredentials;
  routeController: RouteControllerSim;
  close(): Promise<void>;
}

export interface SimulatorOptions extends Pick<CloudSimulatorOptions, 'fcFunctions' | 'oss' | 'now'> {
  /** The simulated route controller's resync period; default 1000 ms. */
  routeResyncMs?: number;
}

/** Serves a scenario (its `generate` bulk expanded); `close()` stops both servers and the route controller. `options` adds cloud simulator options (FC functions, OSS buckets, clock). */
export async function startSimulators(input: Scenario, options: SimulatorOptions = {}): Promise<Simulators> {
  const scenario = expandScenario(input);
  const kube = await startKubeSimulator(scenario);
  let timer: NodeJS.Timeout | undefined;
  const resyncs: ReconcileResult[] = [];
  const routeController: RouteControllerSim = {
    periodMs: options.routeResyncMs ?? 1000,
    resyncs,
    resync() {
      const r = reconcileRoutes(scenario, new Date());
      resyncs.push(r);
      if (r.clusterChanged) kube.reload();
      return r;
    },
    start() {
      timer ??= setInterval(() => routeController.resync(), routeController.periodMs);
    },
  };
  try {
    const { routeResyncMs: _resync, ...cloudOptions } = options;
    const cloud = await startCloudSimulator(scenario, { ...cloudOptions, kubeconfig: () => kube.kubeconfig() });
    return {
      kube,
      cloud,
      credentials: simCredentials(scenario),
      routeController,
      close: async () => {
        if (timer) clearInterval(timer);
        await Promise.all([cloud.close(), kube.close()]);
      },
    };
  } catch (err) {
    await kube.close();
    throw err;
  }
}
