/** Where the golden renderings live, for the golden test and the renderer tests that read them as fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Format } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';

export const GOLDEN_DIR = join(__dirname, '../golden');

/** Golden name and scenario file (from the repository root). */
export const GOLDEN_SCENARIOS: [string, string][] = [
  ['seed-incident', 'scenarios/seed-incident.yaml'],
  ['replaced-node', 'test/fixtures/scenarios/replaced-node.yaml'],
  ['terway-finalizers', 'test/fixtures/scenarios/terway-finalizers.yaml'],
  ['apiservice-no-endpoints', 'test/fixtures/scenarios/apiservice-no-endpoints.yaml'],
  ['auditor-denied-getpolicy', 'test/fixtures/scenarios/auditor-denied-getpolicy.yaml'],
];

const EXTENSION: Record<Format, string> = { json: 'json', text: 'txt', markdown: 'md', html: 'html', sarif: 'sarif.json' };

/** The golden file of a scenario in a format. */
export function goldenFile(name: string, format: Format): string {
  return join(GOLDEN_DIR, `${name}.${EXTENSION[format]}`);
}

/** A golden JSON report, as a fixture for renderer tests. */
export function goldenReport(name: string): Report {
  return JSON.parse(readFileSync(goldenFile(name, 'json'), 'utf8')) as Report;
}
