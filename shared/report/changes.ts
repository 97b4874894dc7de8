/**
 * What changed since the previous report of the same cluster, matched by finding id (ids are derived from the fact
 * a finding states, so the same problem keeps its id across runs: see docs/state.md). Pure.
 */
import type { Report } from './schema';
import { severityRank } from '../findings/base';

type ReportFinding = Report['findings'][number];
export type Changes = NonNullable<Report['changes']>;
export type ChangeEntry = Changes['new'][number];

/** The part of a finding a later run compares against (what `latest.json` keeps of each open problem). */
export type FindingSnapshot = Pick<ReportFinding, 'id' | 'code' | 'status' | 'severity' | 'resource' | 'message'>;

/** Open problems: failing findings and findings that could not be decided (a pass or not-applicable is none). */
export function isOpen(f: Pick<ReportFinding, 'status'>): boolean {
  return f.status === 'fail' || f.status === 'unknown';
}

/** A finding as the next run will compare it. */
export function snapshotOf(f: ReportFinding): FindingSnapshot {
  return { id: f.id, code: f.code, status: f.status, severity: f.severity, resource: f.resource, message: f.message };
}

function entry(f: FindingSnapshot): ChangeEntry {
  return { id: f.id, code: f.code, status: f.status, severity: f.severity, resource: f.resource, message: f.message };
}

// Worse: a higher severity while failing, or an undecided finding that is now known to fail.
function worse(was: FindingSnapshot, now: FindingSnapshot): boolean {
  if (was.status === 'unknown' && now.status === 'fail') return true;
  return was.status === 'fail' && now.status === 'fail' && severityRank(now.severity) < severityRank(was.severity);
}

/**
 * Compares the open problems of this run with those of the previous one. `previous` undefined means there was no
 * earlier run: every open problem is new. A problem that turns from fail to unknown is unchanged, not resolved:
 * the run could not see that it was fixed.
 */
export function compareRuns(findings: readonly ReportFinding[], previous: { runId: string; generatedAt: string; findings: readonly FindingSnapshot[] } | undefined): Changes {
  const before = new Map((previous?.findings ?? []).filter(isOpen).map((f) => [f.id, f]));
  const changes: Changes = { since: previous ? { runId: previous.runId, generatedAt: previous.generatedAt } : null, new: [], worsened: [], unchanged: [], resolved: [] };
  const seen = new Set<string>();
  for (const f of findings.filter(isOpen)) {
    seen.add(f.id);
    const was = before.get(f.id);
    if (!was) changes.new.push(entry(f));
    else if (worse(was, f)) changes.worsened.push({ ...entry(f), was: { status: was.status, severity: was.severity } });
    else changes.unchanged.push(f.id);
  }
  for (const [id, was] of before) if (!seen.has(id)) changes.resolved.push(entry(was));
  return changes;
}

/** True when the run has something to say: a problem is new, worse or resolved. */
export function hasNews(c: Changes): boolean {
  return c.new.length + c.worsened.length + c.resolved.length > 0;
}
