/**
 * A run's memory, in the order a run uses it: recall the previous run of the cluster, compare, archive this
 * report (JSON and HTML) with a link people can open, and remember it as the cluster's latest. Every step that
 * fails becomes a warning (in the log and the report's stats): the archive is never a reason to lose a report or an alert.
 */
import { compareRuns, isOpen, snapshotOf } from '../report/changes';
import { changeHeadline } from '../report/changes-view';
import { renderHtml } from '../report/html';
import type { Report } from '../report/schema';
import { latestKey, parseLatest, runKeyBase, type Latest, type PreviousRun } from './latest';
import type { StateStore } from './store';

export interface Recalled {
  /** The run to compare with: the previous one, or for a redelivered run the one it compared with the first time. */
  basis?: PreviousRun;
  /** False when the memory could not be read: there is nothing to compare with, and `changes` is left out. */
  known: boolean;
  lastAlert?: Latest['lastAlert'];
  warnings: string[];
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Reads `<clusterId>/latest.json`. */
export async function recall(store: StateStore, clusterId: string, runId: string): Promise<Recalled> {
  let bytes: Buffer | undefined;
  try {
    bytes = await store.get(latestKey(clusterId));
  } catch (err) {
    return { known: false, warnings: [`the previous run could not be read from ${store.location}: ${reason(err)}`] };
  }
  if (!bytes) return { known: true, warnings: [] };
  const latest = parseLatest(bytes);
  if (!latest) return { known: false, warnings: [`${store.location}/${latestKey(clusterId)} is not an ack-drift latest.json; it will be replaced`] };
  if (latest.runId === runId) return { basis: latest.basis, known: true, lastAlert: latest.lastAlert, warnings: [] };
  return { basis: { runId: latest.runId, generatedAt: latest.generatedAt, findings: latest.findings }, known: true, lastAlert: latest.lastAlert, warnings: [] };
}

/** The report with its `changes` (when the memory was read) and the memory's warnings in its stats. */
export function withMemory(report: Report, recalled: Recalled): Report {
  const warnings = [...(report.stats.stateWarnings ?? []), ...recalled.warnings];
  return {
    ...report,
    ...(recalled.known ? { changes: compareRuns(report.findings, recalled.basis) } : {}),
    stats: { ...report.stats, ...(warnings.length ? { stateWarnings: warnings } : {}) },
  };
}

/** Adds a warning to a report's stats. */
export function withWarning(report: Report, warning: string): Report {
  return { ...report, stats: { ...report.stats, stateWarnings: [...(report.stats.stateWarnings ?? []), warning] } };
}

export interface Archived {
  keys: Latest['keys'];
  /** A link to the HTML report (presigned for OSS), when one could be made. */
  link?: string;
}

/** Writes `<clusterId>/<yyyy>/<mm>/<dd>/<runId>.{json,html}` and signs a link to the HTML; throws StateError. */
export async function archiveReport(store: StateStore, report: Report, linkTtlSeconds: number): Promise<Archived> {
  const base = runKeyBase(report.cluster.clusterId, report.runId, report.generatedAt);
  const keys = { json: `${base}.json`, html: `${base}.html` };
  await Promise.all([store.put(keys.json, `${JSON.stringify(report, null, 2)}\n`, 'application/json'), store.put(keys.html, renderHtml(report), 'text/html; charset=utf-8')]);
  return { keys, link: await store.link(keys.html, linkTtlSeconds) };
}

/** Writes the cluster's latest.json for this run; `alertedAt` when this run delivered an alert. Throws StateError. */
export async function rememberRun(store: StateStore, report: Report, keys: Latest['keys'], recalled: Recalled, alertedAt?: Date): Promise<void> {
  const c = report.changes;
  const latest: Latest = {
    kind: 'ack-drift/latest',
    version: 1,
    clusterId: report.cluster.clusterId,
    name: report.cluster.name,
    region: report.cluster.region,
    runId: report.runId,
    generatedAt: report.generatedAt,
    status: report.summary.status,
    headline: report.summary.headline,
    counts: report.summary.counts,
    ...(c ? { changes: { new: c.new.length, worsened: c.worsened.length, resolved: c.resolved.length, unchanged: c.unchanged.length, headline: changeHeadline(c) } } : {}),
    keys,
    findings: report.findings.filter(isOpen).map(snapshotOf),
    ...(recalled.basis ? { basis: recalled.basis } : {}),
    ...(alertedAt ? { lastAlert: { at: alertedAt.toISOString(), runId: report.runId } } : recalled.lastAlert ? { lastAlert: recalled.lastAlert } : {}),
  };
  await store.put(latestKey(report.cluster.clusterId), `${JSON.stringify(latest)}\n`, 'application/json');
}
