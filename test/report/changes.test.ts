/** compareRuns and decideAlert: new, worsened, unchanged and resolved by finding id, and when a run alerts. */
import { compareRuns, type FindingSnapshot } from '../../shared/report/changes';
import { changeHeadline } from '../../shared/report/changes-view';
import { decideAlert } from '../../shared/notify/when';
import type { Report } from '../../shared/report/schema';
import { goldenReport } from '../report/golden-files';

type F = Report['findings'][number];

function finding(id: string, status: F['status'], severity: F['severity'] = 'high', code = 'ROUTE_MISSING'): F {
  return { id, code, check: 'routes', status, severity, resource: { kind: 'Node', name: `node-${id}` }, message: `m ${id}`, evidence: {}, remediation: [], causedBy: [] };
}
const snap = ({ id, code, status, severity, resource, message }: F): FindingSnapshot => ({ id, code, status, severity, resource, message });
const previous = (findings: F[]) => ({ runId: 'run-prev', generatedAt: '2026-11-26T08:00:00Z', findings: findings.map(snap) });

describe('compareRuns', () => {
  it('first run: every open problem is new, passes are not problems', () => {
    const c = compareRuns([finding('f-000000000001', 'fail'), finding('f-000000000002', 'unknown'), finding('f-000000000003', 'pass')], undefined);
    expect(c.since).toBeNull();
    expect(c.new.map((e) => e.id)).toEqual(['f-000000000001', 'f-000000000002']);
    expect([c.worsened, c.unchanged, c.resolved]).toEqual([[], [], []]);
  });

  it('matches by id: worse severity and unknown→fail are worsened; fail→unknown and lower severity are unchanged; gone or passing is resolved', () => {
    const before = [
      finding('f-00000000000a', 'fail', 'medium'),
      finding('f-00000000000b', 'unknown'),
      finding('f-00000000000c', 'fail'),
      finding('f-00000000000d', 'fail', 'critical'),
      finding('f-00000000000e', 'fail'),
      finding('f-00000000000f', 'fail'),
    ];
    const now = [
      finding('f-00000000000a', 'fail', 'high'),
      finding('f-00000000000b', 'fail'),
      finding('f-00000000000c', 'unknown'),
      finding('f-00000000000d', 'fail', 'low'),
      finding('f-00000000000e', 'pass'),
      finding('f-000000000010', 'fail'),
    ];
    const c = compareRuns(now, previous(before));
    expect(c.since).toEqual({ runId: 'run-prev', generatedAt: '2026-11-26T08:00:00Z' });
    expect(c.new.map((e) => e.id)).toEqual(['f-000000000010']);
    expect(c.worsened.map((e) => [e.id, e.was])).toEqual([
      ['f-00000000000a', { status: 'fail', severity: 'medium' }],
      ['f-00000000000b', { status: 'unknown', severity: 'high' }],
    ]);
    expect(c.unchanged).toEqual(['f-00000000000c', 'f-00000000000d']);
    expect(c.resolved.map((e) => e.id)).toEqual(['f-00000000000e', 'f-00000000000f']);
    expect(changeHeadline(c)).toBe(
      'new: ROUTE_MISSING on node node-f-000000000010; ' +
        'worse: ROUTE_MISSING on node node-f-00000000000a, ROUTE_MISSING on node node-f-00000000000b; ' +
        'resolved: ROUTE_MISSING on node node-f-00000000000e, ROUTE_MISSING on node node-f-00000000000f',
    );
  });

  it('the same report twice has no news', () => {
    const report = goldenReport('seed-incident');
    const c = compareRuns(report.findings, previous(report.findings));
    expect(c.new.length + c.worsened.length + c.resolved.length).toBe(0);
    expect(c.unchanged.length).toBe(report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').length);
  });
});

describe('decideAlert', () => {
  const report = goldenReport('seed-incident');
  const now = new Date('2026-11-27T08:00:00Z');
  const unchanged = { ...report, changes: compareRuns(report.findings, previous(report.findings)) };
  const base = { remindEveryMs: 24 * 3600_000, now };

  it('change: news alerts; unchanged stays silent until the reminder is due', () => {
    expect(decideAlert({ ...base, notifyOn: 'change', report: { ...report, changes: compareRuns(report.findings, undefined) } })).toEqual({ send: true, why: 'change' });
    expect(decideAlert({ ...base, notifyOn: 'change', report: unchanged, lastAlertAt: '2026-11-27T07:00:00Z' })).toEqual({ send: false, why: 'unchanged' });
    expect(decideAlert({ ...base, notifyOn: 'change', report: unchanged, lastAlertAt: '2026-11-26T08:00:00Z' })).toEqual({ send: true, why: 'reminder' });
  });

  it('change without a readable memory decides as problems; problems and always keep their meaning', () => {
    expect(decideAlert({ ...base, notifyOn: 'change', report })).toEqual({ send: true, why: 'problems' });
    expect(decideAlert({ ...base, notifyOn: 'problems', report: unchanged })).toEqual({ send: true, why: 'problems' });
    const healthy = { ...report, summary: { ...report.summary, status: 'healthy' as const } };
    expect(decideAlert({ ...base, notifyOn: 'problems', report: healthy })).toEqual({ send: false, why: 'healthy' });
    expect(decideAlert({ ...base, notifyOn: 'always', report: healthy })).toEqual({ send: true, why: 'always' });
  });
});
