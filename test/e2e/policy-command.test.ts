/**
 * `ack-drift policy` in-process, with an in-memory io (files are a map): exit codes, text and JSON output, and usage
 * errors that name the bad input without a stack trace.
 */
import { runCli, type CliResult } from '../support/cli';

const T = 'acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-bp1abc';

const FILES: Record<string, string> = {
  'master.json': JSON.stringify({ Version: '1', Statement: [{ Action: ['vpc:*'], Resource: ['*'], Effect: 'Allow' }] }),
  'p5.json': JSON.stringify({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['vpc:*', 'ecs:Describe*'], Resource: '*' },
      { Effect: 'Deny', Action: ['vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry', 'vpc:ModifyRouteEntry'], Resource: 'acs:vpc:*:*:routetable/*' },
    ],
  }),
  'p6.json': JSON.stringify({
    Version: '1',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['vpc:CreateRouteEntry'],
        Resource: ['acs:vpc:cn-hangzhou:*:routetable/vtb-bp1*'],
        Condition: { StringLike: { 'acs:SourceVpc': ['vpc-bp1*'] }, Bool: { 'acs:SecureTransport': 'true' } },
      },
    ],
  }),
  'bad.json': '{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:*","Resource":"*"},{"Effect":"allow","Action":"vpc:*","Resource":"*"}]}',
  'warn.json': JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] }),
  'a/dup.json': JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*' }] }),
  'b/dup.json': JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'vpc:Create*', Resource: '*' }] }),
  // What `aliyun ram GetPolicy` and `aliyun ram GetPolicyVersion` print: the document is a JSON string inside.
  'get-policy.json': JSON.stringify({
    RequestId: 'A1B2',
    Policy: { PolicyName: 'k8sMasterRolePolicy', PolicyType: 'Custom', DefaultVersion: 'v3', Description: '' },
    DefaultPolicyVersion: {
      VersionId: 'v3',
      IsDefaultVersion: true,
      CreateDate: '2026-11-01T00:00:00Z',
      PolicyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'vpc:CreateRouteEntry', Resource: '*' }] }),
    },
  }),
  'get-policy-version.json': JSON.stringify({
    RequestId: 'C3D4',
    PolicyVersion: { VersionId: 'v2', IsDefaultVersion: false, PolicyDocument: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*' }] }) },
  }),
};

