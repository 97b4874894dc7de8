/** Opens a kubeconfig for the doctor exactly as an audit would: the same vetting by source, reader and options. */
import { CallStats } from '../collect/call-stats';
import { KubeReader } from '../collect/kube';
import { loadKubeconfig, type KubeconfigSource } from '../collect/kubeconfig';
import type { AuditConfig } from '../pipeline/config';

/** A function the doctor plan calls with the kubeconfig text; throws (KubeconfigError) when it may not be used. */
export function kubeOpener(source: KubeconfigSource, config: AuditConfig): (text: string) => { reader: KubeReader; server: string } {
  return (text) => {
    const kc = loadKubeconfig(text, { source, execTimeoutMs: config.kube.execTimeoutMs, deadline: config.deadline });
    return { reader: new KubeReader(kc, new CallStats(), config.kube), server: kc.getCurrentCluster()?.server ?? '(no server)' };
  };
}
