/**
 * Route-controller permission profiles by CCM version, and legacy `ecs:` route-write grants counted as route writes
 * (shared/ram/README.md).
 */
import type { AttachedPolicy } from '../../shared/ram/model';
import { parsePolicy } from '../../shared/ram/parse';
import { ccmProfile, evaluateRequiredAction, parseCcmVersion, requiredRouteControllerActions, type RequiredAction } from '../../shared/ram/profiles';

const TARGET = { region: 'cn-hangzhou', account: '1234567890123456', vpcId: 'vpc-bp1abc', routeTableIds: ['vtb-bp1abc'] };
const TABLE = 'acs:vpc:cn-hangzhou:1234567890123456:routetable/vtb-bp1abc';

function attached(...statements: object[]): AttachedPolicy[] {
  const r = parsePolicy({ Version: '1', Statement: statements });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return [{ name: 'p', type: 'Custom', version: 'v1', document: r.policy }];
}

const pairs = (rs: RequiredAction[]) => rs.map((r) => `${r.action} ${r.resource}`);

describe('CCM versions', () => {
  it.each([
    ['v1.9.3.339-g9830b58-aliyun', { major: 1, minor: 9, patch: 3, build: 339 }],
    ['v2.10.1', { major: 2, minor: 10, patch: 1 }],
    ['2.1.0', { major: 2, minor: 1, patch: 0 }],
    ['registry-vpc.cn-hangzhou.aliyuncs.com/acs/cloud-controller-manager-amd64:v1.9.3.339-g9830b58-aliyun', { major: 1, minor: 9, patch: 3, build: 339 }],
    ['registry.example.com:5000/acs/ccm:v2.10.1@sha256:abcd', { major: 2, minor: 10, patch: 1 }],
  ])('parses %s', (tag, version) => {
    expect(parseCcmVersion(tag)).toEqual(version);
  });

  it.each(['latest', 'v2', '', 'v1.9.x', 'ccm'])('does not parse %j', (tag) => {
    expect(parseCcmVersion(tag)).toBeUndefined();
  });

  it.each([
    ['v1.9.3.339-g9830b58-aliyun', 'legacy'],
    ['v1.9.3', 'legacy'],
    ['v1.9.30', 'union'],
    ['v1.9.2', 'union'],
    ['v2.0.0', 'v2'],
    ['v3.1.0', 'v2'],
    ['latest', 'union'],
    [undefined, 'union'],
  ])('%s has profile %s', (tag, profile) => {
    expect(ccmProfile(tag)).toBe(profile);
  });
});

describe('required route-controller actions', () => {
  it('legacy v1.9.3.x needs DescribeVpcs on the cluster VPC and route writes on each table', () => {
    expect(pairs(requiredRouteControllerActions('v1.9.3.339-g9830b58-aliyun', TARGET))).toEqual([
      'vpc:DescribeVpcs acs:vpc:cn-hangzhou:1234567890123456:vpc/vpc-bp1abc',
      `vpc:DescribeRouteEntryList ${TABLE}`,
      `vpc:CreateRouteEntry ${TABLE}`,
      `vpc:DeleteRouteEntry ${TABLE}`,
      `vpc:DescribeRouteTables ${TABLE}`,
      'ecs:DescribeInstances acs:ecs:cn-hangzhou:1234567890123456:instance/*',
    ]);
  });

  it('v2 needs DescribeRouteTableList on routetable/* instead of DescribeVpcs, and no ECS call', () => {
    expect(pairs(requiredRouteControllerActions('v2.10.1', TARGET))).toEqual([
      'vpc:DescribeRouteTableList acs:vpc:cn-hangzhou:1234567890123456:routetable/*',
      `vpc:DescribeRouteEntryList ${TABLE}`,
      `vpc:CreateRouteEntry ${TABLE}`,
      `vpc:DeleteRouteEntry ${TABLE}`,
    ]);
  });

  it('v2 with routeTableIDs configured never lists the tables', () => {
    expect(requiredRouteControllerActions('v2.10.1', { ...TARGET, tablesConfigured: true }).map((r) => r.action)).not.toContain('vpc:DescribeRouteTableList');
  });

  it.each([
    ['v2.10.1', false],
    ['v2.11.1', false],
    ['v2.11.2', true],
    ['v2.12.4', true],
    ['v3.0.0', true],
  ])('%s calls the batch route APIs: %s', (tag, batch) => {
    const actions = requiredRouteControllerActions(tag, TARGET).map((r) => r.action);
    expect(actions.includes('vpc:CreateRouteEntries')).toBe(batch);
    expect(actions.includes('vpc:DeleteRouteEntries')).toBe(batch);
  });

  it('an unknown version needs the union, for every table, with reasons', () => {
    const rs = requiredRouteControllerActions(undefined, { ...TARGET, routeTableIds: ['vtb-1', 'vtb-2'] });
    expect(rs.map((r) => r.action)).toEqual([
      'vpc:DescribeVpcs',
      'vpc:DescribeRouteTableList',
      'vpc:DescribeRouteEntryList',
      'vpc:CreateRouteEntry',
      'vpc:DeleteRouteEntry',
      'vpc:DescribeRouteTables',
      'vpc:CreateRouteEntries',
      'vpc:DeleteRouteEntries',
      'vpc:DescribeRouteEntryList',
      'vpc:CreateRouteEntry',
      'vpc:DeleteRouteEntry',
      'vpc:DescribeRouteTables',
      'vpc:CreateRouteEntries',
      'vpc:DeleteRouteEntries',
      'ecs:DescribeInstances',
    ]);
    expect(rs.every((r) => r.why.length > 20)).toBe(true);
    expect(rs.find((r) => r.action === 'vpc:CreateRouteEntry')?.alternatives).toEqual(['ecs:CreateRouteEntry']);
  });

  it('without configured tables, route actions authorise on every table of the VPC', () => {
    const rs = requiredRouteControllerActions('v2.10.1', { ...TARGET, routeTableIds: [] });
    expect(rs.filter((r) => r.action.includes('RouteEntry')).map((r) => r.resource)).toEqual(Array(3).fill('acs:vpc:cn-hangzhou:1234567890123456:routetable/*'));
  });
});

