/** Users' severity overrides: unknown codes and severities are named, overrides change only their code, and the CLI applies them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { severityOverridesFrom } from '../../shared/config/severity-config';
import { ConfigError } from '../../shared/util/errors';
import { makeFinding } from '../../shared/findings/make';
import { applySeverityOverrides, checkSeverityOverrides, parseSeverityList } from '../../shared/findings/severity-overrides';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

const orphan = makeFinding({
  code: 'ROUTE_ORPHANED',
  resource: { kind: 'RouteEntry', id: 'rte-9' },
  message: 'Route rte-9 leads to no node.',
  evidence: { routeTableId: 'vtb-1', routeEntryId: 'rte-9', destination: '172.16.9.0/24', nextHopId: 'i-9', clusterCidr: '172.16.0.0/16' },
});
const ambiguous = makeFinding({
  code: 'ROUTE_TABLE_AMBIGUOUS',
  resource: { kind: 'Vpc', id: 'vpc-1' },
  message: 'Two route tables and no routeTableIDs.',
  evidence: { routeTableIds: ['vtb-1', 'vtb-2'] },
});

describe('severity overrides', () => {
  it('parse CODE=severity lists and name every bad item', () => {
    expect(parseSeverityList(' ROUTE_ORPHANED = medium ,, RAM_POLICY_INVALID=high', 'X')).toEqual({
      pairs: [
        ['ROUTE_ORPHANED', 'medium'],
        ['RAM_POLICY_INVALID', 'high'],
      ],
      problems: [],
    });
    expect(parseSeverityList('ROUTE_ORPHANED', 'X').problems).toEqual(['X: "ROUTE_ORPHANED": expected CODE=SEVERITY']);
    const checked = checkSeverityOverrides(
      [
        ['NO_SUCH_CODE', 'low'],
        ['ROUTE_ORPHANED', 'urgent'],
        ['ROUTE_CONFLICT', 'low'],
      ],
      'X',
    );
    expect(checked.overrides).toEqual({ ROUTE_CONFLICT: 'low' });
    expect(checked.problems).toEqual(['X: "NO_SUCH_CODE" is not a finding code (see docs/codes.md)', 'X: ROUTE_ORPHANED: expected one of critical, high, medium, low, info (got "urgent")']);
  });

  it('change the severity of their code only', () => {
    const [a, b] = applySeverityOverrides([orphan, ambiguous], { ROUTE_ORPHANED: 'high' });
    expect([a.severity, b.severity]).toEqual(['high', 'high']);
    expect(b).toBe(ambiguous);
    expect(orphan.severity).toBe('low');
  });

  it('come from a file and a variable; the variable wins; problems of both are reported together', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sev-'));
    const file = join(dir, 'severities.yaml');
    writeFileSync(file, 'severities:\n  ROUTE_ORPHANED: medium\n  ROUTE_CONFLICT: low\n');
    const read = (p: string) => require('node:fs').readFileSync(p, 'utf8') as string;
    const env = { ACK_DRIFT_SEVERITY_CONFIG: file, ACK_DRIFT_SEVERITY_OVERRIDES: 'ROUTE_CONFLICT=info' };
    expect(severityOverridesFrom(env, read)).toEqual({ ROUTE_ORPHANED: 'medium', ROUTE_CONFLICT: 'info' });
    writeFileSync(file, 'severities: [ROUTE_ORPHANED]\n');
    let err: unknown;
    try {
      severityOverridesFrom({ ACK_DRIFT_SEVERITY_OVERRIDES: 'BOGUS=low' }, read, file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      `${file}: expected a mapping "severities:" of finding code to severity`,
      'ACK_DRIFT_SEVERITY_OVERRIDES: "BOGUS" is not a finding code (see docs/codes.md)',
    ]);
  });

  it('are applied by the command line before correlation and the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sev-cli-'));
    const file = join(dir, 'severities.json');
    writeFileSync(file, JSON.stringify({ severities: { RAM_EXPLICIT_DENY: 'low' } }));
    const r = await runCli(['demo', '--format', 'json', '--severity-config', file, '--now', '2026-11-26T08:00:00Z'], { ACK_DRIFT_SEVERITY_OVERRIDES: 'ROUTE_MISSING=medium' });
    const report = JSON.parse(r.stdout) as Report;
    const sev = (code: string) => report.findings.filter((f) => f.code === code).map((f) => f.severity);
    expect(sev('RAM_EXPLICIT_DENY')).toEqual(['low']);
    expect(sev('ROUTE_MISSING')).toEqual(['medium']);
    expect(sev('NAMESPACE_STUCK_TERMINATING')).toEqual(['high']);
    const bad = await runCli(['demo', '--format', 'json'], { ACK_DRIFT_SEVERITY_OVERRIDES: 'ROUTE_MISSING=urgent' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ACK_DRIFT_SEVERITY_OVERRIDES: ROUTE_MISSING: expected one of critical, high, medium, low, info (got "urgent")');
  });
});
