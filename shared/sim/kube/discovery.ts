/** Discovery documents (`/version`, `/api`, `/apis`, `/apis/<g>/<v>`) and kube-aggregator's availability rule. */
import type { ClusterSpec, KubeObject } from '../../scenario/schema';
import { groupVersion, type ResourceType } from './resources';
import { failure, SERVICE_UNAVAILABLE_MESSAGE, type Status } from './status';

/** kube-apiserver's own `groupPriorityMinimum`s (`apiVersionPriorities`), used when a scenario has no APIService for a built-in group. */
const BUILTIN_GROUP_PRIORITY: Record<string, number> = {
  'apiregistration.k8s.io': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'rbac.authorization.k8s.io': 17000,
  'apiextensions.k8s.io': 16400,
  'coordination.k8s.io': 16500,
  'discovery.k8s.io': 16200,
};

interface ApiServiceView {
  group: string;
  version: string;
  groupPriorityMinimum: number;
  versionPriority: number;
  /** Served by an aggregated backend (`spec.service` set) rather than by kube-apiserver itself. */
  aggregated: boolean;
  available: boolean;
}

function apiServices(objects: readonly KubeObject[]): ApiServiceView[] {
  return objects
    .filter((o) => o.apiVersion.startsWith('apiregistration.k8s.io/') && o.kind === 'APIService')
    .map((o) => {
      const r = o as Record<string, unknown>;
      const spec = (r.spec ?? {}) as Record<string, unknown>;
      const conditions = ((r.status as { conditions?: unknown } | undefined)?.conditions ?? []) as Array<{ type?: string; status?: string }>;
      return {
        group: String(spec.group ?? ''),
        version: String(spec.version ?? ''),
        groupPriorityMinimum: Number(spec.groupPriorityMinimum ?? 0),
        versionPriority: Number(spec.versionPriority ?? 0),
        aggregated: spec.service !== undefined && spec.service !== null,
        available: conditions.some((c) => c.type === 'Available' && c.status === 'True'),
      };
    })
    .filter((s) => s.version !== '');
}

/** Group/versions served by APIServices, which bring resource types the objects may not show. */
export function apiServiceGroupVersions(objects: readonly KubeObject[]): string[] {
  return apiServices(objects).map((s) => groupVersion(s.group, s.version));
}

interface GroupView {
  name: string;
  versions: string[];
}

/** What the cluster's discovery reports, derived once from the scenario. */
export class Discovery {
  private readonly services: ApiServiceView[];
  private readonly groups: GroupView[];

  constructor(
    private readonly cluster: ClusterSpec,
    private readonly types: readonly ResourceType[],
  ) {
    this.services = apiServices(cluster.objects);
    this.groups = this.orderGroups();
  }

  /**
   * Groups as `/apis` lists them: every group/version seen in resource types plus every APIService's, ordered by
   * `groupPriorityMinimum` then `versionPriority` (highest first), as the aggregator sorts them.
   */
  private orderGroups(): GroupView[] {
    const groupPriority = (group: string): number => {
      const own = this.services.filter((x) => x.group === group).map((x) => x.groupPriorityMinimum);
      return own.length > 0 ? Math.max(...own) : (BUILTIN_GROUP_PRIORITY[group] ?? 0);
    };
    const versionPriority = (group: string, version: string): number => this.services.find((x) => x.group === group && x.version === version)?.versionPriority ?? 0;
    const byName = new Map<string, Set<string>>();
    for (const { group, version } of [...this.types, ...this.services]) {
      if (group !== '') byName.set(group, (byName.get(group) ?? new Set()).add(version));
    }
    const groups = [...byName].map(([name, versions]) => ({
      name,
      versions: [...versions].sort((a, b) => versionPriority(name, b) - versionPriority(name, a)),
    }));
    return groups.sort((a, b) => groupPriority(b.name) - groupPriority(a.name));
  }

  /** `/version`, from `cluster.version` (`1.30.7-aliyun.1` → `v1.30.7-aliyun.1`). */
  version(): Record<string, string> {
    const raw = this.cluster.version ?? '1.30.7';
    const gitVersion = raw.startsWith('v') ? raw : `v${raw}`;
    const [, major = '1', minor = '30'] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
    return {
      major,
      minor,
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2024-11-20T00:00:00Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  /** `/api`: the legacy core group's versions. */
  apiVersions(serverAddress: string): Record<string, unknown> {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
  }

  private groupDoc(g: GroupView): Record<string, unknown> {
    const versions = g.versions.map((version) => ({ groupVersion: `${g.name}/${version}`, version }));
    return { name: g.name, versions, preferredVersion: versions[0] };
  }

  /** `/apis`. */
  groupList(): Record<string, unknown> {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups.map((g) => this.groupDoc(g)) };
  }

  /** `/apis/<group>`, or undefined for a group the cluster does not serve. */
  group(name: string): Record<string, unknown> | undefined {
    const g = this.groups.find((x) => x.name === name);
    return g && { kind: 'APIGroup', apiVersion: 'v1', ...this.groupDoc(g) };
  }

  /** True when the cluster serves this group/version at all. */
  serves(group: string, version: string): boolean {
    if (group === '') return version === 'v1';
    return this.groups.some((g) => g.name === group && g.versions.includes(version));
  }

  /** `/api/v1` or `/apis/<g>/<v>`: the resource types of one group/version. */
  resourceList(group: string, version: string): Record<string, unknown> {
    const resources = this.types
      .filter((t) => t.group === group && t.version === version)
      .map((t) => ({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        // Only what the simulator answers; kubectl needs nothing more for `get`.
        verbs: ['get', 'list'],
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      }));
    // The core list carries no apiVersion on the wire; group lists do.
    return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: groupVersion(group, version), resources };
  }

  /**
   * The failure everything under a group/version answers with, if any: a `cluster.discovery` override with an
   * error status, else kube-aggregator's 503 for an aggregated APIService whose `Available` condition is not True.
   */
  failureFor(group: string, version: string): Status | undefined {
    const override = this.cluster.discovery?.[`${group}/${version}`];
    if (override) {
      if (override.status < 400) return undefined;
      return failure(override.status, override.message, undefined, {
        ...(group ? { group } : {}),
        ...(override.status === 503 ? { causes: unavailableCauses() } : {}),
      });
    }
    const service = this.services.find((s) => s.group === group && s.version === version);
    if (service?.aggregated && !service.available) {
      return failure(503, SERVICE_UNAVAILABLE_MESSAGE, 'ServiceUnavailable', { group, causes: unavailableCauses() });
    }
    return undefined;
  }
}

function unavailableCauses(): Array<{ reason: string; message: string }> {
  return [{ reason: 'UnexpectedServerResponse', message: 'service unavailable' }];
}
