/** What an alert group asks to be diagnosed: the cluster (a label, or the allow-list's only cluster) and the symptoms it names. */
import type { Alert, AlertGroup } from './payload';

/** A resource an alert names, to match against the findings' resources. */
export interface Symptom {
  kind: 'Namespace' | 'APIService' | 'Node';
  name: string;
}

export interface AlertTarget {
  clusterId: string;
  /** The firing alerts' names and fingerprints, for the answer. */
  alerts: { name: string; fingerprint?: string }[];
  symptoms: Symptom[];
}

/** The symptoms one alert names: `namespace`, `apiservice` (or `name` on an APIService alert), `node`. */
function symptomsOf(a: Alert): Symptom[] {
  const l = a.labels;
  const out: Symptom[] = [];
  const apiservice = l.apiservice ?? (/apiservice/i.test(l.alertname ?? '') ? l.name : undefined);
  if (apiservice) out.push({ kind: 'APIService', name: apiservice });
  if (l.namespace) out.push({ kind: 'Namespace', name: l.namespace });
  if (l.node) out.push({ kind: 'Node', name: l.node });
  return out;
}

/**
 * The cluster and symptoms of the group's firing alerts; throws an Error a 4xx answer can carry when the alerts name no
 * cluster (and the allow-list has not exactly one), name several, or name one outside the allow-list.
 */
export function targetOf(group: AlertGroup, clusterLabel: string, allowList: readonly string[] | undefined): AlertTarget {
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const named = [...new Set(firing.map((a) => a.labels[clusterLabel]).filter((v): v is string => v !== undefined && v !== ''))];
  if (named.length > 1) throw new Error(`label ${clusterLabel}: the group names ${named.length} clusters; group alerts by ${clusterLabel} in Alertmanager's route`);
  const clusterId = named[0] ?? (allowList?.length === 1 ? allowList[0] : undefined);
  if (!clusterId) throw new Error(`label ${clusterLabel}: no alert names a cluster, and ACK_DRIFT_CLUSTER_IDS does not hold exactly one`);
  if (allowList && !allowList.includes(clusterId)) throw new Error(`label ${clusterLabel}: the cluster is not in ACK_DRIFT_CLUSTER_IDS`);
  const seen = new Set<string>();
  const symptoms = firing.flatMap(symptomsOf).filter((s) => !seen.has(`${s.kind}/${s.name}`) && seen.add(`${s.kind}/${s.name}`));
  return { clusterId, alerts: firing.map((a) => ({ name: a.labels.alertname ?? '(unnamed)', fingerprint: a.fingerprint })), symptoms };
}
