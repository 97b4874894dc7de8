/** How a finding's resource is named in sentences. */
import type { ResourceRef } from './base';

/** Short label of a finding's resource (`namespace tobedeletedb`, `route table vtb-…`, `RAM role MasterRole`). */
export function resourceLabel(f: { resource: ResourceRef }): string {
  const r = f.resource;
  const kind = r.kind === 'APIService' ? 'APIService' : r.kind === 'RamRole' ? 'RAM role' : r.kind === 'RamUser' ? 'RAM user' : r.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${kind} ${r.name ?? r.id ?? ''}`.trim();
}
