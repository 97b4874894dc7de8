/**
 * The fleet at a glance: `<prefix>/fleet.{json,html}` built from every cluster's latest.json, one row per cluster,
 * worst first. A cluster whose last run is older than two periods is `stale`: its last verdict is no longer news
 * about the cluster, and a stale healthy cluster must never read as healthy.
 */
import { escapeHtml as h } from '../report/escape';
import { STATUS_COLOUR, QUIET_COLOUR } from '../report/palette';
import { mapLimit } from '../util/concurrency';
import { SEVERITIES } from '../findings/base';
import { latestKey, parseLatest, type Latest } from './latest';
import type { StateStore } from './store';

export type FleetStatus = Latest['status'] | 'stale';

export interface FleetRow {
  clusterId: string;
  name: string;
  region: string;
  status: FleetStatus;
  /** The verdict of the last run (the same as `status` unless stale). */
  lastStatus: Latest['status'];
  counts: Latest['counts'];
  headline: string;
  /** What the last run said changed. */
  changed?: string;
  runId: string;
  lastRunAt: string;
  ageSeconds: number;
  /** Presigned link to the last run's HTML report. */
  link?: string;
}

export interface Fleet {
  kind: 'ack-drift/fleet';
  generatedAt: string;
  periodSeconds: number;
  clusters: FleetRow[];
  /** Clusters whose latest.json could not be read. */
  unreadable: string[];
}

const RANK: Record<FleetStatus, number> = { degraded: 0, unknown: 1, stale: 2, healthy: 3 };
// Most severe first, then unknown: the order the counts are compared in.
const COUNT_KEYS = [...SEVERITIES, 'unknown'] as const;

/** Rows from latest records, worst first: status, then counts by severity, then the oldest run. Pure. */
export function fleetRows(latests: readonly Latest[], now: Date, periodMs: number, links: ReadonlyMap<string, string> = new Map()): FleetRow[] {
  const rows = latests.map((l): FleetRow => {
    const ageMs = Math.max(0, now.getTime() - Date.parse(l.generatedAt));
    return {
      clusterId: l.clusterId,
      name: l.name,
      region: l.region,
      status: ageMs > 2 * periodMs || Number.isNaN(ageMs) ? 'stale' : l.status,
      lastStatus: l.status,
      counts: l.counts,
      headline: l.headline,
      ...(l.changes ? { changed: l.changes.headline } : {}),
      runId: l.runId,
      lastRunAt: l.generatedAt,
      ageSeconds: Number.isNaN(ageMs) ? -1 : Math.round(ageMs / 1000),
      ...(links.has(l.clusterId) ? { link: links.get(l.clusterId) } : {}),
    };
  });
  return rows.sort((a, b) => {
    if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] - RANK[b.status];
    for (const s of COUNT_KEYS) if (a.counts[s] !== b.counts[s]) return b.counts[s] - a.counts[s];
    return b.ageSeconds - a.ageSeconds || a.clusterId.localeCompare(b.clusterId);
  });
}

/** Reads every cluster's latest.json, then writes fleet.json and fleet.html; throws StateError when listing or writing fails. */
export async function publishFleet(store: StateStore, now: Date, periodMs: number, linkTtlSeconds: number): Promise<Fleet> {
  const { prefixes } = await store.list('');
  const clusterIds = prefixes.map((p) => p.replace(/\/$/, '')).filter((p) => p !== 'deliveries');
  const unreadable: string[] = [];
  const read = await mapLimit(clusterIds, 8, async (id) => {
    try {
      const bytes = await store.get(latestKey(id));
      const latest = bytes && parseLatest(bytes);
      if (bytes && !latest) unreadable.push(id);
      return latest || undefined;
    } catch {
      unreadable.push(id);
      return undefined;
    }
  });
  const latests = read.filter((l): l is Latest => l !== undefined);
  const links = new Map<string, string>();
  await mapLimit(latests, 8, async (l) => {
    const link = await store.link(l.keys.html, linkTtlSeconds).catch(() => undefined);
    if (link) links.set(l.clusterId, link);
  });
  const fleet: Fleet = {
    kind: 'ack-drift/fleet',
    generatedAt: now.toISOString(),
    periodSeconds: Math.round(periodMs / 1000),
    clusters: fleetRows(latests, now, periodMs, links),
    unreadable: unreadable.sort(),
  };
  await store.put('fleet.json', `${JSON.stringify(fleet, null, 2)}\n`, 'application/json');
  await store.put('fleet.html', renderFleetHtml(fleet), 'text/html; charset=utf-8');
  return fleet;
}

function age(seconds: number): string {
  if (seconds < 0) return 'unknown';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/** The fleet page: a self-contained table, no script, no external resource. */
export function renderFleetHtml(fleet: Fleet): string {
  const colour = (s: FleetStatus) => (s === 'stale' ? QUIET_COLOUR : STATUS_COLOUR[s]);
  const counts = (r: FleetRow) =>
    COUNT_KEYS.filter((s) => r.counts[s] > 0)
      .map((s) => `${r.counts[s]} ${s}`)
      .join(' · ') || 'none';
  const rows = fleet.clusters.map(
    (r) =>
      `<tr data-status="${h(r.status)}"><td><span class="dot" style="background:${colour(r.status)}"></span>${h(r.status)}` +
      `${r.status === 'stale' ? ` <span class="sub">(last: ${h(r.lastStatus)})</span>` : ''}</td>` +
      `<td>${r.link ? `<a href="${h(r.link)}" rel="noreferrer">${h(r.name || r.clusterId)}</a>` : h(r.name || r.clusterId)}<div class="sub">${h(r.clusterId)}</div></td>` +
      `<td>${h(r.region)}</td><td>${h(counts(r))}</td><td>${h(r.changed ?? '')}</td><td title="${h(r.lastRunAt)}">${h(age(r.ageSeconds))}</td></tr>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>ack-drift · fleet</title>',
    '<style>body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#101828}table{border-collapse:collapse;width:100%}',
    'th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eaecf0;vertical-align:top}',
    '.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}.sub{color:#667085;font-size:12px}</style>',
    '</head><body>',
    `<h1>ack-drift · fleet</h1><p class="sub">${fleet.clusters.length} clusters · built ${h(fleet.generatedAt)} · stale after ${h(age(2 * fleet.periodSeconds))}` +
      `${fleet.unreadable.length ? ` · unreadable: ${h(fleet.unreadable.join(', '))}` : ''}</p>`,
    '<table><thead><tr><th>Status</th><th>Cluster</th><th>Region</th><th>Failing</th><th>Last change</th><th>Last run</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '</body></html>',
    '',
  ].join('\n');
}
