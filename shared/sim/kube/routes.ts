/** URL paths of the Kubernetes API, parsed into what they ask for (cf. apiserver's `RequestInfoFactory`). */

export type Route =
  | { type: 'version' }
  | { type: 'apiVersions' }
  | { type: 'groupList' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | { type: 'resource'; group: string; version: string; plural: string; namespace?: string; name?: string }
  | { type: 'unknown' };

/** Drops trailing slashes (client-node 0.22 asks for `/apis/`), keeping `/` itself. */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const base = { type: 'resource', group, version } as const;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    // namespaces/<ns>/<plural>[/<name>]; deeper paths are subresources, which the simulator does not serve.
    if (rest.length > 4) return { type: 'unknown' };
    return { ...base, namespace: rest[1], plural: rest[2], ...(rest.length === 4 ? { name: rest[3] } : {}) };
  }
  if (rest.length > 2) return { type: 'unknown' };
  return { ...base, plural: rest[0], ...(rest.length === 2 ? { name: rest[1] } : {}) };
}

/** Parses a normalized, percent-encoded path. */
export function parseRoute(path: string): Route {
  let parts: string[];
  try {
    parts = path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { type: 'unknown' };
  }
  if (parts.some((p) => p === '')) return { type: 'unknown' };
  const [root, a, b, ...rest] = parts;
  if (root === 'version' && parts.length === 1) return { type: 'version' };
  if (root === 'api') {
    if (a === undefined) return { type: 'apiVersions' };
    if (b === undefined) return { type: 'resourceList', group: '', version: a };
    return resourceRoute('', a, [b, ...rest]);
  }
  if (root === 'apis') {
    if (a === undefined) return { type: 'groupList' };
    if (b === undefined) return { type: 'group', group: a };
    if (rest.length === 0) return { type: 'resourceList', group: a, version: b };
    return resourceRoute(a, b, rest);
  }
  return { type: 'unknown' };
}
