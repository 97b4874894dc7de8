/**
 * Canary secrets: every secret the product handles is planted with a recognisable value, errors are forced at
 * every layer, and every output — reports in all formats, progress lines, webhook bodies and delivery results —
 * is searched for them. Zero hits is the only pass.
 */
import { createCloudClients } from '../../shared/collect/cloud-clients';
import { deliverReport } from '../../shared/notify/deliver';
import { runAudit } from '../../shared/pipeline/audit';
import { auditConfig } from '../../shared/pipeline/config';
import { FORMATS, renderReport } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';
import type { FaultRule, Scenario } from '../../shared/scenario/schema';
import { startSimulators } from '../../shared/sim/start';
import { NOW, seedScenario } from '../support/audit';
import { startReceiver } from '../notify/support';
import { signatureProblem } from '../support/webhook-signatures';

const CANARY = {
  accessKeySecret: 'CANARYaksecret7f3e9a',
  securityToken: 'CANARYststokenb41c2d',
  bearerToken: 'CANARYbearer0d9e8f',
  ccmAccessKeySecret: 'CANARYccmsecret5a6b7c',
  webhookSecret: 'CANARYwhsecretc8d7e6',
  dingtalkSecret: 'SECCANARYding9a8b7c',
  dingtalkToken: 'CANARYdingtoken1f2e3d',
};
const forms = (v: string) => [v, Buffer.from(v).toString('base64'), encodeURIComponent(v)];
const needles = Object.values(CANARY).flatMap(forms);

/** Every occurrence of every canary form: a secret echoed twice is two leaks. */
function hits(haystack: string): string[] {
  return needles.flatMap((n) =>
    haystack
      .split(n)
      .slice(1)
      .map(() => n),
  );
}

function canaryScenario(faults: FaultRule[]): Scenario {
  const s = seedScenario();
  s.auditor = { accessKeyId: 'STS.CanaryAuditorKey01', accessKeySecret: CANARY.accessKeySecret, securityToken: CANARY.securityToken, kubernetes: { token: CANARY.bearerToken } };
  const cm = s.cluster.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'cloud-config')!;
  // The CCM's own AccessKey, base64 in cloud-config as ACK writes it: the auditor may note it exists, never show it.
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  (cm as unknown as { data: Record<string, string> }).data['cloud-config.conf'] = JSON.stringify({
    Global: { vpcid: s.cluster.vpcId, region: s.region, accessKeyID: b64('LTAI5tCanaryCcmKeyId'), accessKeySecret: b64(CANARY.ccmAccessKeySecret) },
  });
  s.faults = faults;
  return s;
}

const LAYERS: { name: string; faults: FaultRule[]; wrongSecret?: boolean }[] = [
  { name: 'no fault', faults: [] },
  {
    name: 'cloud: Forbidden, 5xx, throttling past the budget',
    faults: [
      { target: 'cloud', match: { action: 'DescribeRouteEntryList' }, effect: { status: 403, code: 'Forbidden.RAM' } },
      { target: 'cloud', match: { action: 'DescribeInstances' }, effect: { status: 500, code: 'InternalError' } },
      { target: 'cloud', match: { action: 'DescribeRouteTableList' }, effect: { status: 400, code: 'Throttling.User' } },
    ],
  },
  { name: 'cloud: signature rejected (the API echoes its string to sign)', faults: [], wrongSecret: true },
  {
    name: 'cloud: resets and truncated bodies',
    faults: [
      { target: 'cloud', match: { action: 'DescribeInstances' }, effect: { reset: true } },
      { target: 'cloud', match: { action: 'DescribeClusterDetail' }, effect: { truncateAt: 30 } },
    ],
  },
  {
    name: 'kubernetes: 401, 403, 500',
    faults: [
      { target: 'kubernetes', match: { path: '/api/v1/nodes' }, effect: { status: 401 } },
      { target: 'kubernetes', match: { path: '/apis/apiregistration.k8s.io/v1/apiservices' }, effect: { status: 403, code: 'Forbidden' } },
      { target: 'kubernetes', match: { path: '/api/v1/namespaces' }, effect: { status: 500, code: 'InternalError' } },
    ],
  },
];

