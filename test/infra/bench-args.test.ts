/** `npm run bench`: its arguments (one JSON object with --json), and a fresh build before any measurement. */
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseBenchArgs } from '../../bench/args';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

describe('parseBenchArgs', () => {
  it('measures 5,000 nodes only with --json (one object); for the table 5,000, and 10,000 with two route tables', () => {
    const defaults = { profile: undefined, readme: false, force: false, warm: 3 };
    expect(parseBenchArgs(['--json'])).toEqual({ json: true, runs: [{ nodes: 5000, tables: 1 }], ...defaults });
    expect(parseBenchArgs([])).toEqual({
      json: false,
      runs: [
        { nodes: 5000, tables: 1 },
        { nodes: 10000, tables: 2 },
      ],
      ...defaults,
    });
    expect(parseBenchArgs(['--json', '--nodes', '300'])).toMatchObject({ runs: [{ nodes: 300, tables: 1 }] });
    expect(parseBenchArgs(['--nodes', '300', '--nodes', '20000', '--tables', '2', '--profile', '/tmp/p', '--warm', '1'])).toEqual({
      json: false,
      runs: [
        { nodes: 300, tables: 2 },
        { nodes: 20000, tables: 2 },
      ],
      profile: '/tmp/p',
      readme: false,
      force: false,
      warm: 1,
    });
  });

  it('rewrites the README only from the two sizes the issue names, and --force only with --readme', () => {
    expect(parseBenchArgs(['--readme', '--force'])).toMatchObject({ readme: true, force: true, runs: [{ nodes: 5000 }, { nodes: 10000, tables: 2 }] });
    for (const bad of [
      ['--readme', '--json'],
      ['--readme', '--nodes', '300'],
      ['--readme', '--profile', '/tmp/p'],
    ])
      expect(() => parseBenchArgs(bad)).toThrow(/--readme: .*give it alone/);
    expect(() => parseBenchArgs(['--force'])).toThrow('--force: only with --readme');
    expect(() => parseBenchArgs(['--warm', '0'])).toThrow('--warm: expected a positive integer, got "0"');
  });

  it('takes --nodes as a positive integer, and only once with --json', () => {
    for (const bad of ['0', '-5', '1.5', 'abc', '', '1e3', '99999999999999999999']) {
      expect(() => parseBenchArgs([`--nodes=${bad}`])).toThrow(`--nodes: expected a positive integer, got ${JSON.stringify(bad)}`);
    }
    expect(() => parseBenchArgs(['--json', '--nodes', '10', '--nodes', '20'])).toThrow('--nodes: give it once with --json');
    expect(() => parseBenchArgs(['--tables', '0'])).toThrow('--tables: expected a positive integer, got "0"');
    expect(() => parseBenchArgs(['--jsn'])).toThrow(/Unknown option '--jsn'/);
  });
});

describe('scripts/bench.js', () => {
  it('rebuilds the function bundles first, and stops on a bad argument with nothing on stdout', async () => {
    const bundle = join(ROOT, 'dist', 'audit', 'index.js');
    const started = Date.now();
    const err = (await run(process.execPath, [join(ROOT, 'scripts', 'bench.js'), '--json', '--nodes', '0'], { cwd: ROOT, timeout: 120_000 }).catch((e: unknown) => e)) as {
      code: number;
      stdout: string;
      stderr: string;
    };
    expect(err.code).toBe(1);
    expect(err.stdout).toBe('');
    expect(err.stderr).toContain('bench: --nodes: expected a positive integer, got "0"');
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  }, 120_000);
});
