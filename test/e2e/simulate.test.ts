/** `ack-drift simulate` serves a scenario that real clients (client-node, pop-core) can use as they are. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import RPCClient = require('@alicloud/pop-core');
import { main } from '../../shared/cli/main';
import { fsWriteProblem, type CliIo } from '../../shared/cli/io';

describe('ack-drift simulate', () => {
  it('prints the endpoints and credentials, writes a working kubeconfig, and stops on a signal', async () => {
    const kubeconfigOut = join(mkdtempSync(join(tmpdir(), 'ack-drift-sim-')), 'kubeconfig.yaml');
    let stdout = '';
    let stderr = '';
    let stop: (signal: string) => void = () => undefined;
    const stopped = new Promise<string>((resolve) => (stop = resolve));
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readFile: (p) => readFileSync(p, 'utf8'),
      writeFile: (p, t) => writeFileSync(p, t),
      writeProblem: fsWriteProblem,
      env: {},
      stdoutIsTTY: false,
      untilSignal: () => stopped,
    };
    const running = main(['simulate', '--scenario', join(__dirname, '../../scenarios/seed-incident.yaml'), '--kubeconfig-out', kubeconfigOut], io);
    while (!stdout.includes('\n')) await new Promise((r) => setTimeout(r, 20));

    const line = JSON.parse(stdout) as { kubernetes: string; cloud: string; accessKeyId: string; accessKeySecret: string; region: string };
    expect(line.kubernetes).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(line.cloud).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigOut);
    const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toContain('cn-hangzhou.192.168.10.22');

    const vpc = new RPCClient({ endpoint: line.cloud, apiVersion: '2016-04-28', accessKeyId: line.accessKeyId, accessKeySecret: line.accessKeySecret });
    const tables = (await vpc.request('DescribeRouteTableList', { RegionId: line.region, VpcId: 'vpc-bp1k3x9q7wz2d5m8n4r6t' })) as { TotalCount: number };
    expect(Number(tables.TotalCount)).toBe(1);

    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopping the simulators/);
  });
});
