/** The vocabulary every finding uses: severities (in their one order), statuses, checks, resources, fixes. */

/** Severities, most severe first: the one definition of their order. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical up to 4 for info; anything else sorts last. */
export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

/** True for a known severity name. */
export function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

export type FindingStatus = 'fail' | 'pass' | 'unknown' | 'not_applicable';
/** The checks that emit findings (see shared/checks/registry.ts). */
export type EmittingCheck = 'routes' | 'ram' | 'apiservices' | 'namespaces';
/** A coverage entry names a check, or `nodes`: whether the node list itself was read. */
export type CheckId = EmittingCheck | 'nodes';
export type CoverageStatus = 'complete' | 'partial' | 'failed' | 'not_applicable';

export interface ResourceRef {
  kind: string;
  name?: string;
  id?: string;
  namespace?: string;
}

export interface Remediation {
  description: string;
  command?: string;
  /** Hides the cause instead of fixing it: shown only as a labelled last resort. */
  lastResort?: boolean;
}

export interface Coverage {
  check: CheckId;
  status: CoverageStatus;
  reason: string;
}
