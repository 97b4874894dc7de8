/**
 * The shipped command line: bin/ack-drift loads the esbuild bundle (built from the current sources by the suite's
 * global setup, test/support/global-setup.js) and runs the demo end to end.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Report } from '../../shared/report/schema';

const root = join(__dirname, '../..');

describe('bin/ack-drift', () => {
  it('runs the demo from the bundle: exit 1, the seed chain, progress on stderr', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/ack-drift'), 'demo', '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toMatch(/ack-drift: serving scenario seed-incident/);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    const byId = new Map(report.findings.map((f) => [f.id, f.code]));
    expect(report.rootCauses[0].chain.map((id) => byId.get(id))).toEqual(['NAMESPACE_STUCK_TERMINATING', 'APISERVICE_UNAVAILABLE', 'ROUTE_MISSING', 'RAM_EXPLICIT_DENY']);
  });

  it('prints usage and exits 2 without a command', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/ack-drift')], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Usage: ack-drift <COMMAND> \[options\]/);
  });
});
