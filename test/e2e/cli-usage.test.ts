/** Bad input exits 2 with a message that names it, and never a stack trace. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'ack-drift-usage-'));

describe('command-line errors', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['audit', '--format', 'pdf', '--scenario', 'x'], /--format pdf: expected one of/],
    [['audit', '--scenario', join(tmp, 'missing.yaml')], /missing\.yaml: cannot read \(ENOENT\)/],
    [['audit', '--bogus'], /unknown option '--bogus'/],
    [['audit'], /give --scenario FILE, --cluster-id ID, or --kubeconfig FILE/],
    [['audit', '--region', 'cn-hangzhou', '--cluster-id', 'c1'], /no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID/],
    [['audit', '--scenario', 'x', '--fail-on', 'urgent'], /--fail-on urgent/],
    [['render'], /missing required argument 'REPORT'/],
    // Inherited object keys are not severities (issue #10 item 4: `toString` used to exit 0 over failing findings).
    ...['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'info'].map(
      (v) => [['audit', '--scenario', 'x', '--fail-on', v], new RegExp(`--fail-on ${v}: expected one of critical, high, medium, low`)] as [string[], RegExp],
    ),
    [['simulate'], /--scenario FILE is required/],
    [['audit', '--region', 'cn-hangzhou', '--cluster-id', 'c1', '--endpoint', 'vpc=http://vpc.example.com'], /--endpoint vpc=…: expected an https:\/\/ URL/],
  ] as [string[], RegExp][])('%j exits 2', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the field of a bad scenario', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: ack-drift/v1\nkind: Scenario\nregion: cn-hangzhou\naccountId: "1"\ncluster: {clusterId: c, name: n, clusterType: Kubernetes, network: calico, vpcId: v, objects: []}\ncloud: {}\n',
    );
    const r = await runCli(['audit', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster.network');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a render input that is not a report', async () => {
    const file = join(tmp, 'not-a-report.json');
    writeFileSync(file, '{"hello": 1}');
    const r = await runCli(['render', file, '--format', 'text']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not an ack-drift report/);
  });
});
