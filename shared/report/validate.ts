/** Validates reports with the schema's precompiled validator (scripts/validators.ts) and checks the graph is closed. */
import { errorPath, formatPath, validationProblems, validatorOf } from '../util/validation';
import type { Report } from './schema';
import { validateFinding, validateReport } from './schema.validator';

const validate = validatorOf<Report>(validateReport);
const validateOne = validatorOf<Report['findings'][number]>(validateFinding);

/** True when one finding is valid on its own: lets a run keep what it judged when another finding is broken. */
export function isValidFinding(finding: unknown): boolean {
  return validationProblems(validateOne, finding, () => '').length === 0;
}

/** Validates a report against the schema; returns the problems (empty when valid). */
export function reportProblems(report: unknown): string[] {
  const problems = validationProblems(validate, report, (e) => `${formatPath(errorPath(e), '(report)')}: ${e.message ?? 'invalid'}`);
  return problems.length > 0 ? problems : danglingIds(report as Report);
}

// The graph must be closed: every edge and chain names a finding of the same report.
function danglingIds(report: Report): string[] {
  const ids = new Set(report.findings.map((f) => f.id));
  const problems: string[] = [];
  if (ids.size !== report.findings.length) problems.push('findings: finding ids must be unique');
  report.findings.forEach((f, i) => f.causedBy.filter((c) => !ids.has(c)).forEach((c) => problems.push(`findings[${i}].causedBy names ${c}, which is not a finding of this report`)));
  report.rootCauses.forEach((rc, i) =>
    [rc.findingId, ...rc.explains, ...rc.chain].filter((c) => !ids.has(c)).forEach((c) => problems.push(`rootCauses[${i}] names ${c}, which is not a finding of this report`)),
  );
  return problems;
}
