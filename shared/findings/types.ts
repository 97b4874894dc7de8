/** Findings: what a check concludes about one resource, with its evidence (typed by its code) and fix. */
import type { EvidenceOf, FindingCode } from './catalogue';
import type { EmittingCheck, FindingStatus, Remediation, ResourceRef, Severity } from './base';

export type { CheckId, Coverage, CoverageStatus, EmittingCheck, FindingStatus, Remediation, ResourceRef, Severity } from './base';
export type { FindingCode } from './catalogue';

/** What the correlation adds to any finding's evidence (shared/correlate/graph.ts). */
export type CorrelationNotes = {
  /** `<cause id>: <rule>` for each causedBy edge. */
  causalLinks?: string[];
  /** On a symptom whose cause was not identified: what was ruled out. */
  cause?: { identified: false; ruledOut: string[] };
};

/** A finding of one code: `evidence` has that code's shape, so renaming an evidence key breaks its readers at compile time. */
export interface FindingOf<C extends FindingCode> {
  id: string;
  code: C;
  check: EmittingCheck;
  status: FindingStatus;
  severity: Severity;
  resource: ResourceRef;
  message: string;
  evidence: EvidenceOf<C> & CorrelationNotes;
  remediation: Remediation[];
  causedBy: string[];
}

/** Any finding: a union tagged by `code`. */
export type Finding = { [C in FindingCode]: FindingOf<C> }[FindingCode];

/** True when the finding has code C (narrows its evidence). */
export function hasCode<C extends FindingCode>(f: Finding, code: C): f is FindingOf<C> & Finding {
  return f.code === code;
}
