/**
 * Issue #10 item 9: a kubeconfig from CS must not run commands or read files inside the function; a user's own exec
 * plugin runs with a timeout inside the deadline and its stderr reaches no report. Real client-node against the
 * Kubernetes simulator over TLS; the cloud simulator hands out the kubeconfig as DescribeClusterUserKubeconfig does.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../shared/cli/exit-codes';
import { loadKubeconfig } from '../../shared/collect/kubeconfig';
import { FORMATS, renderReport } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';
import { auditWithKubeconfig, type KubeconfigDoc } from '../support/kube-audit';

type Doc = KubeconfigDoc;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ack-drift-kubeconfig-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A shell script in the temp directory, executable. */
function script(name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Audits the seed scenario with the simulator's kubeconfig changed by `change`, handed out by CS or given as the user's own. */
function audit(change: (doc: Doc, token: string) => void, source: 'cs' | 'user', deadlineMs?: number): Promise<{ report: Report; ms: number }> {
  return auditWithKubeconfig({ change, source, deadlineMs });
}

const kubeFailures = (r: Report) => JSON.stringify(r.findings.filter((f) => f.status === 'unknown').map((f) => f.evidence));

describe('a kubeconfig from CS carries inline data only', () => {
  const marker = () => join(dir, 'ran');
  const hostile: [string, (d: Doc) => void][] = [
    ['exec', (d) => void (d.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script('exec.sh', `touch ${marker()}; echo '{}'`) } })],
    ['auth-provider cmd-path', (d) => void (d.users[0].user = { 'auth-provider': { name: 'gcp', config: { 'cmd-path': script('gcp.sh', `touch ${marker()}`), 'cmd-args': 'x' } } })],
    ['token-file', (d) => void (d.users[0].user = { 'token-file': '/etc/hostname' })],
    ['client-certificate / client-key paths', (d) => void (d.users[0].user = { 'client-certificate': '/etc/ssl/certs/ca-certificates.crt', 'client-key': '/etc/hostname' })],
    ['certificate-authority path', (d) => void (d.clusters[0].cluster['certificate-authority'] = '/etc/ssl/certs/ca-certificates.crt')],
    ['proxy-url', (d) => void (d.clusters[0].cluster['proxy-url'] = 'http://127.0.0.1:9')],
  ];

  it.each(hostile)('%s: refused before anything runs or is read, and the run is unknown (exit 3)', async (field, change) => {
    rmSync(marker(), { force: true });
    const { report } = await audit(change, 'cs');
    expect(existsSync(marker())).toBe(false);
    expect(kubeFailures(report)).toContain('"code":"KubeconfigRefused"');
    expect(kubeFailures(report)).toContain(`\`${field.split(' ')[0]}`);
    expect(report.coverage.find((c) => c.check === 'namespaces')?.status).not.toBe('complete');
    expect(exitCodeFor(report, 'critical')).toBe(3);
  });

  it('the plain CS kubeconfig (server, CA data, token) still audits the seed incident', async () => {
    const { report } = await audit(() => {}, 'cs');
    expect(report.coverage.every((c) => c.status === 'complete')).toBe(true);
  });

  it('an unvetted YAML trick (an anchor smuggling exec) is refused too', () => {
    const text =
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nx: &u {exec: {command: /bin/true}}\nusers: [{name: u, user: *u}]\ncontexts: [{name: x, context: ` +
      `{cluster: c, user: u}}]\ncurrent-context: x\n`;
    expect(() => loadKubeconfig(text, { source: 'cs', execTimeoutMs: 1000, deadline: Date.now() + 10_000 })).toThrow(/users\[0\] has `exec`/);
  });
});

describe("a user's own kubeconfig keeps exec plugins, bounded and quiet", () => {
  const SECRET = 'refresh_token=rt-CANARY-5b0c1e';

  it('an exec plugin supplies the token over the real wire', async () => {
    const { report } = await audit((d, token) => {
      d.users[0].user = {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: script('ok.sh', `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'`),
        },
      };
    }, 'user');
    expect(report.coverage.every((c) => c.status === 'complete')).toBe(true);
  });

  it("a failing plugin's stderr (a refresh token) reaches no format of the report", async () => {
    const { report } = await audit((d) => {
      d.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script('leak.sh', `echo "oauth2: cannot fetch token: ${SECRET}" >&2; exit 1`) } };
    }, 'user');
    expect(kubeFailures(report)).toMatch(/exec plugin \\"leak.sh\\" exited with code 1; its stderr \(\d+ bytes\) is withheld/);
    for (const format of FORMATS) expect(renderReport(report, format, { colour: false })).not.toContain('rt-CANARY');
    expect(exitCodeFor(report, 'critical')).toBe(3);
  });

  it('a hanging plugin is stopped within the run deadline, and the run still reports', async () => {
    const { report, ms } = await audit(
      (d) => {
        d.users[0].user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script('hang.sh', 'sleep 30') } };
      },
      'user',
      3000,
    );
    expect(ms).toBeLessThan(6000);
    expect(kubeFailures(report)).toMatch(/ExecPluginTimeout|DeadlineExceeded/);
    expect(exitCodeFor(report, 'critical')).toBe(3);
  });
});
