/** Configuration from environment variables: typed values, defaults, one clear line per bad variable, secrets never echoed. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../shared/util/errors';
import { runBudgetMs, splitBudget, timeoutMarginMs } from '../../shared/config/deadline';
import { readFunctionConfig } from '../../shared/config/read-env';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    readFunctionConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('readFunctionConfig', () => {
  it('applies defaults, taking the region from FC_REGION', () => {
    expect(readFunctionConfig({ FC_REGION: 'cn-hangzhou', FC_ACCOUNT_ID: '1837462005813702' })).toEqual({
      regions: ['cn-hangzhou'],
      alerts: { clusterLabel: 'cluster_id', dedupeMs: 600_000, token: undefined },
      clusterIds: undefined,
      clusterTypes: ['Kubernetes', 'ManagedKubernetes'],
      clusterTag: undefined,
      webhooks: [],
      reportFormat: 'json',
      reportUrl: undefined,
      notifyOn: 'problems',
      remindEveryMs: 86_400_000,
      linkTtlSeconds: 604_800,
      periodMs: 3_600_000,
      state: undefined,
      deadlineMs: undefined,
      dispatchConcurrency: 10,
      auditFunction: 'ack-drift-audit',
      managedCcmRole: undefined,
      severityOverrides: {},
      privateEndpoint: false,
      endpoints: { vpc: undefined, ecs: undefined, ram: undefined, resourcemanager: undefined, cs: undefined, fc: undefined },
      allowPrivateWebhooks: false,
      allowHttpWebhooks: false,
      logLevel: 'info',
      functionRegion: 'cn-hangzhou',
      accountId: '1837462005813702',
      memoryMb: undefined,
    });
  });

  it('with an OSS bucket: notify on change, the internal endpoint in the function region, durations', () => {
    const c = readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_OSS_BUCKET: 'ack-drift-reports', ACK_DRIFT_REMIND_EVERY: '12h', ACK_DRIFT_LINK_TTL: '2d', ACK_DRIFT_PERIOD: '30m' });
    expect(c).toMatchObject({ notifyOn: 'change', remindEveryMs: 43_200_000, linkTtlSeconds: 172_800, periodMs: 1_800_000 });
    expect(c.state).toEqual({ bucket: 'ack-drift-reports', prefix: 'ack-drift', region: 'cn-hangzhou', internal: true });
    expect(readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_OSS_BUCKET: 'b-1', ACK_DRIFT_OSS_REGION: 'cn-beijing', ACK_DRIFT_OSS_PREFIX: 'team/a/' }).state).toEqual({
      bucket: 'b-1',
      prefix: 'team/a',
      region: 'cn-beijing',
      internal: false,
    });
    expect(readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_OSS_BUCKET: 'b-1', ACK_DRIFT_NOTIFY_ON: 'problems' }).notifyOn).toBe('problems');
  });

  it('reads severity overrides from ACK_DRIFT_SEVERITY_OVERRIDES and a file named by ACK_DRIFT_SEVERITY_CONFIG, naming bad ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sev-'));
    const file = join(dir, 'severities.yaml');
    writeFileSync(file, 'severities:\n  ROUTE_ORPHANED: medium\n');
    const env = { FC_REGION: 'cn-hangzhou', ACK_DRIFT_SEVERITY_CONFIG: file, ACK_DRIFT_SEVERITY_OVERRIDES: 'ROUTE_CONFLICT=low' };
    expect(readFunctionConfig(env).severityOverrides).toEqual({ ROUTE_ORPHANED: 'medium', ROUTE_CONFLICT: 'low' });
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_SEVERITY_OVERRIDES: 'ROUTE_CONFLICT=urgent' })).toEqual([
      'ACK_DRIFT_SEVERITY_OVERRIDES: ROUTE_CONFLICT: expected one of critical, high, medium, low, info (got "urgent")',
    ]);
  });

  it('refuses notify-on-change without a bucket, and links longer than OSS allows', () => {
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_NOTIFY_ON: 'change' })).toEqual(['ACK_DRIFT_NOTIFY_ON: change needs a memory of the last run: set ACK_DRIFT_OSS_BUCKET']);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_LINK_TTL: '8d' })).toEqual(['ACK_DRIFT_LINK_TTL: expected at most 7d, the longest an OSS V4 presigned URL lives (got "8d")']);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_REMIND_EVERY: 'daily', ACK_DRIFT_OSS_BUCKET: 'Bad_Bucket' })).toHaveLength(2);
  });

  it('converts lists, integers, booleans, tags and JSON', () => {
    const c = readFunctionConfig({
      ACK_DRIFT_REGIONS: ' cn-hangzhou, cn-shanghai ,',
      ACK_DRIFT_CLUSTER_IDS: 'c1,c2',
      ACK_DRIFT_CLUSTER_TYPES: 'ManagedKubernetes',
      ACK_DRIFT_CLUSTER_TAG: 'team=payments',
      ACK_DRIFT_DEADLINE_MS: '120000',
      ACK_DRIFT_DISPATCH_CONCURRENCY: '25',
      ACK_DRIFT_PRIVATE_ENDPOINT: 'TRUE',
      ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: '0',
      ACK_DRIFT_REPORT_FORMAT: 'html',
      ACK_DRIFT_NOTIFY_ON: 'always',
      ACK_DRIFT_ENDPOINT_FC: 'http://127.0.0.1:9000',
      FC_FUNCTION_MEMORY_SIZE: '512',
      ACK_DRIFT_WEBHOOKS: '[{"kind":"dingtalk","name":"oncall","url":"https://oapi.dingtalk.com/robot/send?access_token=abc","secret":"env:DING_SECRET"}]',
      DING_SECRET: 'SECdeadbeef',
    });
    expect(c).toMatchObject({
      regions: ['cn-hangzhou', 'cn-shanghai'],
      clusterIds: ['c1', 'c2'],
      clusterTypes: ['ManagedKubernetes'],
      clusterTag: { key: 'team', value: 'payments' },
      deadlineMs: 120000,
      dispatchConcurrency: 25,
      privateEndpoint: true,
      allowHttpWebhooks: false,
      reportFormat: 'html',
      notifyOn: 'always',
      endpoints: { fc: 'http://127.0.0.1:9000' },
      memoryMb: 512,
      webhooks: [{ kind: 'dingtalk', name: 'oncall', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECdeadbeef' }],
    });
  });

  it('treats an empty variable as unset (s.yaml passes "" for options left out)', () => {
    expect(readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: '', ACK_DRIFT_DEADLINE_MS: ' ' })).toMatchObject({ webhooks: [], deadlineMs: undefined });
  });

  it('names every bad variable, with what it expects and what it got', () => {
    expect(
      problemsOf({
        ACK_DRIFT_REGIONS: 'cn-hangzhou,Mars',
        ACK_DRIFT_DEADLINE_MS: 'soon',
        ACK_DRIFT_DISPATCH_CONCURRENCY: '0',
        ACK_DRIFT_CLUSTER_TYPES: 'Kubernetes,Kubernetes',
        ACK_DRIFT_CLUSTER_TAG: 'nokey',
        ACK_DRIFT_PRIVATE_ENDPOINT: 'maybe',
        ACK_DRIFT_ENDPOINT_CS: 'cs.example.com',
        ACK_DRIFT_AUDIT_FUNCTION: '9lives',
        ACK_DRIFT_NOTIFY_ON: 'never',
      }),
    ).toEqual([
      'ACK_DRIFT_REGIONS[1]: expected a comma-separated list of region ids, e.g. cn-hangzhou,cn-shanghai (got "cn-hangzhou,Mars")',
      'ACK_DRIFT_CLUSTER_TYPES: lists a value twice',
      'ACK_DRIFT_CLUSTER_TAG: expected a key=value tag the clusters must carry (got "nokey")',
      'ACK_DRIFT_NOTIFY_ON: expected change (alert when a problem is new, worse or resolved, and remind of open ones; needs ACK_DRIFT_OSS_BUCKET), ' +
        'problems (alert when a cluster is degraded or unknown) or always (alert on every run) (got "never")',
      'ACK_DRIFT_DEADLINE_MS: expected milliseconds (5000 or more) the run may take; below the function timeout (got "soon")',
      'ACK_DRIFT_DISPATCH_CONCURRENCY: expected an integer from 1 to 100: invocations in flight at once (got "0")',
      'ACK_DRIFT_AUDIT_FUNCTION: expected the name of the audit function dispatch invokes (got "9lives")',
      'ACK_DRIFT_PRIVATE_ENDPOINT: expected true or false: ask CS for the API server\'s private (VPC) endpoint (got "maybe")',
      "ACK_DRIFT_ENDPOINT_CS: expected the Container Service endpoint URL (https://, or http:// to 127.0.0.1, [::1] or localhost only), overriding the region's public one",
    ]);
  });

  it('takes endpoint overrides over https, or plain http to a loopback host only (they receive the STS token)', () => {
    const endpointOf = (url: string) => readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_ENDPOINT_VPC: url }).endpoints.vpc;
    for (const url of ['https://vpc-vpc.cn-hangzhou.aliyuncs.com', 'https://vpc.example.com:8443/', 'http://127.0.0.1:9000', 'http://localhost', 'http://[::1]:8080/base'])
      expect(endpointOf(url)).toBe(url);
    for (const url of [
      'http://vpc.cn-hangzhou.aliyuncs.com',
      'http://10.0.0.1:9000',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example/',
      'http://localhost@evil.example',
      'ftp://127.0.0.1',
    ]) {
      expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_ENDPOINT_VPC: url })).toEqual([expect.stringMatching(/^ACK_DRIFT_ENDPOINT_VPC: expected the VPC endpoint URL \(https:\/\//)]);
    }
  });

  it('never repeats the value of a report link or an endpoint override (they can carry tokens)', () => {
    const token = 'SecurityToken=leakme';
    const problems = problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_REPORT_URL: `http://report.example/?${token}`, ACK_DRIFT_ENDPOINT_FC: `http://fc.example/?${token}` });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).not.toContain('leakme');
  });

  it('requires a region when FC_REGION is not set either', () => {
    expect(problemsOf({})).toEqual(['ACK_DRIFT_REGIONS: required (FC_REGION is not set either)']);
  });

  it('checks webhooks field by field without ever repeating their values', () => {
    const token = 'access_token=leakme';
    const problems = problemsOf({
      FC_REGION: 'cn-hangzhou',
      ACK_DRIFT_WEBHOOKS: JSON.stringify([
        { kind: 'pager', name: 'a', url: `https://x/?${token}` },
        { kind: 'slack', name: 'b' },
        { kind: 'slack', name: 'c', url: `https://hooks.slack.com/${token}`, extra: 1 },
      ]),
    });
    expect(problems).toEqual([
      'ACK_DRIFT_WEBHOOKS[0].kind: expected one of dingtalk, lark, wecom, slack, generic',
      'ACK_DRIFT_WEBHOOKS[1]: missing "url"',
      'ACK_DRIFT_WEBHOOKS[2]: unknown key "extra"',
    ]);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: `{${token}` })).toEqual(['ACK_DRIFT_WEBHOOKS: not valid JSON (expected a JSON array of {kind, name, url, secret?})']);
  });

  it('resolves env: references and says which one is missing, or which URL is not one', () => {
    const specs = (url: string, secret?: string) => JSON.stringify([{ kind: 'slack', name: 's', url, ...(secret ? { secret } : {}) }]);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: specs('env:HOOK_URL', 'env:HOOK_SECRET'), HOOK_URL: 'https://example.com/h' })).toEqual([
      'ACK_DRIFT_WEBHOOKS[0].secret: references HOOK_SECRET, which is not set',
    ]);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: specs('env:HOOK_URL'), HOOK_URL: 'ftp://secret-host/x' })).toEqual(['ACK_DRIFT_WEBHOOKS[0].url: not an http(s) URL']);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: specs('env:bad-name') })).toEqual(['ACK_DRIFT_WEBHOOKS[0].url: expected env:NAME with NAME a variable name']);
    const twice = JSON.stringify([
      { kind: 'slack', name: 'same', url: 'https://a.example' },
      { kind: 'slack', name: 'same', url: 'https://b.example' },
    ]);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: twice })).toEqual(['ACK_DRIFT_WEBHOOKS[1].name: "same" is used twice (names make the delivery ids)']);
  });

  it('requires a valid Standard Webhooks key for a generic target, naming the target and never the key', () => {
    const generic = (secret?: string) => JSON.stringify([{ kind: 'generic', name: 'oncall', url: 'https://hooks.example.com/a', ...(secret ? { secret } : {}) }]);
    const key = `whsec_${Buffer.from('a signing key of some length').toString('base64')}`;
    expect(readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: generic(key) }).webhooks).toEqual([expect.objectContaining({ kind: 'generic', secret: key })]);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: generic() })).toEqual([
      'ACK_DRIFT_WEBHOOKS[0].secret: generic webhook "oncall" needs a Standard Webhooks key (whsec_ then base64)',
    ]);
    const malformed = problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: generic('env:HOOK_SECRET'), HOOK_SECRET: 'whsec_not base64!leakme' });
    expect(malformed).toEqual(['ACK_DRIFT_WEBHOOKS[0].secret: the key of generic webhook "oncall" is not a Standard Webhooks key (whsec_ then base64)']);
    expect(problemsOf({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_WEBHOOKS: generic('whsec_') })).toHaveLength(1);
  });

  it('throws an error whose message lists the problems', () => {
    expect(() => readFunctionConfig({ FC_REGION: 'x' })).toThrow(/^invalid configuration:\n {2}FC_REGION: expected the function's region/);
  });
});

describe('run budget', () => {
  it('keeps a margin of a tenth of the timeout, between 1 and 15 seconds', () => {
    expect([3_000, 60_000, 300_000, 86_400_000].map(timeoutMarginMs)).toEqual([1_000, 6_000, 15_000, 15_000]);
  });

  it('defaults to the timeout minus the margin, accepts a deadline that fits, refuses one that does not', () => {
    expect(runBudgetMs(undefined, 300)).toBe(285_000);
    expect(runBudgetMs(120_000, 300)).toBe(120_000);
    expect(() => runBudgetMs(290_000, 300)).toThrow('ACK_DRIFT_DEADLINE_MS: 290000 does not fit the function timeout of 300000 ms less a 15000 ms margin (at most 285000)');
    expect(runBudgetMs(undefined, undefined)).toBe(240_000);
  });

  it('reserves a fifth (at most 30 s) for deliveries, when there are any', () => {
    expect(splitBudget(285_000, true)).toEqual({ auditMs: 255_000, deliveryMs: 30_000 });
    expect(splitBudget(50_000, true)).toEqual({ auditMs: 40_000, deliveryMs: 10_000 });
    expect(splitBudget(50_000, false)).toEqual({ auditMs: 50_000, deliveryMs: 0 });
  });
});
