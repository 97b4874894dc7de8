/** The kind ↔ resource table: which REST path serves which kind, and whether it is namespaced. */
import type { KubeObject } from '../../scenario/schema';

export interface ResourceType {
  /** API group; `''` for the core group served under `/api/v1`. */
  group: string;
  version: string;
  kind: string;
  /** The REST resource name (`nodes`), as RBAC and discovery name it. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
}

type Entry = [plural: string, singular: string, namespaced: boolean, shortNames?: string[]];

/** Built-in kinds by `apiVersion` then kind, with the names the real API server uses. */
const KNOWN: Record<string, Record<string, Entry>> = {
  v1: {
    Node: ['nodes', 'node', false, ['no']],
    Namespace: ['namespaces', 'namespace', false, ['ns']],
    Service: ['services', 'service', true, ['svc']],
    Endpoints: ['endpoints', 'endpoints', true, ['ep']],
    Pod: ['pods', 'pod', true, ['po']],
    Event: ['events', 'event', true, ['ev']],
    ConfigMap: ['configmaps', 'configmap', true, ['cm']],
    Secret: ['secrets', 'secret', true],
    ServiceAccount: ['serviceaccounts', 'serviceaccount', true, ['sa']],
    PersistentVolume: ['persistentvolumes', 'persistentvolume', false, ['pv']],
    PersistentVolumeClaim: ['persistentvolumeclaims', 'persistentvolumeclaim', true, ['pvc']],
  },
  'apps/v1': {
    Deployment: ['deployments', 'deployment', true, ['deploy']],
    DaemonSet: ['daemonsets', 'daemonset', true, ['ds']],
    ReplicaSet: ['replicasets', 'replicaset', true, ['rs']],
    StatefulSet: ['statefulsets', 'statefulset', true, ['sts']],
  },
  'apiregistration.k8s.io/v1': { APIService: ['apiservices', 'apiservice', false] },
  'discovery.k8s.io/v1': { EndpointSlice: ['endpointslices', 'endpointslice', true] },
  'events.k8s.io/v1': { Event: ['events', 'event', true, ['ev']] },
  'coordination.k8s.io/v1': { Lease: ['leases', 'lease', true] },
  'apiextensions.k8s.io/v1': { CustomResourceDefinition: ['customresourcedefinitions', 'customresourcedefinition', false, ['crd', 'crds']] },
  'rbac.authorization.k8s.io/v1': {
    ClusterRole: ['clusterroles', 'clusterrole', false],
    ClusterRoleBinding: ['clusterrolebindings', 'clusterrolebinding', false],
    Role: ['roles', 'role', true],
    RoleBinding: ['rolebindings', 'rolebinding', true],
  },
  'metrics.k8s.io/v1beta1': { NodeMetrics: ['nodes', 'nodemetrics', false], PodMetrics: ['pods', 'podmetrics', true] },
};

/** The kinds every simulated cluster serves, even when a scenario holds no object of that kind. */
const BASELINE: ReadonlyArray<[apiVersion: string, kind: string]> = [
  ['v1', 'Node'],
  ['v1', 'Namespace'],
  ['v1', 'Service'],
  ['v1', 'Endpoints'],
  ['v1', 'Pod'],
  ['v1', 'Event'],
  ['v1', 'ConfigMap'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['apiregistration.k8s.io/v1', 'APIService'],
  ['discovery.k8s.io/v1', 'EndpointSlice'],
];

/** Splits an `apiVersion` into group and version (`v1` → core group `''`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** `group/version`, or just `version` for the core group, as `apiVersion` fields spell it. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** English plural of a kind, as kube's default RESTMapper guesses it for kinds it does not know. */
function guessPlural(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

function resourceType(apiVersion: string, kind: string, namespacedHint: boolean): ResourceType {
  const { group, version } = splitApiVersion(apiVersion);
  const known = KNOWN[apiVersion]?.[kind];
  if (known) {
    const [plural, singular, namespaced, shortNames] = known;
    return { group, version, kind, plural, singular, namespaced, ...(shortNames ? { shortNames } : {}) };
  }
  const singular = kind.toLowerCase();
  return { group, version, kind, plural: guessPlural(singular), singular, namespaced: namespacedHint };
}

/**
 * The resource types a cluster serves: the baseline kinds, every kind present in the objects (unknown kinds are
 * namespaced when their objects carry a namespace), and every known kind of each group/version served that way or
 * named in `extraGroupVersions` (a real cluster lists its secrets even when it has none).
 */
export function servedResourceTypes(objects: readonly KubeObject[], extraGroupVersions: readonly string[] = []): ResourceType[] {
  const byKey = new Map<string, ResourceType>();
  const add = (t: ResourceType): void => {
    const key = `${groupVersion(t.group, t.version)}/${t.plural}`;
    if (!byKey.has(key)) byKey.set(key, t);
  };
  for (const [apiVersion, kind] of BASELINE) add(resourceType(apiVersion, kind, true));
  for (const o of objects) add(resourceType(o.apiVersion, o.kind, o.metadata.namespace !== undefined));
  const served = new Set([...[...byKey.values()].map((t) => groupVersion(t.group, t.version)), ...extraGroupVersions]);
  for (const gv of served) {
    for (const kind of Object.keys(KNOWN[gv] ?? {})) add(resourceType(gv, kind, true));
  }
  return [...byKey.values()];
}
