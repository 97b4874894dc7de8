/**
 * Golden files: real audits of a few scenarios (the real clients against the simulators, in-process) rendered in
 * every format and compared byte for byte with test/golden. `UPDATE_GOLDEN=1 npx jest test/report` rewrites them.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, renderReport, type Format } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';
import { runCli } from '../support/cli';
import { GOLDEN_DIR, GOLDEN_SCENARIOS, goldenFile } from './golden-files';

const root = join(__dirname, '../..');
const update = process.env.UPDATE_GOLDEN === '1';

// The only field that varies between runs of the same scenario with the same clock and run id is the wall time;
// request ids, counts and order are deterministic on the simulators.
function normalise(report: Report): Report {
  return { ...report, stats: { ...report.stats, durationMs: 0 } };
}

// Other suites read the golden JSON as fixtures while this one may be rewriting it: never expose a half-written file.
function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

describe.each(GOLDEN_SCENARIOS)('golden %s', (name, scenario) => {
  let report: Report;

  beforeAll(async () => {
    const r = await runCli(['audit', '--scenario', join(root, scenario), '--format', 'json', '--now', '2026-11-26T08:00:00Z', '--run-id', 'run-golden']);
    if (!r.stdout) throw new Error(`audit of ${scenario} printed no report (exit ${r.code}): ${r.stderr}`);
    report = normalise(JSON.parse(r.stdout) as Report);
    if (update) mkdirSync(GOLDEN_DIR, { recursive: true });
  });

  it('is a valid report', () => {
    expect(reportProblems(report)).toEqual([]);
  });

  it.each(FORMATS.map((f) => [f]))('renders %s as the golden file', (format: Format) => {
    const file = goldenFile(name, format);
    const rendered = renderReport(report, format, { colour: false });
    if (update) writeAtomically(file, rendered);
    if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npx jest test/report`);
    expect(rendered).toBe(readFileSync(file, 'utf8'));
  });
});

describe('ack-drift render', () => {
  it.each(FORMATS.filter((f) => f !== 'json').map((f) => [f]))('re-renders the saved seed report as %s, as the golden file', async (format: Format) => {
    const r = await runCli(['render', goldenFile('seed-incident', 'json'), '--format', format]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(goldenFile('seed-incident', format), 'utf8'));
  });
});
