/** A generated 300-node cluster: exactly the injected drift is found, and nothing else. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../shared/scenario/load';
import { expandScenario } from '../../shared/scenario/generate';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

const base = readFileSync(join(__dirname, '../fixtures/scenarios/healthy.yaml'), 'utf8')
  .replace('containerCidr: 172.16.0.0/16', 'containerCidr: 10.0.0.0/8')
  .replace(/^expect:[\s\S]*$/m, '');
const withBulk = `${base}\ngenerate: { seed: 7, nodes: 300, podCidrMask: 24, missingRoutes: 3, orphanRoutes: 2, namespaces: 40, terminatingNamespaces: 2 }\n`;

describe('generated bulk', () => {
  it('expands deterministically', () => {
    const a = expandScenario(parseScenario(withBulk));
    const b = expandScenario(parseScenario(withBulk));
    expect(a).toEqual(b);
    expect(a.cluster.objects.filter((o) => o.kind === 'Node')).toHaveLength(303);
    expect(a.cloud.routeEntries.filter((e) => e.RouteEntryId.startsWith('rte-gen'))).toHaveLength(297);
  });

  it('finds exactly the missing routes, orphans and stuck namespaces it was given', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ack-drift-gen-')), 'bulk.yaml');
    writeFileSync(file, withBulk);
    const r = await runCli(['audit', '--scenario', file, '--format', 'json', '--now', '2026-11-26T08:00:00Z']);
    const report = JSON.parse(r.stdout) as Report;
    const count = (code: string) => report.findings.filter((f) => f.code === code && f.status === 'fail').length;
    expect(count('ROUTE_MISSING')).toBe(3);
    expect(count('ROUTE_ORPHANED')).toBe(2);
    expect(count('NAMESPACE_STUCK_TERMINATING')).toBe(2);
    expect(report.coverage.every((c) => c.status === 'complete')).toBe(true);
    expect(report.stats.apiCalls['vpc:DescribeRouteEntryList']).toBe(4);
  });
});
