/** Exit codes (../shared/spec/CONTRACTS.md §2). */
import type { Report } from '../report/schema';

export const EXIT = { ok: 0, findings: 1, usage: 2, unknown: 3 } as const;

const RANK = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
export type FailOn = keyof typeof RANK;

/** 1 for a failing finding at or above `failOn`, else 3 if some check could not complete, else 0. */
export function exitCodeFor(report: Report, failOn: FailOn): number {
  if (report.findings.some((f) => f.status === 'fail' && RANK[f.severity as FailOn] >= RANK[failOn])) return EXIT.findings;
  const incomplete = report.findings.some((f) => f.status === 'unknown') || report.coverage.some((c) => c.status === 'failed' || c.status === 'partial');
  return incomplete ? EXIT.unknown : EXIT.ok;
}

/** Parses `--fail-on`. */
export function isFailOn(v: string): v is FailOn {
  return v in RANK;
}
