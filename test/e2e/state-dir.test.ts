/** `ack-drift audit --state DIR`: the second run of the same scenario has zero new findings; the archive is on disk. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

const root = join(__dirname, '..', '..');
const seed = join(root, 'scenarios', 'seed-incident.yaml');
const healthy = join(root, 'test', 'fixtures', 'scenarios', 'healthy.yaml');
const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ack-drift-state-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function audit(scenario: string, runId: string): Promise<{ report: Report; stderr: string }> {
  const r = await runCli(['audit', '--scenario', scenario, '--state', dir, '--format', 'json', '--run-id', runId]);
  expect(r.code).not.toBe(2);
  return { report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('audit --state DIR', () => {
  let first: Report;
  let second: Report;
  let third: Report;
  let secondText: string;

  beforeAll(async () => {
    first = (await audit(seed, 'run-cli-1')).report;
    second = (await audit(seed, 'run-cli-2')).report;
    secondText = (await runCli(['audit', '--scenario', seed, '--state', dir, '--run-id', 'run-cli-2b'])).stdout;
    third = (await audit(healthy, 'run-cli-3')).report;
  }, 120_000);

  it('the first run finds everything new', () => {
    expect(first.changes?.since).toBeNull();
    expect(first.changes?.new.length).toBeGreaterThan(0);
  });

  it('the second run of the same scenario shows zero new findings, every open one unchanged', () => {
    expect(second.changes?.since?.runId).toBe('run-cli-1');
    expect(second.changes?.new).toEqual([]);
    expect(second.changes?.unchanged.length).toBe(first.changes?.new.length);
    expect(secondText).toMatch(/Changes since run run-cli-2 \(.+\): 0 new, 0 worsened, 0 resolved, \d+ unchanged/);
  });

  it('the healed cluster shows every problem resolved', () => {
    expect(third.changes?.resolved.length).toBe(first.changes?.new.length);
    expect(third.changes?.new).toEqual([]);
  });

  it('archives each run as <clusterId>/<yyyy>/<mm>/<dd>/<runId>.{json,html} and keeps latest.json', () => {
    const [yyyy] = readdirSync(join(dir, CLUSTER)).filter((d) => /^\d{4}$/.test(d));
    const [mm] = readdirSync(join(dir, CLUSTER, yyyy));
    const [dd] = readdirSync(join(dir, CLUSTER, yyyy, mm));
    const files = readdirSync(join(dir, CLUSTER, yyyy, mm, dd)).sort();
    expect(files).toEqual(['run-cli-1.html', 'run-cli-1.json', 'run-cli-2.html', 'run-cli-2.json', 'run-cli-2b.html', 'run-cli-2b.json', 'run-cli-3.html', 'run-cli-3.json']);
    expect(JSON.parse(readFileSync(join(dir, CLUSTER, 'latest.json'), 'utf8'))).toMatchObject({ runId: 'run-cli-3', status: 'healthy' });
  });
});
