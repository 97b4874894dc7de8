/**
 * Namespaces stuck in Terminating, with their deletion conditions parsed by type and reason
 * (kubernetes pkg/controller/namespace/deletion/status_condition_utils.go; docs/architecture.md).
 */
import type { Inventory, NamespaceInfo } from '../collect/inventory';
import { failuresOf, valueOf } from '../collect/inventory';
import { incomplete, makeFinding } from '../findings/make';
import type { CheckContext, CheckResult } from './types';

export interface DeletionDiagnosis {
  /** Group/versions whose discovery failed (`metrics.k8s.io/v1beta1`). */
  failingGroupVersions: string[];
  /** `pods has 3 resource instances`-style items from NamespaceContentRemaining. */
  remainingResources: string[];
  /** `example.com/protect in 2 resource instances`-style items from NamespaceFinalizersRemaining. */
  remainingFinalizers: string[];
  /** Failure conditions (status True) by type, with reason and message. */
  failing: { type: string; reason?: string; message?: string }[];
}

const DISCOVERY_PREFIX = 'unable to retrieve the complete list of server APIs:';

/** Splits `a/v1: err, b/v2: err` (client-go ErrGroupDiscoveryFailed) into its group/versions. */
export function failingGroupVersions(message: string): string[] {
  const at = message.indexOf(DISCOVERY_PREFIX);
  const rest = at >= 0 ? message.slice(at + DISCOVERY_PREFIX.length) : message;
  const out = new Set<string>();
  for (const m of rest.matchAll(/(?:^|,\s*|\s)([a-z0-9]([a-z0-9.-]*[a-z0-9])?\/v[0-9]+(?:(?:alpha|beta)[0-9]+)?):\s/g)) out.add(m[1]);
  return [...out].sort();
}

function listAfterColon(message: string | undefined): string[] {
  if (!message) return [];
  const at = message.indexOf(': ');
  return at < 0
    ? []
    : message
        .slice(at + 2)
        .split(/,\s*/)
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Reads the five deletion conditions of a namespace. */
export function diagnoseDeletion(ns: NamespaceInfo): DeletionDiagnosis {
  const failing = ns.conditions.filter((c) => c.status === 'True' && c.type.startsWith('Namespace'));
  const byType = (t: string) => failing.find((c) => c.type === t);
  const discovery = byType('NamespaceDeletionDiscoveryFailure');
  return {
    failingGroupVersions: discovery?.reason === 'DiscoveryFailed' ? failingGroupVersions(discovery.message ?? '') : [],
    remainingResources: byType('NamespaceContentRemaining')?.reason === 'SomeResourcesRemain' ? listAfterColon(byType('NamespaceContentRemaining')?.message) : [],
    remainingFinalizers: byType('NamespaceFinalizersRemaining')?.reason === 'SomeFinalizerRemain' ? listAfterColon(byType('NamespaceFinalizersRemaining')?.message) : [],
    failing: failing.map((c) => ({ type: c.type, reason: c.reason, message: c.message })),
  };
}

function duration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  return h >= 48 ? `${Math.floor(h / 24)} days` : h >= 1 ? `${h} hours` : `${Math.max(0, Math.floor(ms / 60_000))} minutes`;
}

/** The namespace check: one finding per namespace with a deletionTimestamp that has not gone away. */
export function checkNamespaces(inv: Inventory, ctx: CheckContext): CheckResult {
  const namespaces = valueOf(inv.namespaces);
  if (!namespaces)
    return { findings: [incomplete('namespaces', 'the namespaces', failuresOf(inv.namespaces))], coverage: { check: 'namespaces', status: 'failed', reason: 'namespaces could not be listed' } };
  const deleting = namespaces.filter((ns) => ns.deletionTimestamp);
  const stuck = deleting.filter((ns) => {
    const since = Date.parse(ns.deletionTimestamp!);
    const young = !Number.isNaN(since) && ctx.now.getTime() - since < ctx.options.namespaceGraceSeconds * 1000;
    // Deletion takes a while; a young namespace is stuck only once a deletion condition reports a failure.
    return !young || diagnoseDeletion(ns).failing.length > 0;
  });
  const findings = stuck.map((ns) => {
    const d = diagnoseDeletion(ns);
    const since = Date.parse(ns.deletionTimestamp!);
    const stuckMs = Number.isNaN(since) ? 0 : ctx.now.getTime() - since;
    const why = d.failingGroupVersions.length
      ? `discovery of ${d.failingGroupVersions.join(', ')} fails, so the namespace controller cannot list everything it must delete`
      : d.remainingFinalizers.length
        ? `resources still carry finalizers (${d.remainingFinalizers.join('; ')})`
        : d.remainingResources.length
          ? `resources remain (${d.remainingResources.join('; ')})`
          : ns.finalizers.length
            ? `finalizers ${ns.finalizers.join(', ')} are still set`
            : 'deletion has not completed';
    return makeFinding({
      code: 'NAMESPACE_STUCK_TERMINATING',
      resource: { kind: 'Namespace', name: ns.name },
      message: `Namespace ${ns.name} has been Terminating for ${duration(stuckMs)}: ${why}.`,
      evidence: { deletionTimestamp: ns.deletionTimestamp, stuckForSeconds: Math.floor(stuckMs / 1000), finalizers: ns.finalizers, ...d },
      remediation: [
        ...(d.failingGroupVersions.length ? [{ description: `Restore the APIServices serving ${d.failingGroupVersions.join(', ')}; the namespace then finishes deleting on its own.` }] : []),
        ...(d.remainingFinalizers.length ? [{ description: 'Find the controller that owns those finalizers and make sure it runs; it removes them when it has cleaned up.' }] : []),
        {
          description: 'Last resort, hides the cause: remove the namespace finalizer by hand.',
          command: `kubectl get namespace ${ns.name} -o json | jq '.spec.finalizers=[]' | kubectl replace --raw /api/v1/namespaces/${ns.name}/finalize -f -`,
          lastResort: true,
        },
      ],
    });
  });
  const normal = deleting.length - stuck.length;
  return {
    findings,
    coverage: {
      check: 'namespaces',
      status: 'complete',
      reason: `${namespaces.length} namespaces read, ${findings.length} stuck terminating${normal ? `, ${normal} deleting within the grace period` : ''}`,
    },
  };
}
