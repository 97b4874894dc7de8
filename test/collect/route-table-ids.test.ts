/**
 * Issue #10 item 10: cloud-config's `routeTableIDs` drove one paged read per id, all at once (20,000 ids: 99,885
 * calls, 1.65 GB, EMFILE). Ids are vetted (`vtb-`), capped with an unknown that names what was not read, and reads
 * fan out a few at a time.
 */
import { routeTableIdsOf, MAX_ROUTE_TABLE_IDS } from '../../shared/collect/route-table-ids';
import type { Report } from '../../shared/report/schema';
import type { Scenario } from '../../shared/scenario/schema';
import { auditScenario, seedScenario } from '../support/audit';

const REAL = 'vtb-bp1q3w5e7r9t1y3u5i7o';

function withRouteTableIds(ids: string): Scenario {
  const s = seedScenario();
  const cm = s.cluster.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cloud-config') as unknown as { data: Record<string, string> };
  const doc = JSON.parse(cm.data['cloud-config.conf']) as { Global: Record<string, string> };
  doc.Global.routeTableIDs = ids;
  cm.data['cloud-config.conf'] = JSON.stringify(doc);
  return s;
}

const unknownCodes = (r: Report) =>
  r.findings
    .filter((f) => f.status === 'unknown' && f.check === 'routes')
    .flatMap((f) => (f.evidence as { failures?: { code: string }[] }).failures ?? [])
    .map((f) => f.code);

describe('routeTableIDs', () => {
  it('splits as the CCM does: whole string trimmed, pieces not; invalid pieces counted, duplicates folded, the rest capped', () => {
    const r = routeTableIdsOf(` ${REAL}, vtb-b,,vtb-c,vtb-c,../../etc/passwd,VTB-D `, 2);
    expect(r.ids).toEqual([REAL, 'vtb-c']);
    expect(r.invalid).toEqual({ count: 4, samples: [' vtb-b', '', '../../etc/passwd'] });
    expect(r.overCap).toBe(0);
    expect(routeTableIdsOf(Array.from({ length: 5 }, (_, i) => `vtb-x${i}`).join(','), 2)).toMatchObject({ ids: ['vtb-x0', 'vtb-x1'], overCap: 3 });
  });

  it('20,000 ids: at most the cap is read, the routes check says what it skipped, and the run stays quick', async () => {
    const ids = [REAL, ...Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? `bad id ${i}` : `vtb-zz${i}`))].join(',');
    let entryCalls = 0;
    const started = Date.now();
    const { report } = await auditScenario(withRouteTableIds(ids), {
      inspect: (sims) => (entryCalls = sims.cloud.calls['vpc:DescribeRouteEntryList'] ?? sims.cloud.calls.DescribeRouteEntryList ?? 0),
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(entryCalls).toBeGreaterThan(0);
    expect(entryCalls).toBeLessThanOrEqual(MAX_ROUTE_TABLE_IDS * 2);
    expect(unknownCodes(report)).toContain('InvalidRouteTableIds');
    expect(JSON.stringify(report.findings)).toMatch(/2000 piece\(s\) that are not route table ids .* and 17951 id\(s\) beyond the first 50/);
    expect(report.coverage.find((c) => c.check === 'routes')?.status).not.toBe('complete');
  });

  it('only invalid ids: the check fails (the CCM uses them, not the VPC table), never a pass', async () => {
    const { report } = await auditScenario(withRouteTableIds('route-table-1,vtb_2'));
    expect(unknownCodes(report)).toContain('InvalidRouteTableIds');
    expect(report.coverage.find((c) => c.check === 'routes')?.status).toBe('failed');
    // The route controller's own failure events still show; no node is judged against a table nobody read.
    expect(report.findings.filter((f) => f.check === 'routes' && f.status === 'fail' && f.resource.kind === 'Node')).toEqual([]);
  });
});
