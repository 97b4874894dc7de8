/** What the markdown and HTML renderings show per root cause (its chain, its last resorts), and the causes left open. */
import type { Report } from './schema';
import { repairOrder } from '../findings/repair-order';

export type ReportFinding = Report['findings'][number];
export type ReportStep = ReportFinding['remediation'][number];

export interface FindingStep {
  finding: ReportFinding;
  step: ReportStep;
}

export interface RootCauseView {
  root: ReportFinding;
  /** Symptom first, root last. */
  chain: ReportFinding[];
  explains: ReportFinding[];
  /** Commands that hide the cause (force-finalize, delete the APIService): shown last and labelled. */
  lastResorts: FindingStep[];
}

export interface OpenSymptom {
  finding: ReportFinding;
  ruledOut: string[];
}

/** The root causes of a report, resolved to findings; a root cause naming an absent finding is skipped. */
export function rootCauseViews(report: Report): RootCauseView[] {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const resolve = (ids: string[]) => ids.map((id) => byId.get(id)).filter((f): f is ReportFinding => f !== undefined);
  const views: RootCauseView[] = [];
  for (const rc of report.rootCauses) {
    const root = byId.get(rc.findingId);
    if (!root) continue;
    const chain = resolve(rc.chain);
    views.push({
      root,
      chain,
      explains: resolve(rc.explains),
      lastResorts: repairOrder(root.id, chain).flatMap((finding) => finding.remediation.filter((r) => r.lastResort).map((step) => ({ finding, step }))),
    });
  }
  return views;
}

/** Failing symptoms the correlation could not explain, with what it ruled out (evidence.cause, set by correlate). */
export function openSymptoms(report: Report): OpenSymptom[] {
  const out: OpenSymptom[] = [];
  for (const finding of report.findings) {
    const cause = finding.evidence.cause as { identified?: unknown; ruledOut?: unknown } | undefined;
    if (finding.status !== 'fail' || cause?.identified !== false) continue;
    out.push({ finding, ruledOut: Array.isArray(cause.ruledOut) ? cause.ruledOut.map(String) : [] });
  }
  return out;
}

/** Findings a reader should see: everything but passes, in report order. */
export function listedFindings(report: Report): ReportFinding[] {
  return report.findings.filter((f) => f.status !== 'pass');
}