/** Runs `ack-drift policy` against the in-memory files; returns the exit code and everything written. */
function run(...argv: string[]): Promise<CliResult> {
  return runCli(
    ['policy', ...argv],
    {},
    {
      readFile: (path) => {
        if (!(path in FILES)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
        return FILES[path];
      },
    },
  );
}

describe('ack-drift policy', () => {
  it('exits 0 on allow and prints the decision first, then the statement and reasons', async () => {
    // When
    const r = await run('--policy', 'master.json', '--action', 'vpc:CreateRouteEntry', '--resource', T);
    // Then
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`allow: vpc:CreateRouteEntry on ${T}`);
    expect(r.stdout).toContain('Statement 1 of policy master.json (version file) — Allow');
    expect(r.stdout).toContain('      "Effect": "Allow"');
    expect(r.stdout).toContain('  - Statement 1 of policy master.json (version file) allows vpc:* on *.');
  });

  it('exits 1 on an explicit deny and explains which statement denies', async () => {
    const r = await run('--policy', 'master.json', '--policy', 'p5.json', '--action', 'vpc:CreateRouteEntry', '--resource', T);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`explicitDeny: vpc:CreateRouteEntry on ${T}`);
    expect(r.stdout).toContain('Statement 2 of policy p5.json (version file) denies vpc:CreateRouteEntry on acs:vpc:*:*:routetable/*.');
  });

  it('exits 1 on an implicit deny, naming the near miss', async () => {
    const r = await run('--policy', 'p6.json', '--action', 'vpc:CreateRouteEntry', '--resource', T.replace('vtb-bp1', 'vtb-bp2'), '--context', 'acs:SourceVpc=vpc-bp1x');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^implicitDeny: /);
    expect(r.stdout).toContain('only on acs:vpc:cn-hangzhou:*:routetable/vtb-bp1* (resource "routetable/vtb-bp1*" does not match "routetable/vtb-bp2abc")');
  });

  it('exits 3 when a condition cannot be decided, and 0 once the context decides it', async () => {
    // Given no context, then a context holding the key (SecureTransport given as text, parsed by the Bool operator)
    const open = await run('--policy', 'p6.json', '--action', 'vpc:CreateRouteEntry', '--resource', T);
    const decided = await run('--policy', 'p6.json', '--action', 'vpc:CreateRouteEntry', '--resource', T, '--context', 'acs:SourceVpc=vpc-bp1x', '--context', 'acs:SecureTransport=true');
    // Then
    expect(open.code).toBe(3);
    expect(open.stdout).toMatch(/^indeterminate: .*\n {2}could be: allow or implicitDeny\n/);
    expect(open.stdout).toContain('the request context has no acs:SourceVpc');
    expect(decided.code).toBe(0);
  });

  it('reads a repeated --context key as a multi-valued key', async () => {
    const r = await run(
      '--policy',
      'p6.json',
      '--action',
      'vpc:CreateRouteEntry',
      '--resource',
      T,
      '--context',
      'acs:SourceVpc=vpc-zz',
      '--context',
      'acs:SourceVpc=vpc-bp1x',
      '--context',
      'acs:SecureTransport=true',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { matched: { conditions: { contextValue: unknown }[] }[] };
    expect(out.matched[0].conditions[0].contextValue).toEqual(['vpc-zz', 'vpc-bp1x']);
  });

  it('prints the JSON contract with --format json', async () => {
    // When
    const r = await run('--policy', 'p5.json', '--action', 'vpc:DeleteRouteEntry', '--resource', T, '--format', 'json');
    // Then
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      decision: 'explicitDeny',
      matched: [
        expect.objectContaining({ policy: 'p5.json', version: 'file', statement: 0, effect: 'Allow', match: 'definite', statementText: expect.any(String) }),
        expect.objectContaining({ policy: 'p5.json', version: 'file', statement: 1, effect: 'Deny', match: 'definite' }),
      ],
      reasons: expect.arrayContaining([expect.stringContaining('Statement 2 of policy p5.json (version file) denies vpc:DeleteRouteEntry')]),
    });
    expect(JSON.parse((out.matched as { statementText: string }[])[1].statementText)).toEqual(JSON.parse(FILES['p5.json']).Statement[1]);
  });

  it('defaults the resource to * and tells same-named files apart by path', async () => {
    const r = await run('--policy', 'a/dup.json', '--policy', 'b/dup.json', '--action', 'vpc:CreateRouteEntry', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { matched: { policy: string }[]; reasons: string[] };
    expect(out.matched.map((m) => m.policy)).toEqual(['a/dup.json', 'b/dup.json']);
    expect(out.reasons.at(-1)).toContain('vpc:CreateRouteEntry on * is denied');
  });

  it('reads what `aliyun ram GetPolicy` and `GetPolicyVersion` print, naming the policy and version from them', async () => {
    const r = await run('--policy', 'get-policy-version.json', '--policy', 'get-policy.json', '--action', 'vpc:CreateRouteEntry', '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { decision: string; matched: { policy: string; version: string }[] };
    expect(out.decision).toBe('explicitDeny');
    expect(out.matched.map((m) => [m.policy, m.version])).toEqual([
      ['get-policy-version.json', 'v2'],
      ['k8sMasterRolePolicy', 'v3'],
    ]);
  });

  it('writes lint warnings to stderr and still evaluates', async () => {
    const r = await run('--policy', 'warn.json', '--action', 'vpc:CreateRouteEntry');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ack-drift policy: warn.json: warning: Statement[0].NotAction: Allow with NotAction allows every action except those listed\n');
  });

  it('prints the usage with --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ack-drift policy \(--policy FILE ... \| --role NAME\)/);
    expect(r.stdout).toContain('Exit codes:\n  0  allow\n  1  explicitDeny or implicitDeny');
  });

  it.each([
    [['--action', 'vpc:CreateRouteEntry'], '--policy FILE or --role NAME is required'],
    [['--policy', 'master.json'], '--action ACTION is required'],
    [['--policy', 'master.json', '--action', 'vpc:Create*'], '--action must be <service>:<action>'],
    [['--policy', 'master.json', '--action', 'vpc\uff1aCreateRouteEntry'], 'got "vpc\\uff1aCreateRouteEntry"'],
    [['--policy', 'master.json', '--action', 'vpc:X', '--resource', 'routetable/vtb-1'], '--resource must be * or an ARN'],
    [['--policy', 'master.json', '--action', 'vpc:X', '--context', 'acs:SourceVpc'], '--context must be KEY=VALUE, got "acs:SourceVpc"'],
    [['--policy', 'master.json', '--action', 'vpc:X', '--format', 'yaml'], '--format yaml: expected one of text, json'],
    [['--policy', 'master.json', '--action', 'vpc:X', '--verbose'], "unknown option '--verbose'"],
    [['--policy', 'master.json', '--action', 'vpc:X', 'extra'], 'too many arguments'],
    [['--policy', 'missing.json', '--action', 'vpc:X'], "missing.json: cannot read: ENOENT: no such file or directory, open 'missing.json'"],
    [['--policy', 'master.json', '--policy', 'bad.json', '--action', 'vpc:X'], 'bad.json: invalid policy document\n  Statement[1].Effect: must be "Allow" or "Deny" (case-sensitive), got "allow"'],
  ])('exits 2 for %j with a message and no stack trace', async (argv, message) => {
    // When
    const r = await run(...argv);
    // Then
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ack-drift policy: /);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
