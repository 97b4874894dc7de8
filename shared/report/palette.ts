/** Colours of the HTML report and its graph, one per severity, finding status and report status. */
import type { Severity } from '../findings/types';
import type { Report } from './schema';
import type { ReportFinding } from './root-cause-view';

export const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: '#b42318',
  high: '#e04f16',
  medium: '#b54708',
  low: '#175cd3',
  info: '#475467',
};

export const UNKNOWN_COLOUR = '#6941c6';
export const QUIET_COLOUR = '#667085';

export const COVERAGE_COLOUR: Record<Report['coverage'][number]['status'], string> = {
  complete: '#067647',
  partial: '#b54708',
  failed: '#b42318',
  not_applicable: '#667085',
};

export const STATUS_COLOUR: Record<Report['summary']['status'], string> = {
  degraded: '#b42318',
  unknown: '#6941c6',
  healthy: '#067647',
};

/** The colour a finding is drawn in: its severity when it fails, violet when unknown, grey otherwise. */
export function findingColour(f: Pick<ReportFinding, 'status' | 'severity'>): string {
  if (f.status === 'unknown') return UNKNOWN_COLOUR;
  // The schema admits only the five severities; the fallback keeps a hand-edited report renderable.
  return f.status === 'fail' ? (SEVERITY_COLOUR[f.severity as Severity] ?? QUIET_COLOUR) : QUIET_COLOUR;
}

/** The word shown for a finding's weight: its severity when it fails, else its status. */
export function findingLevel(f: Pick<ReportFinding, 'status' | 'severity'>): string {
  return f.status === 'fail' ? f.severity : f.status.replace('_', ' ');
}
