/**
 * `ack-drift doctor` on the simulators, through the real clients: green on a healthy scenario, and the exact fix for
 * a missing RAM read, an RBAC denial, a refusing webhook and a refused invocation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { standardWebhooksProblem } from '../support/webhook-signatures';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorResult } from '../../shared/doctor/item';
import type { Scenario } from '../../shared/scenario/schema';
import { CANARY, stsSeedScenario } from '../functions/support';
import { runCli } from '../support/cli';

const tmp = mkdtempSync(join(tmpdir(), 'ack-drift-doctor-'));

/** The seed scenario changed by `edit`, written as a JSON scenario file. */
function scenarioFile(name: string, edit: (s: Scenario) => void = () => undefined): string {
  const s = stsSeedScenario();
  edit(s);
  const file = join(tmp, `${name}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

async function doctor(file: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(['doctor', '--scenario', file, '--format', 'json', ...extra], env);
  return { ...r, result: JSON.parse(r.stdout) as DoctorResult };
}

const failed = (r: DoctorResult) => r.items.filter((i) => i.status === 'fail');

describe('ack-drift doctor', () => {
  it('is green on a healthy deployment: every read, every Kubernetes list, the invocation round trip', async () => {
    const { code, result, stdout } = await doctor(scenarioFile('healthy'));
    expect(code).toBe(0);
    expect(failed(result)).toEqual([]);
    const ids = result.items.map((i) => i.id);
    for (const id of [
      'credentials',
      'cs:DescribeClusterDetail',
      'cs:DescribeClusterUserKubeconfig',
      'vpc:DescribeRouteTableList',
      'vpc:DescribeRouteEntryList',
      'ecs:DescribeInstances',
      'ecs:DescribeInstanceRamRole',
      'ram:GetPolicy',
      'k8s:get version',
      'k8s:list apiservices',
      'k8s:get configmaps',
      'invoke:ack-drift-audit',
    ]) {
      expect(ids).toContain(id);
    }
    expect(result.items.find((i) => i.id === 'invoke:ack-drift-audit')?.detail).toMatch(/^round trip through fc2/);
    // The runtime comes first: the exact Node.js and V8 build a deployment runs on, which its runtime name does not say.
    expect(result.items[0]).toEqual({ id: 'runtime', status: 'ok', detail: expect.stringMatching(/^Node\.js v\d+\.\d+\.\d+, V8 \d+\.\d+\.\d+/) });
    expect(stdout).not.toContain(CANARY.securityToken);
  });

  it("names the invocation client that worked when Function Compute refuses fc2's signature", async () => {
    const { code, result } = await doctor(scenarioFile('fc3-only', (s) => (s.cloud.functionCompute = { fc2Signature: 'refuse' })));
    expect(code).toBe(0);
    expect(result.items.find((i) => i.id === 'invoke:ack-drift-audit')?.detail).toMatch(/^round trip through fc20230330/);
  });

  it('points a missing RAM read at infra/ram-policy.json', async () => {
    const { code, result } = await doctor(scenarioFile('no-route-read', (s) => (s.auditor = { ...s.auditor, deniedActions: ['vpc:DescribeRouteEntryList'] })));
    expect(code).toBe(1);
    expect(failed(result)).toEqual([
      expect.objectContaining({ id: 'vpc:DescribeRouteEntryList', detail: expect.stringMatching(/^Forbidden\.RAM: .*request id/), fix: expect.stringContaining('infra/ram-policy.json') }),
    ]);
  });

  it('points an RBAC denial at infra/rbac.yaml, naming the resource', async () => {
    const { code, result } = await doctor(scenarioFile('no-apiservices', (s) => (s.auditor = { ...s.auditor, kubernetes: { forbidden: [{ verb: 'list', resource: 'apiservices' }] } })));
    expect(code).toBe(1);
    expect(failed(result)).toEqual([
      expect.objectContaining({ id: 'k8s:list apiservices', detail: expect.stringMatching(/^Forbidden/), fix: expect.stringMatching(/apiservices.*kubectl apply -f infra\/rbac\.yaml/) }),
    ]);
  });

  it("points a refused invocation at fc:InvokeFunction and the dispatcher's policy", async () => {
    const { code, result } = await doctor(scenarioFile('no-invoke', (s) => (s.auditor = { ...s.auditor, deniedActions: ['fc:InvokeFunction'] })));
    expect(code).toBe(1);
    expect(failed(result)).toEqual([
      expect.objectContaining({
        id: 'invoke:ack-drift-audit',
        detail: expect.stringMatching(/^AccessDenied/),
        fix: expect.stringMatching(/fc:InvokeFunction on acs:fc:.*functions\/ack-drift-audit.*infra\/dispatch-ram-policy\.json/),
      }),
    ]);
  });

  it('on a managed cluster, checks the CCM add-on and that AliyunCSManagedKubernetesRole exists and trusts cs.aliyuncs.com', async () => {
    const managed = (trusted: string | undefined) => (s: Scenario) => {
      s.cluster.clusterType = 'ManagedKubernetes';
      s.cluster.addons = [{ name: 'cloud-controller-manager', version: 'v2.12.4', config: '{}' }];
      s.cloud.ram.roles = s.cloud.ram.roles.filter((r) => r.RoleName !== 'AliyunCSManagedKubernetesRole');
      if (trusted) {
        const trust = { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [trusted] } }] };
        s.cloud.ram.roles.push({ RoleName: 'AliyunCSManagedKubernetesRole', AssumeRolePolicyDocument: trust, AttachedPolicies: [] });
      }
    };
    const healthy = await doctor(scenarioFile('managed', managed('cs.aliyuncs.com')));
    expect(healthy.code).toBe(0);
    expect(healthy.result.items).toContainEqual(expect.objectContaining({ id: 'cs:DescribeClusterAddonInstance', status: 'ok', detail: 'cloud-controller-manager v2.12.4 (active)' }));
    expect(healthy.result.items).toContainEqual(expect.objectContaining({ id: 'ram:role AliyunCSManagedKubernetesRole', status: 'ok' }));
    const missing = await doctor(scenarioFile('managed-no-role', managed(undefined)));
    expect(missing.code).toBe(1);
    expect(failed(missing.result)).toEqual([
      expect.objectContaining({ id: 'ram:role AliyunCSManagedKubernetesRole', detail: expect.stringContaining('does not exist'), fix: expect.stringContaining("ACK's default roles") }),
    ]);
    const ecsOnly = await doctor(scenarioFile('managed-ecs-trust', managed('ecs.aliyuncs.com')));
    expect(failed(ecsOnly.result)).toEqual([
      expect.objectContaining({ id: 'ram:role AliyunCSManagedKubernetesRole', detail: expect.stringContaining('does not let cs.aliyuncs.com'), fix: expect.stringContaining('UpdateRole') }),
    ]);
  });

  it('checks the managed route controller role the audit is told to judge (--managed-ccm-role), not the default', async () => {
    const custom = (s: Scenario) => {
      s.cluster.clusterType = 'ManagedKubernetes';
      s.cluster.addons = [{ name: 'cloud-controller-manager', version: 'v2.12.4', config: '{}' }];
      const trust = { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['cs.aliyuncs.com'] } }] };
      s.cloud.ram.roles = s.cloud.ram.roles.filter((r) => r.RoleName !== 'AliyunCSManagedKubernetesRole');
      s.cloud.ram.roles.push({ RoleName: 'CcmRouteRole', AssumeRolePolicyDocument: trust, AttachedPolicies: [] });
    };
    const file = scenarioFile('managed-custom-role', custom);
    const named = await doctor(file, ['--managed-ccm-role', 'CcmRouteRole']);
    expect(named.code).toBe(0);
    expect(named.result.items).toContainEqual(expect.objectContaining({ id: 'ram:role CcmRouteRole', status: 'ok' }));
    // Without the flag the default role is the one checked, and it does not exist in this account.
    const unnamed = await doctor(file);
    expect(failed(unnamed.result)).toEqual([expect.objectContaining({ id: 'ram:role AliyunCSManagedKubernetesRole', status: 'fail' })]);
  });

  describe('webhooks', () => {
    let server: Server;
    let url: string;
    let posts = 0;
    const signatures: Array<string | undefined> = [];
    beforeAll(async () => {
      // A receiver that refuses every delivery, as a robot with the wrong secret does (it records whether the
      // signature it got would in fact verify: the test message is signed like any delivery).
      server = createServer((req, res) => {
        posts++;
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          signatures.push(standardWebhooksProblem(req.headers, Buffer.concat(chunks).toString('utf8'), CANARY.webhookSecret, Date.now()));
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const env = () => ({
      ACK_DRIFT_WEBHOOKS: JSON.stringify([{ kind: 'generic', name: 'oncall', url, secret: CANARY.webhookSecret }]),
      ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
    });

    it('checks each target without posting unless --send-test', async () => {
      const { code, result } = await doctor(scenarioFile('webhook'), [], env());
      expect(code).toBe(0);
      expect(result.items.find((i) => i.id === 'webhook:oncall')).toMatchObject({ status: 'ok', detail: expect.stringContaining('no message sent') });
      expect(posts).toBe(0);
    });

    it('with --send-test, reports a refusing target with what to check', async () => {
      const { code, result } = await doctor(scenarioFile('webhook'), ['--send-test'], env());
      expect(code).toBe(1);
      expect(posts).toBe(1);
      expect(signatures).toEqual([undefined]);
      expect(failed(result)).toEqual([
        expect.objectContaining({ id: 'webhook:oncall', detail: expect.stringContaining('refused the test message'), fix: expect.stringContaining('ACK_DRIFT_WEBHOOKS') }),
      ]);
    });
  });

  it('exits 2 for a scenario given with real-account flags', async () => {
    const r = await runCli(['doctor', '--scenario', scenarioFile('x'), '--cluster-id', 'c1']);
    expect(r.code).toBe(2);
  });
});
