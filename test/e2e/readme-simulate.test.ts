/**
 * The README's `simulate` example, pasted into bash as a user would: it waits for the JSON line (printed once the
 * kubeconfig is written), kubectl reads the simulated cluster, and Ctrl-C (SIGINT) stops the simulators with exit 0.
 * Two substitutions only: a temporary directory for /tmp (suites run side by side) and `node bin/ack-drift` for
 * `npx ack-drift` (the same bundle; npx would first rebuild it). One line is added before the stop: the simulated
 * namespace that is being deleted was created no later than its deletion. Without kubectl on PATH the test is
 * skipped on a developer's machine and fails under CI=true (.ci/run installs Debian's kubernetes-client).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl && process.env.CI === 'true') throw new Error('kubectl is not on PATH: CI must install it (.ci/run installs kubernetes-client)');
if (!hasKubectl) console.warn('readme-simulate.test: skipped: no kubectl on PATH (apt-get install kubernetes-client)');

/** The first sh block after the README's sentence introducing `simulate`. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const from = readme.indexOf('serves a scenario until Ctrl-C');
  const start = readme.indexOf('```sh\n', from) + '```sh\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

(hasKubectl ? describe : describe.skip)("the README's simulate example, pasted", () => {
  it('waits for the kubeconfig, answers kubectl, and stops cleanly on Ctrl-C', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ack-drift-readme-'));
    const example = readmeExample();
    expect(example).toContain('npx ack-drift simulate');
    const timestamps = `kubectl --kubeconfig /tmp/kc.yaml get namespace tobedeletedb -o jsonpath='{.metadata.creationTimestamp} {.metadata.deletionTimestamp}{"\\n"}'\n`;
    const script = example
      .replace(/^kill -INT/m, `${timestamps}kill -INT`)
      .replaceAll('/tmp/', `${dir}/`)
      .replaceAll('npx ack-drift', `'${process.execPath}' '${join(root, 'bin/ack-drift')}'`);
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: root, encoding: 'utf8', timeout: 90_000, env: { PATH: process.env.PATH, HOME: dir } });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    // kubectl 1.20 (Debian's) prints NAME and AGE here; newer ones add SERVICE and AVAILABLE.
    expect(r.stdout).toMatch(/^NAME +/m);
    expect(r.stdout).toMatch(/^v1beta1\.metrics\.k8s\.io +/m);
    const [created, deleted] = /^(\S+Z) (\S+Z)$/m
      .exec(r.stdout)!
      .slice(1)
      .map((t) => Date.parse(t));
    expect(created).toBeLessThanOrEqual(deleted);
  });
});
