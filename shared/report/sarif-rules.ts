/** The SARIF rules: one per catalogue code, generated from its record (title, risk, severity, layer, owning check). */
import type * as Sarif from 'sarif';
import { CATALOGUE, FINDING_CODES, codeInfo } from '../findings/catalogue';
import type { Severity } from '../findings/base';

/** SARIF level of a severity. */
export const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

const DOCS = 'docs/codes.md';

/** The rules of a run: every catalogue code in catalogue order, then any unknown code the findings carry. */
export function sarifRules(findingCodes: readonly string[] = []): Sarif.ReportingDescriptor[] {
  const extra = [...new Set(findingCodes.filter((c) => codeInfo(c) === undefined))];
  return [...FINDING_CODES.map((c) => catalogueRule(c)), ...extra.map((id) => ({ id, name: pascal(id), shortDescription: { text: id }, defaultConfiguration: { level: 'warning' as const } }))];
}

function catalogueRule(id: keyof typeof CATALOGUE): Sarif.ReportingDescriptor {
  const info = CATALOGUE[id];
  return {
    id,
    name: pascal(id),
    shortDescription: { text: info.title },
    fullDescription: { text: info.risk },
    help: { text: `${info.title}. Risk: ${info.risk} See ${DOCS}#${id.toLowerCase()}.` },
    defaultConfiguration: { level: SARIF_LEVEL[info.severity] },
    properties: { layer: info.layer, check: info.check, tags: [info.layer.toLowerCase()] },
  };
}

function pascal(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
