/**
 * The first hour, typed as a new user types it: each item runs the shipped command line (bin/ack-drift, the esbuild
 * bundle, built from the current sources by the suite's global setup) in a child process and checks what the user sees.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import type { Report } from '../../shared/report/schema';

const root = join(__dirname, '../..');
const seed = join(root, 'scenarios/seed-incident.yaml');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const tmp = mkdtempSync(join(tmpdir(), 'ack-drift-first-hour-'));

/** `ack-drift ARGS…` as typed in a shell, in the repository. */
function ackDrift(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/ack-drift'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: tmp } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the command line, as typed', () => {
  it('ack-drift --version prints the package version', () => {
    const r = ackDrift('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it.each([['audit'], ['demo'], ['doctor'], ['fix'], ['policy'], ['render'], ['simulate']])('ack-drift %s --help (and -h) prints its usage, options and exit codes', (command) => {
    for (const flag of command === 'audit' ? ['--help', '-h'] : ['--help']) {
      const r = ackDrift(command, flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: ack-drift ${command} `));
      expect(r.stdout).toMatch(/Options:\n[\s\S]*-h, --help[\s\S]*Exit codes:\n {2}0 /);
    }
  });

  it('a mistyped command gets "did you mean" and the usage, exit 2', () => {
    const r = ackDrift('adit', '--scenario', seed);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ack-drift: unknown command 'adit'\n\(Did you mean audit\?\)\nUsage: ack-drift <COMMAND> \[options\]\nCommands: audit, demo/);
  });

  it('a mistyped option gets "did you mean" and the command\'s usage, exit 2', () => {
    const r = ackDrift('audit', '--scenario', seed, '--formt', 'json');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ack-drift audit: unknown option '--formt'\n\(Did you mean --format\?\)\nUsage: ack-drift audit \(--scenario FILE/);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['audit', '--scenario', seed, '--cluster-id', 'c1'], "option '--scenario <FILE>' cannot be used with option '--cluster-id <ID>'"],
    [['audit', '--scenario', seed, '--kubeconfig', 'kc.yaml'], "option '--scenario <FILE>' cannot be used with option '--kubeconfig <FILE>'"],
    [['audit', '--scenario', seed, '--vpc-id', 'vpc-1'], "option '--scenario <FILE>' cannot be used with option '--vpc-id <ID>'"],
    [['audit', '--scenario', seed, '--endpoint', 'vpc=https://vpc.example.com'], "option '--scenario <FILE>' cannot be used with option '--endpoint <PRODUCT=URL>'"],
    [['audit', '--cluster-id', 'c1', '--vpc-id', 'vpc-1', '--region', 'cn-hangzhou'], "option '--cluster-id <ID>' cannot be used with option '--vpc-id <ID>'"],
    [['demo', '--scenario', seed], 'demo always audits the built-in seed incident; to audit a scenario file, run: ack-drift audit --scenario FILE'],
    [['audit', '--scenario', seed, '--format', 'json', '--format', 'html'], '--format given more than once'],
    [['audit', '--scenario', seed, '--scenario', seed], '--scenario given more than once'],
  ])('%j is an error (exit 2) naming both flags', (argv, message) => {
    const r = ackDrift(...(argv as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/serving scenario/);
  });

  it('--output report.html without --format writes HTML; --format is case-insensitive', () => {
    const html = join(tmp, 'report.html');
    const a = ackDrift('demo', '--output', html);
    expect(a.status).toBe(1);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(a.stderr).toContain(`report written to ${html}`);
    const b = ackDrift('render', join(root, 'test/golden/seed-incident.json'), '--format', 'MarkDown');
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/^## /);
  });

  it('an unwritable --output fails before the audit runs (exit 2, nothing served)', () => {
    const r = ackDrift('audit', '--scenario', seed, '--output', join(tmp, 'no-such-dir', 'report.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ack-drift audit: --output .*no-such-dir\/report\.json: cannot write \(ENOENT: no directory/);
    expect(r.stderr).not.toMatch(/serving scenario/);
    expect(existsSync(join(tmp, 'no-such-dir'))).toBe(false);
  });

  it("Markdown never cuts a message: the APIService's verdict (discovery answers 503) survives in the chain and the table", () => {
    const r = ackDrift('render', join(root, 'test/golden/seed-incident.json'), '--format', 'markdown');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/i\/o timeout; discovery answers 503\./g)).toHaveLength(2);
    // Nor in its middle: the CCM's error is listed only in the findings table, its 403 and error code included.
    expect(r.stdout).toContain('Status Code: 403 Code: Forbidden.RAM Message: User not authorized to operate on the specified resource');
  });

  it('text wraps at the terminal width on a terminal (commands stay whole, to copy); piped, it is unchanged', () => {
    const saved = join(root, 'test/golden/seed-incident.json');
    const golden = readFileSync(join(root, 'test/golden/seed-incident.txt'), 'utf8');
    expect(ackDrift('render', saved).stdout).toBe(golden);
    // util-linux `script` runs the command on a pseudo-terminal of 64 columns, as a person's terminal would be.
    const line = `stty cols 64 rows 40; exec '${process.execPath}' bin/ack-drift render '${saved}'`;
    const env = { PATH: process.env.PATH, HOME: tmp, NO_COLOR: '1', TERM: 'xterm' };
    const r = spawnSync('script', ['-qec', line, '/dev/null'], { cwd: root, encoding: 'utf8', timeout: 60_000, env, input: '' });
    expect(r.status).toBe(0);
    const shown = r.stdout.replace(/\r\n/g, '\n');
    expect(shown).not.toBe(golden);
    expect(shown.split(/\s+/)).toEqual(golden.split(/\s+/));
    const commands = golden.split('\n').filter((l) => /^\s+(\$ |last resort)/.test(l));
    expect(commands.length).toBeGreaterThan(5);
    for (const row of shown.split('\n')) if ([...row].length > 64) expect(commands.includes(row) || !/\S\s+\S/.test(row.trim())).toBe(true);
    for (const command of commands) expect(shown.split('\n')).toContain(command);
  });

  it('every report carries the version: JSON, text, Markdown, HTML, and SARIF driver.version', () => {
    const sarifFile = join(tmp, 'seed.sarif');
    const json = ackDrift('demo', '--format', 'json');
    expect(ackDrift('demo', '--output', sarifFile).status).toBe(1);
    expect((JSON.parse(json.stdout) as Report).tool).toEqual({ name: 'ack-drift', version });
    expect((JSON.parse(readFileSync(sarifFile, 'utf8')) as Log).runs[0].tool.driver.version).toBe(version);
    const saved = join(root, 'test/golden/seed-incident.json');
    expect(ackDrift('render', saved).stdout).toContain(`ack-drift ${version}`);
    expect(ackDrift('render', saved, '--format', 'markdown').stdout).toContain(`ack-drift ${version}`);
    expect(ackDrift('render', saved, '--format', 'html').stdout).toContain(`<footer>ack-drift ${version} · `);
  });
});