describe('a kubeconfig that does not parse', () => {
  it('fails the Kubernetes inputs without quoting the file (YAML errors quote the source, tokens included)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCli } = await import('../support/cli');
    const file = join(mkdtempSync(join(tmpdir(), 'ack-drift-kc-')), 'bad.yaml');
    writeFileSync(file, `apiVersion: v1\nusers:\n- name: u\n  user:\n    token: ${CANARY.bearerToken}\n   bad: [indent\n`);
    const r = await runCli(
      [
        'audit',
        '--kubeconfig',
        file,
        '--region',
        'cn-hangzhou',
        '--vpc-id',
        'vpc-1',
        '--format',
        'json',
        '--endpoint',
        'vpc=http://127.0.0.1:9',
        '--endpoint',
        'ecs=http://127.0.0.1:9',
        '--endpoint',
        'ram=http://127.0.0.1:9',
        '--endpoint',
        'resourcemanager=http://127.0.0.1:9',
        '--endpoint',
        'cs=http://127.0.0.1:9',
      ],
      { ALIBABA_CLOUD_ACCESS_KEY_ID: 'AK', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'SK' },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ack-drift audit: --kubeconfig .*bad\.yaml: the kubeconfig does not parse/);
    expect(hits(r.stdout + r.stderr)).toEqual([]);
  });
});

const searched = { reports: 0, progressLines: 0, webhookBodies: 0, deliveryResults: 0, leaks: 0 };

afterAll(() => {
  console.log(
    `canary secrets leaked: ${searched.leaks} across ${searched.reports} rendered reports, ${searched.progressLines} progress lines, ${searched.webhookBodies} webhook bodies and ` +
      `${searched.deliveryResults} delivery results`,
  );
});

describe.each(LAYERS)('canaries with $name', ({ faults, wrongSecret }) => {
  let report: Report;
  let progress: string[];

  beforeAll(async () => {
    const scenario = canaryScenario(faults);
    const sims = await startSimulators(scenario);
    progress = [];
    try {
      const url = sims.cloud.url;
      const creds = wrongSecret ? { ...sims.credentials, accessKeySecret: `${CANARY.accessKeySecret}-wrong` } : sims.credentials;
      report = await runAudit({
        target: { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId },
        clients: createCloudClients(creds, { vpc: url, ecs: url, ram: url, resourcemanager: url, cs: url }, 1500),
        config: auditConfig({ region: scenario.region, retryBaseMs: 5, kubeRequestTimeoutMs: 1500 }),
        runId: 'run-canary',
        now: () => NOW,
        progress: (m) => progress.push(m),
      });
    } finally {
      await sims.close();
    }
  });

  it('no canary in the report, in any format, or in the progress lines', () => {
    // Every format and every line is searched and counted before anything is asserted.
    const found = FORMATS.map((format) => ({ format, found: hits(renderReport(report, format, { colour: false })) }));
    const inProgress = progress.flatMap(hits);
    searched.reports += FORMATS.length;
    searched.progressLines += progress.length;
    searched.leaks += found.reduce((n, f) => n + f.found.length, 0) + inProgress.length;
    expect(found.filter((f) => f.found.length)).toEqual([]);
    expect(inProgress).toEqual([]);
  });

  it('no canary in webhook bodies or delivery results, even when the receivers fail and echo what they got', async () => {
    const echo = await startReceiver((req, n) =>
      n === 1 ? { status: 500, body: `failed: ${req.url} ${JSON.stringify(req.headers)}` } : { status: 200, body: `{"errcode":310000,"errmsg":"sign not match ${req.url}"}` },
    );
    const generic = await startReceiver((req) => ({ status: 401, body: `bad signature ${String(req.headers['webhook-signature'])}` }));
    try {
      const targets = [
        { kind: 'dingtalk', name: 'ops-dingtalk', url: `${echo.origin}/robot/send?access_token=${CANARY.dingtalkToken}`, secret: CANARY.dingtalkSecret },
        { kind: 'generic', name: 'siem', url: `${generic.origin}/hooks/ack`, secret: `whsec_${Buffer.from(CANARY.webhookSecret).toString('base64')}` },
      ] as const;
      const results = await deliverReport(report, [...targets], { deliveryId: 'run-canary:1', deadline: Date.now() + 5000, attempts: 2, allowHttp: true, allowPrivateNetwork: true });
      // What each receiver got was signed as its platform requires, refusals notwithstanding.
      for (const [target, receiver] of [[targets[0], echo] as const, [targets[1], generic] as const]) {
        expect(receiver.requests.map((q) => signatureProblem(target, q))).toEqual(receiver.requests.map(() => undefined));
      }
      const bodies = [...echo.requests, ...generic.requests].map((r) => r.body);
      searched.webhookBodies += bodies.length;
      searched.deliveryResults += results.length;
      expect(bodies.length).toBeGreaterThan(0);
      const found = [...hits(bodies.join('\n')), ...hits(JSON.stringify(results))];
      searched.leaks += found.length;
      expect(found).toEqual([]);
      expect(results.every((r) => !r.ok)).toBe(true);
    } finally {
      await Promise.all([echo.close(), generic.close()]);
    }
  });
});
