/** The objects a simulated API server holds: the scenario's objects with server-set metadata filled in. */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../scenario/schema';
import { groupVersion, type ResourceType } from './resources';

/** An object as served: the scenario's fields verbatim, plus `uid`, `resourceVersion`, `creationTimestamp`. */
export type ServedObject = Record<string, unknown> & { metadata: { name: string; namespace?: string } & Record<string, unknown> };

/** First resourceVersion handed out; real clusters are never at revision 1 either. */
const FIRST_REVISION = 1000;

/** A deterministic v4-shaped UUID from an object's identity, so runs of one scenario serve identical uids. */
function uidFor(o: KubeObject): string {
  const h = createHash('sha256')
    .update(`${o.apiVersion}\n${o.kind}\n${o.metadata.namespace ?? ''}\n${o.metadata.name}`)
    .digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** RFC 3339 with second precision, as `metav1.Time` serialises. */
export function kubeTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\n${kind}`;
}

/** etcd key order (`<namespace>/<name>`), which is the order the API server lists in. */
function byKey(a: ServedObject, b: ServedObject): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Read-only object storage indexed by resource type. */
export class ObjectStore {
  /** The store's current revision: every list reports it as `metadata.resourceVersion`. */
  readonly resourceVersion: string;
  private readonly byType = new Map<string, ServedObject[]>();

  constructor(objects: readonly KubeObject[], clock: Date) {
    // An object is never created after the scenario deletes something: a default creation time is no later than the
    // earliest deletionTimestamp in the scenario, so ages and grace periods read as they would on a real cluster.
    const deletions = objects.map((o) => Date.parse(String((o.metadata as { deletionTimestamp?: unknown }).deletionTimestamp ?? ''))).filter((t) => !Number.isNaN(t));
    const created = new Date(Math.min(clock.getTime(), ...deletions));
    let revision = FIRST_REVISION;
    for (const o of objects) {
      const served = structuredClone(o) as unknown as ServedObject;
      const meta = served.metadata;
      revision += 1;
      meta.uid ??= uidFor(o);
      meta.resourceVersion ??= String(revision);
      meta.creationTimestamp ??= kubeTime(created);
      const rv = Number(meta.resourceVersion);
      if (Number.isSafeInteger(rv) && rv > revision) revision = rv;
      const key = typeKey(o.apiVersion, o.kind);
      const list = this.byType.get(key) ?? [];
      list.push(served);
      this.byType.set(key, list);
    }
    for (const list of this.byType.values()) list.sort(byKey);
    this.resourceVersion = String(revision + 1);
  }

  /** Objects of a type, in list order; within one namespace when `namespace` is given. */
  list(type: ResourceType, namespace?: string): ServedObject[] {
    const all = this.byType.get(typeKey(groupVersion(type.group, type.version), type.kind)) ?? [];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /** One object by namespace (undefined for cluster-scoped kinds) and name. */
  get(type: ResourceType, namespace: string | undefined, name: string): ServedObject | undefined {
    return this.list(type, namespace).find((o) => o.metadata.name === name);
  }
}
