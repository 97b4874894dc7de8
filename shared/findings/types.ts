/** Findings: what a check concludes about one resource, with its evidence and fix. */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type FindingStatus = 'fail' | 'pass' | 'unknown' | 'not_applicable';
export type CheckId = 'routes' | 'ram' | 'apiservices' | 'namespaces' | 'nodes';
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

export interface Finding {
  id: string;
  code: string;
  check: CheckId;
  status: FindingStatus;
  severity: Severity;
  resource: ResourceRef;
  message: string;
  evidence: Record<string, unknown>;
  remediation: Remediation[];
  causedBy: string[];
}

export interface Coverage {
  check: CheckId;
  status: CoverageStatus;
  reason: string;
}
