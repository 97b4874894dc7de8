/** How every format words the `changes` section: one summary line, then one line per new, worse and resolved finding. */
import { resourceLabel } from './headline';
import type { Report } from './schema';

type Changes = NonNullable<Report['changes']>;

export interface ChangeLine {
  kind: 'new' | 'worsened' | 'resolved';
  id: string;
  code: string;
  resource: string;
  /** `medium → high`, `unknown → fail` for a worsened finding. */
  detail?: string;
  message: string;
}

/** `since run R (T): 1 new, 0 worsened, 2 resolved, 3 unchanged` (or `first run: …`). */
export function changesSummary(c: Changes): string {
  const counts = `${c.new.length} new, ${c.worsened.length} worsened, ${c.resolved.length} resolved, ${c.unchanged.length} unchanged`;
  return c.since ? `since run ${c.since.runId} (${c.since.generatedAt}): ${counts}` : `first run of this cluster: ${counts}`;
}

/** The findings that changed, new first, then worse, then resolved. */
export function changeLines(c: Changes): ChangeLine[] {
  return [
    ...c.new.map((e) => ({ kind: 'new' as const, id: e.id, code: e.code, resource: resourceLabel(e), message: e.message })),
    ...c.worsened.map((e) => ({
      kind: 'worsened' as const,
      id: e.id,
      code: e.code,
      resource: resourceLabel(e),
      detail: e.was.status !== e.status ? `${e.was.status} → ${e.status}` : `${e.was.severity} → ${e.severity}`,
      message: e.message,
    })),
    ...c.resolved.map((e) => ({ kind: 'resolved' as const, id: e.id, code: e.code, resource: resourceLabel(e), message: e.message })),
  ];
}

/**
 * What an alert says first: `new: ROUTE_MISSING on node X; resolved: 2`. The first few findings are named; the
 * rest are counted, so the line stays short in a chat preview.
 */
export function changeHeadline(c: Changes, named = 2): string {
  const part = (label: string, list: readonly { code: string; resource: Report['findings'][number]['resource'] }[]) => {
    if (!list.length) return undefined;
    if (list.length > named) return `${label}: ${list.length}`;
    return `${label}: ${list.map((e) => `${e.code} on ${resourceLabel(e)}`).join(', ')}`;
  };
  const parts = [part('new', c.new), part('worse', c.worsened), part('resolved', c.resolved)].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join('; ') : `unchanged: ${c.unchanged.length} open problem${c.unchanged.length === 1 ? '' : 's'}`;
}
