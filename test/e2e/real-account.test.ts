/**
 * A real-account audit, typed as a user types it: `ack-drift simulate` serves a scenario (as the README shows), and
 * `ack-drift audit` runs against it with credentials from the environment or an aliyun CLI profile in a temporary
 * HOME. Wrong inputs exit 2 naming the input; the kubeconfig mode can exit 0. Everything goes through bin/ack-drift.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const bin = join(root, 'bin/ack-drift');

interface Served {
  child: ChildProcess;
  kubeconfig: string;
  cloud: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  region: string;
  clusterId: string;
  vpcId: string;
}

/** `ack-drift simulate --scenario FILE --kubeconfig-out kc.yaml &`, waiting for its JSON line. */
async function simulate(scenario: string, dir: string): Promise<Served> {
  const kubeconfig = join(dir, 'kc.yaml');
  const child = spawn(process.execPath, [bin, 'simulate', '--scenario', join(root, scenario), '--kubeconfig-out', kubeconfig], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`simulate exited ${code}`)));
  });
  const text = readFileSync(join(root, scenario), 'utf8');
  const pick = (key: string) => new RegExp(`\\b${key}: (\\S+)`).exec(text)![1];
  return { child, kubeconfig, ...(JSON.parse(line) as Omit<Served, 'child' | 'kubeconfig' | 'clusterId' | 'vpcId'>), clusterId: pick('clusterId'), vpcId: pick('vpcId') };
}

/** Stops `simulate` as Ctrl-C does and waits for it to exit. */
function stop(s: Served): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGINT');
  });
}

const home = mkdtempSync(join(tmpdir(), 'ack-drift-home-'));

