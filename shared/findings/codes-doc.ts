/** docs/codes.md, generated from the catalogue (`UPDATE_DOCS=1 npx jest test/findings` rewrites it). */
import type { TSchema } from '@sinclair/typebox';
import { FINDING_CODES, codeInfo } from './catalogue';

/** The Markdown reference of every finding code. */
export function renderCodesDoc(): string {
  const lines = [
    '# Finding codes',
    '',
    '<!-- Generated from shared/findings/catalogue.ts by `UPDATE_DOCS=1 npx jest test/findings`; do not edit by hand. -->',
    '',
    'Every finding ack-drift reports carries one of these codes. The default severity can be changed per code',
    '(see [Severity overrides](#severity-overrides)). The correlation role says how a code takes part in root-cause',
    'chains (see docs/report.md).',
    '',
    '| Code | Title | Layer | Severity | Check | Correlation role |',
    '| --- | --- | --- | --- | --- | --- |',
    ...FINDING_CODES.map((c) => {
      const i = codeInfo(c)!;
      return `| [${c}](#${c.toLowerCase()}) | ${i.title} | ${i.layer} | ${i.severity} | ${i.check} | ${i.correlation} |`;
    }),
    '',
  ];
  for (const c of FINDING_CODES) {
    const i = codeInfo(c)!;
    lines.push(`## ${c}`, '', `**${i.title}.** ${i.risk}`, '');
    lines.push(`- Layer: ${i.layer}; default severity: ${i.severity}; emitted by the \`${i.check}\` check${i.check === 'any' ? ' (the finding names the check that could not finish)' : ''}.`);
    lines.push(`- Correlation role: \`${i.correlation}\`${i.repairActions ? `; the repair needs ${i.repairActions.map((a) => `\`${a}\``).join(', ')}` : ''}.`);
    lines.push(`- Remediation built in \`shared/${i.remediation}\`.`, '- Evidence:', '');
    const required = new Set((i.evidence.required as string[] | undefined) ?? []);
    for (const [key, schema] of Object.entries(i.evidence.properties as Record<string, TSchema>)) {
      lines.push(`  - \`${key}\`${required.has(key) ? '' : ' (optional)'}: ${typeText(schema)}`);
    }
    lines.push('');
  }
  lines.push(
    '## Severity overrides',
    '',
    'Like popeye and polaris, ack-drift lets you change the severity of a code. Both sources may be used; the',
    'variable wins over the file for a code named in both. An unknown code or severity is a configuration error.',
    '',
    '- `ACK_DRIFT_SEVERITY_OVERRIDES`: a comma-separated list, e.g. `ROUTE_ORPHANED=medium,RAM_CONDITIONAL_ALLOW=low`.',
    '- `ACK_DRIFT_SEVERITY_CONFIG` (or `--severity-config <file>` on the command line): a YAML or JSON file:',
    '',
    '```yaml',
    'severities:',
    '  ROUTE_ORPHANED: medium',
    '  RAM_CONDITIONAL_ALLOW: low',
    '```',
    '',
  );
  return lines.join('\n');
}

function typeText(s: TSchema): string {
  if (Array.isArray(s.anyOf)) return (s.anyOf as TSchema[]).map(typeText).join(' or ');
  if (s.type === 'array') return `list of ${typeText(s.items as TSchema)}`;
  if (s.type === 'object') return `object (${Object.keys((s.properties as object | undefined) ?? {}).join(', ')})`;
  if (s.type === 'integer' || s.type === 'number') return 'number';
  if (typeof s.type === 'string') return s.type;
  return 'any JSON';
}
