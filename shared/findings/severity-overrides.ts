/** Users' severity overrides per code (as popeye's spinach file and polaris' config allow): check them, apply them. */
import { SEVERITIES, isSeverity, type Severity } from './base';
import { codeInfo, type FindingCode } from './catalogue';
import type { Finding } from './types';

export type SeverityOverrides = Partial<Record<FindingCode, Severity>>;

/** Validates `[code, severity]` pairs read from `source`: the overrides, and one problem per bad pair. */
export function checkSeverityOverrides(pairs: readonly (readonly [string, unknown])[], source: string): { overrides: SeverityOverrides; problems: string[] } {
  const overrides: SeverityOverrides = {};
  const problems: string[] = [];
  for (const [code, severity] of pairs) {
    if (!codeInfo(code)) problems.push(`${source}: ${JSON.stringify(code)} is not a finding code (see docs/codes.md)`);
    else if (!isSeverity(severity)) problems.push(`${source}: ${code}: expected one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(severity)})`);
    else overrides[code as FindingCode] = severity;
  }
  return { overrides, problems };
}

/** `CODE=severity,CODE=severity` as pairs; an item without `=` is a problem. */
export function parseSeverityList(text: string, source: string): { pairs: [string, string][]; problems: string[] } {
  const pairs: [string, string][] = [];
  const problems: string[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = item.indexOf('=');
    if (at <= 0) problems.push(`${source}: ${JSON.stringify(item)}: expected CODE=SEVERITY`);
    else pairs.push([item.slice(0, at).trim(), item.slice(at + 1).trim()]);
  }
  return { pairs, problems };
}

/** The findings with their code's severity override applied; findings of other codes are returned as they are. */
export function applySeverityOverrides(findings: readonly Finding[], overrides: SeverityOverrides): Finding[] {
  return findings.map((f) => {
    const severity = overrides[f.code];
    return severity && severity !== f.severity ? ({ ...f, severity } as Finding) : f;
  });
}
