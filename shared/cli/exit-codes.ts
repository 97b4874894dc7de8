/** Exit codes (see docs/cli.md): one place, so every command and the README agree. */
import { SEVERITIES, severityRank, type Severity } from '../findings/base';
import type { Report } from '../report/schema';

/**
 * 0 nothing failing; 1 failing findings; 2 usage, configuration or input error (the message names the bad input);
 * 3 no failing finding but some check could not complete; 4 internal error (a defect in ack-drift).
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, unknown: 3, internal: 4 } as const;

/** The exit codes of the audit commands, as their help and the README list them. */
export const AUDIT_EXIT_CODES: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'no failing finding at or above --fail-on, and every check completed'],
  [EXIT.findings, 'failing findings at or above --fail-on'],
  [EXIT.usage, 'usage, configuration or input error (the message names the bad input)'],
  [EXIT.unknown, 'no failing finding, but some check could not complete (reported as unknown, never as a pass)'],
  [EXIT.internal, 'internal error: a defect in ack-drift (the message says so; please report it)'],
];

/** --fail-on takes any severity but info (an info finding never fails a run). */
export const FAIL_ON = SEVERITIES.filter((s) => s !== 'info') as Exclude<Severity, 'info'>[];
export type FailOn = Severity;

/**
 * 4 when the auditor met a defect of its own (the report still holds what was judged, `internalErrors` names the
 * defect), else 1 for a failing finding at or above `failOn`, else 3 if some check could not complete, else 0.
 */
export function exitCodeFor(report: Report, failOn: FailOn): number {
  if (report.internalErrors?.length) return EXIT.internal;
  if (report.findings.some((f) => f.status === 'fail' && severityRank(f.severity) <= severityRank(failOn))) return EXIT.findings;
  const incomplete = report.findings.some((f) => f.status === 'unknown') || report.coverage.some((c) => c.status === 'failed' || c.status === 'partial');
  return incomplete ? EXIT.unknown : EXIT.ok;
}
