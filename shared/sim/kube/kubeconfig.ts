/** A kubeconfig for the simulator that client-node (`loadFromString`) and kubectl use as-is, TLS verified. */
import { stringify } from 'yaml';

export interface KubeconfigParams {
  server: string;
  caPem: string;
  token: string;
  clusterName: string;
}

/** One cluster (server + CA data), one token user, one context, selected as current. */
export function kubeconfigYaml(p: KubeconfigParams): string {
  const user = 'ack-drift-auditor';
  const context = `${user}@${p.clusterName}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: p.clusterName, cluster: { server: p.server, 'certificate-authority-data': Buffer.from(p.caPem).toString('base64') } }],
    users: [{ name: user, user: { token: p.token } }],
    contexts: [{ name: context, context: { cluster: p.clusterName, user } }],
    'current-context': context,
    preferences: {},
  });
}
