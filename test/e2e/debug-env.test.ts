/**
 * Issue #10 item 16: with DEBUG=* the libraries under the command line (pop-core's ROA client, httpx, fc2) print
 * what they sign and send, STS token included. The CLI bundle, like the function bundles, carries a silent `debug`.
 * Built into a directory of the test's own; the scenario's auditor holds canary STS credentials.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { leakedCanaries, stsSeedScenario, ROOT } from '../functions/support';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ack-drift-debug-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.js'), join(dir, 'dist')], { cwd: ROOT });
  writeFileSync(join(dir, 'scenario.yaml'), stringify(stsSeedScenario()));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('DEBUG=* prints no credential from the CLI bundle, and the audit still runs', async () => {
  const out = await run(process.execPath, [join(dir, 'dist/cli.js'), 'audit', '--scenario', join(dir, 'scenario.yaml'), '--format', 'json'], {
    cwd: dir,
    env: { ...process.env, DEBUG: '*', DEBUG_DEPTH: '10' },
    timeout: 60_000,
  }).catch((e: { code?: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }));
  expect(leakedCanaries(`${out.stdout}\n${out.stderr}`)).toEqual([]);
  expect(JSON.parse(out.stdout).summary.status).toBeDefined();
}, 90_000);
