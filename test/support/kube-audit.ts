/** Runs one audit on the simulators with a hand-made kubeconfig or Kubernetes simulator options (kubeconfig and input tests). */
import { parse, stringify } from 'yaml';
import { createCloudClients } from '../../shared/collect/cloud-clients';
import { runAudit } from '../../shared/pipeline/audit';
import { auditConfig } from '../../shared/pipeline/config';
import type { Report } from '../../shared/report/schema';
import { expandScenario } from '../../shared/scenario/generate';
import type { Scenario } from '../../shared/scenario/schema';
import { startCloudSimulator } from '../../shared/sim/cloud/server';
import { simCredentials } from '../../shared/sim/credentials';
import { startKubeSimulator, type KubeSimulatorOptions } from '../../shared/sim/kube/server';
import { NOW, seedScenario } from './audit';

export type KubeconfigDoc = { clusters: { cluster: Record<string, unknown> }[]; users: { name: string; user: Record<string, unknown> }[] };

export interface KubeAuditOptions {
  scenario?: Scenario;
  /** Edits the simulator's kubeconfig (given the bearer token it accepts) before anyone sees it. */
  change?: (doc: KubeconfigDoc, token: string) => void;
  /** `cs`: the cloud simulator hands the kubeconfig out; `user`: it is given as the user's own --kubeconfig. */
  source?: 'cs' | 'user';
  kube?: KubeSimulatorOptions;
  deadlineMs?: number;
}

/** The report and how long the run took. */
export async function auditWithKubeconfig(o: KubeAuditOptions = {}): Promise<{ report: Report; ms: number }> {
  const scenario = expandScenario(o.scenario ?? seedScenario());
  const kube = await startKubeSimulator(scenario, o.kube);
  const doc = parse(kube.kubeconfig()) as KubeconfigDoc;
  o.change?.(doc, simCredentials(scenario).kubernetesToken);
  const text = stringify(doc);
  try {
    const cloud = await startCloudSimulator(scenario, { kubeconfig: () => text });
    try {
      const clients = createCloudClients(simCredentials(scenario), { vpc: cloud.url, ecs: cloud.url, ram: cloud.url, resourcemanager: cloud.url, cs: cloud.url }, 2000);
      const config = auditConfig({ region: scenario.region, retryBaseMs: 20, kubeRequestTimeoutMs: 2000, deadlineMs: o.deadlineMs });
      const target = { region: scenario.region, clusterId: scenario.cluster.clusterId, ...(o.source === 'user' ? { kubeconfig: text } : {}) };
      const started = Date.now();
      const report = await runAudit({ target, clients, config, runId: 'run-test', now: () => NOW, progress: () => {} });
      return { report, ms: Date.now() - started };
    } finally {
      await cloud.close();
    }
  } finally {
    await kube.close();
  }
}
