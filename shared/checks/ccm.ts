/** The cloud controller manager: where it runs, which version, and what its route events say. */
import type { Inventory, PodInfo } from '../collect/inventory';
import { valueOf } from '../collect/inventory';
import { makeFinding } from '../findings/make';
import { isManaged } from './managed-tables';
import type { Finding } from '../findings/types';

export interface CcmLocation {
  pods: { name: string; nodeName?: string; version?: string }[];
  /** The image tag of the running CCM (`v1.9.3.339-g9830b58-aliyun`), when one was found. */
  version?: string;
}

function isCcmPod(p: PodInfo): boolean {
  return p.namespace === 'kube-system' && (p.labels.app === 'cloud-controller-manager' || p.name.startsWith('cloud-controller-manager') || p.images.some((i) => /cloud-controller-manager/.test(i)));
}

/** The version in an image reference's tag, if it has one. */
export function imageTag(image: string): string | undefined {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? image.slice(at + 1) : undefined;
}

/** Every CCM pod in kube-system, whatever its phase, by name. */
export function ccmPods(pods: readonly PodInfo[]): PodInfo[] {
  return pods.filter(isCcmPod).sort((a, b) => a.name.localeCompare(b.name));
}

/** Finds the running CCM pods of a dedicated cluster (none are visible on managed clusters: the CCM runs in the control plane). */
export function locateCcm(pods: readonly PodInfo[]): CcmLocation {
  const ccm = ccmPods(pods)
    .filter((p) => p.phase === undefined || p.phase === 'Running')
    .map((p) => ({ name: p.name, nodeName: p.nodeName, version: p.images.map(imageTag).find((t) => t !== undefined) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { pods: ccm, version: ccm.find((p) => p.version)?.version };
}

/** The route controller's version: a managed cluster's is its add-on's (no pod shows it), a dedicated one's its pod image tag. */
export function ccmVersion(inv: Pick<Inventory, 'cluster' | 'ccmAddon' | 'pods'>): string | undefined {
  if (isManaged(inv.cluster)) return (inv.ccmAddon && valueOf(inv.ccmAddon)?.version) || undefined;
  return locateCcm(valueOf(inv.pods) ?? []).version;
}

/** CCM_ROUTE_SYNC_FAILING from the route controller's failure events, with their error text. */
export function ccmEventFindings(inv: Inventory): Finding[] {
  const all = valueOf(inv.events) ?? [];
  // A route created after the last failure means the controller works again: older failures are history.
  const lastSuccess = all.filter((e) => e.reason === 'CreatedRoute').reduce((t, e) => ((e.lastTimestamp ?? '') > t ? (e.lastTimestamp ?? '') : t), '');
  const events = all.filter((e) => e.reason !== 'CreatedRoute' && e.type !== 'Normal' && !(lastSuccess && (e.lastTimestamp ?? '') < lastSuccess));
  if (events.length === 0) return [];
  const ccm = locateCcm(valueOf(inv.pods) ?? []);
  const latest = [...events].sort((a, b) => (b.lastTimestamp ?? '').localeCompare(a.lastTimestamp ?? ''));
  const resource = ccm.pods[0] ? { kind: 'Pod', namespace: 'kube-system', name: ccm.pods[0].name } : { kind: 'Deployment', namespace: 'kube-system', name: 'cloud-controller-manager' };
  const codes = [...new Set(events.flatMap((e) => [...e.message.matchAll(/Code:\s*([A-Za-z][\w.]+)/g)].map((m) => m[1])))].sort();
  return [
    makeFinding({
      code: 'CCM_ROUTE_SYNC_FAILING',
      resource,
      message: `The route controller reports ${events.length === 1 ? 'a failure' : `${events.length} failures`}: ${latest[0].reason} — ${latest[0].message}`,
      evidence: {
        events: latest
          .slice(0, 10)
          .map((e) => ({ reason: e.reason, message: e.message, count: e.count ?? 1, lastTimestamp: e.lastTimestamp ?? null, object: `${e.involvedKind ?? ''}/${e.involvedName ?? ''}` })),
        errorCodes: codes,
        ccmVersion: ccm.version ?? null,
      },
      remediation: [
        {
          description: 'Read the CCM log for the failing call and fix the cause it names (often a RAM permission); the controller retries on its next reconcile.',
          command: 'kubectl -n kube-system logs -l app=cloud-controller-manager --tail=200',
        },
      ],
    }),
  ];
}
