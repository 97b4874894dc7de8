/** Parsing details beyond the case tables: the parsed shape, lint warnings, and explanations of every outcome. */
import { evaluate } from '../../shared/ram/evaluate';
import { parsePolicy } from '../../shared/ram/parse';

describe('parsePolicy', () => {
  it('produces plain JSON data with every statement as written', () => {
    // Given
    const text =
      '{"Version":"1","Statement":[{"Sid":"routes","Effect":"Allow","Action":"vpc:*","Resource":["acs:vpc:*:*:routetable/*"],' +
      '"Condition":{"StringLike":{"acs:SourceVpc":["vpc-a*","vpc-b*"]},"Bool":{"acs:SecureTransport":true}}}]}';
    // When
    const r = parsePolicy(text);
    // Then
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(JSON.parse(JSON.stringify(r.policy))).toEqual(r.policy);
    expect(r.policy.statements[0]).toEqual({
      index: 0,
      sid: 'routes',
      effect: 'Allow',
      actionElement: 'Action',
      actions: ['vpc:*'],
      resources: ['acs:vpc:*:*:routetable/*'],
      conditions: [
        { operator: 'StringLike', known: true, key: 'acs:SourceVpc', values: ['vpc-a*', 'vpc-b*'] },
        { operator: 'Bool', known: true, key: 'acs:SecureTransport', values: [true] },
      ],
      text: JSON.stringify(JSON.parse(text).Statement[0]),
    });
    expect(r.warnings).toEqual([]);
  });

  it('warns about legal constructs that rarely mean what they say', () => {
    const r = parsePolicy({
      Version: '1',
      Statement: [
        { Effect: 'Allow', NotAction: 'ram:*', Resource: '*' },
        { Effect: 'Deny', Action: 'vpc:*', Resource: '*', Condition: { StringEquals: { 'acs:SourceVpc': 'vpc-*', 'acs:SourceIP4': 'x' }, StringLike: { 'acs:SourceIp': '10.*' } } },
      ],
    });
    expect(r.ok && r.warnings).toEqual([
      'Statement[0].NotAction: Allow with NotAction allows every action except those listed',
      'Statement[1].Condition.StringEquals["acs:SourceVpc"]: StringEquals is literal, so * and ? match only themselves; StringLike matches patterns',
      'Statement[1].Condition.StringEquals["acs:SourceIP4"]: acs:SourceIP4 is not a global condition key RAM documents',
      'Statement[1].Condition.StringLike["acs:SourceIp"]: acs:SourceIp holds an IP address; StringLike compares it as String',
    ]);
  });

  it('keeps an undocumented operator only when told to, with a warning', () => {
    const doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:*', Resource: '*', Condition: { 'ForAnyValue:StringLike': { 'acs:SourceVpc': 'vpc-*' } } }] };
    const r = parsePolicy(doc, { unknownOperators: 'indeterminate' });
    expect(r.ok && r.policy.statements[0].conditions[0]).toEqual({ operator: 'ForAnyValue:StringLike', known: false, key: 'acs:SourceVpc', values: ['vpc-*'] });
    expect(r.ok && r.warnings).toEqual(['Statement[0].Condition["ForAnyValue:StringLike"]["acs:SourceVpc"]: ForAnyValue:StringLike is not documented by RAM; statements using it are indeterminate']);
  });
});

describe('explanations', () => {
  const parsed = parsePolicy({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['ecs:*', 'vpc:Create*'], Resource: 'acs:vpc:cn-beijing:*:routetable/*' },
      { Effect: 'Allow', Action: 'vpc:CreateRouteEntry', Resource: '*', Condition: { StringLike: { 'acs:SourceVpc': 'vpc-x*' } } },
      { Effect: 'Allow', NotAction: 'ecs:*', Resource: 'acs:vpc:*:*:vpc/*' },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const policies = [{ name: 'k8sMasterRolePolicy', type: 'Custom' as const, version: 'v3', document: parsed.policy }];

  it('names every near miss of an implicit deny and why it missed', () => {
    // When
    const d = evaluate({ action: 'vpc:CreateRouteEntry', resource: 'acs:vpc:cn-hangzhou:123:routetable/vtb-1', context: { 'acs:SourceVpc': 'vpc-bp1' } }, policies);
    // Then
    expect(d.reasons).toEqual([
      'Statement 1 of policy k8sMasterRolePolicy (version v3) allows vpc:Create* only on acs:vpc:cn-beijing:*:routetable/* (region "cn-beijing" does not match "cn-hangzhou"), not ' +
        'on acs:vpc:cn-hangzhou:123:routetable/vtb-1.',
      'Statement 2 of policy k8sMasterRolePolicy (version v3) allows vpc:CreateRouteEntry, but its condition acs:SourceVpc StringLike "vpc-x*" (request: "vpc-bp1") does not hold.',
      'Statement 3 of policy k8sMasterRolePolicy (version v3) allows vpc:CreateRouteEntry only on acs:vpc:*:*:vpc/* (resource "vpc/*" does not match "routetable/vtb-1"), not on ' +
        'acs:vpc:cn-hangzhou:123:routetable/vtb-1.',
      'implicitDeny: no statement allows vpc:CreateRouteEntry on acs:vpc:cn-hangzhou:123:routetable/vtb-1, and RAM denies by default.',
    ]);
  });

  it('says what NotAction grants', () => {
    const d = evaluate({ action: 'vpc:DescribeVpcs', resource: 'acs:vpc:cn-hangzhou:123:vpc/vpc-1', context: {} }, policies);
    expect(d.reasons[0]).toBe('Statement 3 of policy k8sMasterRolePolicy (version v3) allows every action except ecs:* (so vpc:DescribeVpcs) on acs:vpc:*:*:vpc/*.');
  });

  it('explains an All-Resources miss and an empty policy set', () => {
    const d = evaluate({ action: 'ecs:DescribeInstanceRamRole', resource: '*', context: {} }, policies);
    expect(d.reasons[0]).toContain('(the API authorises on all resources (*), which only a * pattern grants)');
    expect(evaluate({ action: 'vpc:X', resource: '*', context: {} }, []).reasons).toEqual(['implicitDeny: no policy is attached, and RAM denies vpc:X on * by default.']);
  });
});
