/**
 * A defect of the auditor never loses the report (issue #10 item 7): what could be judged is still delivered, the
 * defect is named in `internalErrors`, and the run exits 4, not 2 (bad input) and not 0.
 */
import { runChecks } from '../../shared/checks/registry';
import { EXIT, exitCodeFor } from '../../shared/cli/exit-codes';
import { makeFinding } from '../../shared/findings/make';
import { buildReport, type ReportInput } from '../../shared/report/build';
import { reportProblems } from '../../shared/report/validate';
import { contextAt, inventoryOf } from '../support/inventory';

const missing = (name: string) =>
  makeFinding({
    code: 'ROUTE_MISSING',
    resource: { kind: 'Node', name },
    message: `The VPC route for node ${name} is missing.`,
    evidence: { routeTableId: 'vtb-1', podCIDR: '172.16.0.0/24', instanceId: 'i-1', expectedNextHopType: 'Instance' },
  });

function input(findings: ReportInput['findings']): ReportInput {
  return {
    runId: 'run-test',
    generatedAt: new Date('2026-11-26T08:00:00Z'),
    cluster: { clusterId: 'c1', region: 'cn-hangzhou' },
    findings,
    rootCauses: [],
    coverage: [{ check: 'routes', status: 'complete', reason: 'test' }],
    durationMs: 1,
    apiCalls: {},
  };
}

describe('internal errors', () => {
  it('folds a fact stated twice into one finding and says so', () => {
    const report = buildReport(input([missing('n1'), missing('n1'), missing('n2')]));
    expect(reportProblems(report)).toEqual([]);
    expect(report.findings.map((f) => f.resource.name)).toEqual(['n1', 'n2']);
    expect(report.internalErrors).toEqual([expect.stringMatching(/1 finding\(s\) stated a fact already reported/)]);
    expect(exitCodeFor(report, 'high')).toBe(EXIT.internal);
  });

  it('keeps the valid findings when one breaks the schema, and drops edges to it', () => {
    const broken = { ...missing('n3'), message: '' };
    const kept = { ...missing('n1'), causedBy: [broken.id] };
    const report = buildReport({ ...input([kept, broken]), rootCauses: [{ findingId: broken.id, explains: [kept.id], chain: [kept.id, broken.id] }] });
    expect(reportProblems(report)).toEqual([]);
    expect(report.findings.map((f) => [f.resource.name, f.causedBy])).toEqual([['n1', []]]);
    expect(report.rootCauses).toEqual([]);
    expect(report.internalErrors).toEqual([expect.stringMatching(/1 finding\(s\) broke the report schema/)]);
    expect(exitCodeFor(report, 'critical')).toBe(4);
  });

  it('a check that throws is named, and the other checks still report', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    const inv = inventoryOf({ nodes: { status: 'complete', value: [hostile as never] } });
    const checked = runChecks(inv, contextAt());
    expect(checked.internalErrors).toEqual([expect.stringMatching(/^the routes check failed: boom/)]);
    expect(checked.coverage.find((c) => c.check === 'routes')?.status).toBe('failed');
    expect(checked.coverage.find((c) => c.check === 'namespaces')?.status).toBe('complete');
    const report = buildReport({ ...input(checked.findings), coverage: checked.coverage, internalErrors: checked.internalErrors });
    expect(report.summary.status).toBe('unknown');
    expect(exitCodeFor(report, 'high')).toBe(4);
  });

  it('a clean report carries no internalErrors key', () => {
    const report = buildReport(input([missing('n1')]));
    expect('internalErrors' in report).toBe(false);
    expect(exitCodeFor(report, 'high')).toBe(EXIT.findings);
  });
});