describe('route writes granted in the legacy ecs: namespace', () => {
  const create = requiredRouteControllerActions('v2.10.1', TARGET).find((r) => r.action === 'vpc:CreateRouteEntry') as RequiredAction;

  it('never grant the vpc: permission by default: the CCM calls the VPC endpoint', () => {
    // Given a P1-style grant of ecs:CreateRouteEntry only
    const policies = attached({ Effect: 'Allow', Action: ['ecs:CreateRouteEntry'], Resource: ['*'] });
    // When / Then: denied, as `ack-drift policy --action vpc:CreateRouteEntry` says
    expect(evaluateRequiredAction(create, {}, policies).decision).toBe('implicitDeny');
    // Unless asked to count them
    const d = evaluateRequiredAction(create, {}, policies, { routeWriteAliases: true });
    expect(d.decision).toBe('allow');
    expect(d.matched.map((m) => m.statement)).toEqual([0]);
    expect(d.reasons.at(-1)).toBe('vpc:CreateRouteEntry or ecs:CreateRouteEntry are the same permission: met when either is allowed and neither is explicitly denied.');
  });

  it('do not survive an explicit deny of either form', () => {
    const policies = attached({ Effect: 'Allow', Action: 'ecs:CreateRouteEntry', Resource: '*' }, { Effect: 'Deny', Action: 'vpc:CreateRouteEntry', Resource: '*' });
    expect(evaluateRequiredAction(create, {}, policies, { routeWriteAliases: true }).decision).toBe('explicitDeny');
  });

  it('list a statement matching both forms once', () => {
    const d = evaluateRequiredAction(create, {}, attached({ Effect: 'Allow', Action: '*', Resource: '*' }), { routeWriteAliases: true });
    expect(d.decision).toBe('allow');
    expect(d.matched).toHaveLength(1);
  });

  it('combine undecided outcomes exactly', () => {
    // Given an undecided Deny on the vpc: form and a definite Allow of the ecs: form
    const policies = attached(
      { Effect: 'Allow', Action: 'ecs:CreateRouteEntry', Resource: '*' },
      { Effect: 'Deny', Action: 'vpc:CreateRouteEntry', Resource: '*', Condition: { Bool: { 'acs:MFAPresent': 'false' } } },
    );
    // When
    const d = evaluateRequiredAction(create, {}, policies, { routeWriteAliases: true });
    // Then the Deny may or may not apply: allow or explicitDeny
    expect(d.decision).toBe('indeterminate');
    expect(d.possibleDecisions).toEqual(['allow', 'explicitDeny']);
    // And an undecided Allow of one form beside a definite Allow of the other is simply allow
    const both = attached(
      { Effect: 'Allow', Action: 'ecs:CreateRouteEntry', Resource: '*' },
      { Effect: 'Allow', Action: 'vpc:CreateRouteEntry', Resource: '*', Condition: { Bool: { 'acs:MFAPresent': 'true' } } },
    );
    expect(evaluateRequiredAction(create, {}, both, { routeWriteAliases: true }).decision).toBe('allow');
  });

  it('leave actions without alternatives to plain evaluation', () => {
    const list = requiredRouteControllerActions('v2.10.1', TARGET).find((r) => r.action === 'vpc:DescribeRouteEntryList') as RequiredAction;
    expect(evaluateRequiredAction(list, {}, attached({ Effect: 'Allow', Action: 'ecs:*', Resource: '*' })).decision).toBe('implicitDeny');
  });
});
