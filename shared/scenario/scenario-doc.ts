/** docs/scenarios.md, generated from the scenario schema (`UPDATE_DOCS=1 npx jest test/scenario` rewrites it). */
import type { TSchema } from '@sinclair/typebox';
import { Scenario } from './schema';

/** The Markdown reference of the scenario format: every key, its type and whether it is required. */
export function renderScenarioDoc(): string {
  const rows: string[] = [];
  walk(Scenario, '', rows, 0);
  return [
    '# Scenario format `ack-drift/v1`',
    '',
    '<!-- Generated from shared/scenario/schema.ts by `UPDATE_DOCS=1 npx jest test/scenario`; do not edit by hand. -->',
    '',
    'A scenario (YAML or JSON) describes one world: the cluster (Kubernetes objects), the cloud account (VPC, route',
    "tables, instances, RAM), the auditor's own permissions and the faults to inject. The simulators serve it on",
    '127.0.0.1 (`ack-drift simulate`, `ack-drift audit --scenario`). Examples: `scenarios/`, `test/fixtures/scenarios/`.',
    '`[]` marks the items of a list, `{*}` the values of a map.',
    '',
    '| Key | Type | Required |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '`expect` declares what an audit of the scenario must report. The audit ignores it, so a scenario of your own may',
    "leave it out. Every scenario ack-drift's own suite runs (`scenarios/`, `test/fixtures/scenarios/`) declares its",
    '`exitCode`, every finding that does not pass (`findings`, each with its `resource` and `status`), every root-cause',
    "chain (`rootCauses`: `symptom` is the chain's first link, the last link is the root cause) and the `coverage` status",
    'of every check, and test/e2e/scenarios.test.ts holds the run to exactly those.',
    '',
  ].join('\n');
}

const MAX_DEPTH = 8;

function walk(s: TSchema, path: string, rows: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (s.type === 'object' && s.properties) {
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [key, child] of Object.entries(s.properties as Record<string, TSchema>)) {
      const p = path ? `${path}.${key}` : key;
      rows.push(`| \`${p}\` | ${typeText(child)} | ${required.has(key) ? 'yes' : ''} |`);
      walk(child, p, rows, depth + 1);
    }
    if (s.patternProperties || (typeof s.additionalProperties === 'object' && s.additionalProperties)) {
      const child = (s.additionalProperties as TSchema | undefined) ?? (Object.values(s.patternProperties as Record<string, TSchema>)[0] as TSchema);
      walk(child, `${path}{*}`, rows, depth + 1);
    }
    return;
  }
  if (s.type === 'array' && s.items) {
    walk(s.items as TSchema, `${path}[]`, rows, depth + 1);
    return;
  }
  for (const alt of (s.anyOf as TSchema[] | undefined) ?? []) walk(alt, path, rows, depth + 1);
}

function typeText(s: TSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.anyOf)) return (s.anyOf as TSchema[]).map(typeText).join(' or ');
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  if (s.type === 'array') return `list of ${typeText(s.items as TSchema)}`;
  if (s.type === 'object') return s.properties ? 'object' : 'map';
  if (s.type === 'integer' || s.type === 'number') return 'number';
  return typeof s.type === 'string' ? s.type : 'any';
}