function ackDrift(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 90_000, env: { PATH: process.env.PATH, HOME: home, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function endpoints(s: Served): string[] {
  return ['vpc', 'ecs', 'ram', 'resourcemanager', 'cs'].flatMap((p) => ['--endpoint', `${p}=${s.cloud}`]);
}

function envCredentials(s: Served, secret = s.accessKeySecret): NodeJS.ProcessEnv {
  return { ALIBABA_CLOUD_ACCESS_KEY_ID: s.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret, ...(s.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: s.securityToken } : {}) };
}

describe('ack-drift audit against a real account (the simulators, as `ack-drift simulate` serves them)', () => {
  let seed: Served;
  let healthy: Served;

  beforeAll(async () => {
    [seed, healthy] = await Promise.all([
      simulate('scenarios/seed-incident.yaml', mkdtempSync(join(tmpdir(), 'ack-drift-seed-'))),
      simulate('test/fixtures/scenarios/healthy.yaml', mkdtempSync(join(tmpdir(), 'ack-drift-healthy-'))),
    ]);
  }, 60_000);

  afterAll(async () => {
    // Ctrl-C stops the simulators cleanly: exit 0.
    expect(await Promise.all([stop(seed), stop(healthy)])).toEqual([0, 0]);
  });

  it('--cluster-id with credentials from the environment: the seed chain, exit 1', () => {
    const r = ackDrift(['audit', '--cluster-id', seed.clusterId, '--region', seed.region, ...endpoints(seed), '--format', 'json'], envCredentials(seed));
    expect(r.stderr).toContain('credentials: environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { rootCauses: unknown[] }).rootCauses).toHaveLength(1);
  });

  it('--profile reads an aliyun CLI profile (~/.aliyun/config.json), region included', () => {
    mkdirSync(join(home, '.aliyun'), { recursive: true });
    const profile = seed.securityToken
      ? { name: 'sim', mode: 'StsToken', access_key_id: seed.accessKeyId, access_key_secret: seed.accessKeySecret, sts_token: seed.securityToken, region_id: seed.region }
      : { name: 'sim', mode: 'AK', access_key_id: seed.accessKeyId, access_key_secret: seed.accessKeySecret, region_id: seed.region };
    writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify({ current: 'other', profiles: [{ name: 'other', mode: 'AK', access_key_id: 'LTAIother', access_key_secret: 'x' }, profile] }));
    const r = ackDrift(['audit', '--cluster-id', seed.clusterId, '--profile', 'sim', ...endpoints(seed), '--format', 'json'], {});
    expect(r.stderr).toMatch(/credentials: aliyun CLI profile "sim" \(.*\.aliyun\/config\.json\); region cn-hangzhou/);
    expect(r.status).toBe(1);
    const missing = ackDrift(['audit', '--cluster-id', seed.clusterId, '--profile', 'prod', ...endpoints(seed)], {});
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--profile prod: no such profile in .*config\.json \(it has "other", "sim"\)/);
  });

  it.each([
    [
      'a wrong AccessKey secret',
      (s: Served) => ['--cluster-id', s.clusterId, '--region', s.region],
      'wrong-secret',
      new RegExp(
        String.raw`the credentials were refused: the AccessKey secret does not belong to this AccessKey ID \(AccessKey ID \S+, from environment variables .*\); ` +
          String.raw`127\.0\.0\.1:\d+ answered cs:DescribeClusterDetail with SignatureDoesNotMatch`,
      ),
    ],
    [
      'an unknown cluster id',
      (s: Served) => ['--cluster-id', 'c0000000000000000000000000000000', '--region', s.region],
      undefined,
      /--cluster-id c0000000000000000000000000000000: no such cluster in this account; 127\.0\.0\.1:\d+ answered cs:DescribeClusterDetail with ErrorClusterNotFound/,
    ],
    [
      "a region that is not the cluster's",
      (s: Served) => ['--cluster-id', s.clusterId, '--region', 'cn-shanghai'],
      undefined,
      /--region cn-shanghai: cluster \S+ is in cn-hangzhou.*run with --region cn-hangzhou/,
    ],
    [
      'a VPC that does not exist',
      (s: Served) => ['--kubeconfig', s.kubeconfig, '--vpc-id', 'vpc-doesnotexist', '--region', s.region],
      undefined,
      /--vpc-id vpc-doesnotexist: no such VPC in region cn-hangzhou/,
    ],
    [
      'a kubeconfig context it does not have',
      (s: Served) => ['--kubeconfig', s.kubeconfig, '--context', 'prod', '--vpc-id', s.vpcId, '--region', s.region],
      undefined,
      /--kubeconfig \S+kc\.yaml: the kubeconfig has no context "prod" \(it has "[^"]+"\)/,
    ],
  ])('%s exits 2 naming the input', (_, args, secret, message) => {
    const r = ackDrift(['audit', ...args(seed), ...endpoints(seed)], envCredentials(seed, secret));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(seed.accessKeySecret);
  });

  it('a kubeconfig that does not parse exits 2 naming the file, before any call', () => {
    const bad = join(home, 'bad-kc.yaml');
    writeFileSync(bad, 'apiVersion: v1\nclusters: [oops\n');
    const r = ackDrift(['audit', '--kubeconfig', bad, '--vpc-id', seed.vpcId, '--region', seed.region, ...endpoints(seed)], envCredentials(seed));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ack-drift audit: --kubeconfig \S+bad-kc\.yaml: the kubeconfig does not parse/);
    expect(r.stderr).not.toContain('credentials:');
  });

  it('--kubeconfig mode exits 0 on a healthy cluster, names it from the context, and derives the cluster CIDR', () => {
    const context = /current-context: (\S+)/.exec(readFileSync(healthy.kubeconfig, 'utf8'))![1];
    const r = ackDrift(['audit', '--kubeconfig', healthy.kubeconfig, '--context', context, '--vpc-id', healthy.vpcId, '--region', healthy.region, ...endpoints(healthy)], envCredentials(healthy));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ack-drift report — shop-prod-hz \(cn-hangzhou, Kubernetes, flannel\)\nstatus: healthy/);
    expect(r.stdout).toMatch(/routes +complete .*orphaned routes judged inside \d+\.\d+\.\d+\.\d+\/\d+, the smallest block holding the nodes' pod CIDRs/);
    const given = ackDrift(
      ['audit', '--kubeconfig', healthy.kubeconfig, '--vpc-id', healthy.vpcId, '--cluster-cidr', '172.16.0.0/16', '--region', healthy.region, ...endpoints(healthy)],
      envCredentials(healthy),
    );
    expect(given.status).toBe(0);
    expect(given.stdout).not.toContain('smallest block');
  });

  it('an endpoint it cannot reach is named in the report; exit 3', () => {
    const r = ackDrift(
      ['audit', '--cluster-id', healthy.clusterId, '--region', healthy.region, ...endpoints(healthy), '--endpoint', 'ecs=http://127.0.0.1:9', '--format', 'json'],
      envCredentials(healthy),
    );
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/connection failed \(ECONNREFUSED\) reaching 127\.0\.0\.1:9/);
    expect(r.stdout).toContain('Check that 127.0.0.1:9 is the right endpoint');
  });

  it("ack-drift policy --role reads the role's attached policies from the account", () => {
    const arn = 'acs:vpc:cn-hangzhou:1837462005813702:routetable/vtb-bp1q3w5e7r9t1y3u5i7o';
    const ram = ['--endpoint', `ram=${seed.cloud}`];
    const r = ackDrift(['policy', '--role', 'KubernetesMasterRole-8e4b1c7d', '--action', 'vpc:CreateRouteEntry', '--resource', arn, ...ram], envCredentials(seed));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^explicitDeny: vpc:CreateRouteEntry on /);
    expect(r.stdout).toContain('k8sMasterRolePolicy-8e4b1c7d (version v3)');
    const missing = ackDrift(['policy', '--role', 'NoSuchRole', '--action', 'vpc:CreateRouteEntry', ...ram], envCredentials(seed));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--role NoSuchRole: no such RAM role in this account \(127\.0\.0\.1:\d+ answered ram:GetRole with EntityNotExist\.Role\)/);
  });

  it('no credentials anywhere: exit 2 listing where they are looked for', () => {
    const r = ackDrift(['audit', '--cluster-id', seed.clusterId, '--region', seed.region, ...endpoints(seed)], { HOME: mkdtempSync(join(tmpdir(), 'ack-drift-empty-home-')) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID .*`aliyun configure`.*--profile NAME.*ALIBABA_CLOUD_ECS_METADATA.*ALIBABA_CLOUD_OIDC_TOKEN_FILE/);
  });
});

describe("a Forbidden on the auditor's own reads", () => {
  it('points to infra/ram-policy.json', () => {
    const r = ackDrift(['audit', '--scenario', join(root, 'test/fixtures/scenarios/auditor-denied-getpolicy.yaml')], {});
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("The auditor's own RAM identity lacks this read: infra/ram-policy.json grants every action ack-drift calls.");
  });
});
