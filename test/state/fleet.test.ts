/** The fleet page's rows: worst first, and a cluster whose last run is older than two periods is stale, never healthy. */
import { fleetRows, renderFleetHtml } from '../../shared/state/fleet';
import type { Latest } from '../../shared/state/latest';

const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
function latest(clusterId: string, status: Latest['status'], generatedAt: string, counts = zero): Latest {
  const keys = { json: 'j', html: 'h' };
  return { kind: 'ack-drift/latest', version: 1, clusterId, name: clusterId, region: 'cn-hangzhou', runId: `run-${clusterId}`, generatedAt, status, headline: 'h', counts, keys, findings: [] };
}

describe('fleetRows', () => {
  const now = new Date('2026-11-28T10:00:00Z');
  const hour = 3_600_000;

  it('orders degraded (most severe first), unknown, stale, healthy; stale after two periods', () => {
    const rows = fleetRows(
      [
        latest('ok', 'healthy', '2026-11-28T09:30:00Z'),
        latest('old-ok', 'healthy', '2026-11-28T07:59:00Z'),
        latest('unk', 'unknown', '2026-11-28T09:30:00Z'),
        latest('high', 'degraded', '2026-11-28T09:30:00Z', { ...zero, high: 2 }),
        latest('crit', 'degraded', '2026-11-28T09:30:00Z', { ...zero, critical: 1 }),
        latest('just-in-time', 'healthy', '2026-11-28T08:00:00Z'),
      ],
      now,
      hour,
    );
    expect(rows.map((r) => [r.clusterId, r.status])).toEqual([
      ['crit', 'degraded'],
      ['high', 'degraded'],
      ['unk', 'unknown'],
      ['old-ok', 'stale'],
      ['just-in-time', 'healthy'],
      ['ok', 'healthy'],
    ]);
    expect(rows.find((r) => r.clusterId === 'old-ok')).toMatchObject({ lastStatus: 'healthy', ageSeconds: 7260 });
  });

  it('renders an escaped page that says stale, with the last verdict', () => {
    const rows = fleetRows([latest('<b>x</b>', 'healthy', '2026-11-20T00:00:00Z')], now, hour);
    const html = renderFleetHtml({ kind: 'ack-drift/fleet', generatedAt: now.toISOString(), periodSeconds: 3600, clusters: rows, unreadable: [] });
    expect(html).toContain('data-status="stale"');
    expect(html).toContain('(last: healthy)');
    expect(html).not.toContain('<b>x</b>');
  });
});
