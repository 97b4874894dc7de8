/** Paging is exact: the same report whatever page size every API is asked for (1, 7, or each API's maximum). */
import { join } from 'node:path';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

const seed = join(__dirname, '../../scenarios/seed-incident.yaml');

async function auditWith(pageSize?: number): Promise<{ report: Report; calls: number }> {
  const r = await runCli(['audit', '--scenario', seed, '--format', 'json', '--now', '2026-11-26T08:00:00Z', ...(pageSize ? ['--page-size', String(pageSize)] : [])]);
  const report = JSON.parse(r.stdout) as Report;
  return { report, calls: Object.values(report.stats.apiCalls).reduce((a, b) => a + b, 0) };
}

// Everything but the run's own timing and call counts.
function comparable(report: Report): unknown {
  const { stats: _stats, generatedAt: _at, runId: _run, ...rest } = report;
  return rest;
}

describe('paging', () => {
  it('gives the same report with page sizes 1, 7 and the maximum', async () => {
    const [one, seven, max] = await Promise.all([auditWith(1), auditWith(7), auditWith()]);
    expect(comparable(one.report)).toEqual(comparable(max.report));
    expect(comparable(seven.report)).toEqual(comparable(max.report));
    // Page size 1 really paged: more calls than with the maximum.
    expect(one.calls).toBeGreaterThan(max.calls);
    expect(one.report.stats.apiCalls['k8s:list nodes']).toBe(3);
  });
});
