/** Trust policies: may ecs.aliyuncs.com call sts:AssumeRole on the role (shared/ram/README.md)? */
import { evaluateTrust, trustAllowsEcs } from '../../shared/ram/trust';

const P4 = '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}';

const trust = (...Statement: object[]) => ({ Version: '1', Statement });

describe('trustAllowsEcs', () => {
  it('allows the ACK default trust policy (P4), as text or parsed', () => {
    expect(trustAllowsEcs(P4)).toBe('allow');
    expect(trustAllowsEcs(JSON.parse(P4))).toBe('allow');
  });

  it.each([
    ['another service only', trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'fc.aliyuncs.com' } })],
    ['the account root only', trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: ['acs:ram::1234567890123456:root'] } })],
    ['another action', trust({ Action: 'sts:GetCallerIdentity', Effect: 'Allow', Principal: { Service: 'ecs.aliyuncs.com' } })],
    ['an explicit Deny for ECS', trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: '*' } }, { Action: 'sts:*', Effect: 'Deny', Principal: { Service: 'ecs.aliyuncs.com' } })],
    ['an Allow that depends on a condition', trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.aliyuncs.com' }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } })],
  ])('denies with %s', (_what, doc) => {
    expect(trustAllowsEcs(doc)).toBe('deny');
  });

  it('allows a wildcard service principal and a wildcard action', () => {
    expect(trustAllowsEcs(trust({ Action: 'sts:*', Effect: 'Allow', Principal: { Service: ['*.aliyuncs.com'] } }))).toBe('allow');
  });

  it.each([
    ['invalid JSON', '{"Statement":['],
    ['no Principal', trust({ Action: 'sts:AssumeRole', Effect: 'Allow' })],
    ['a lower-case effect', trust({ Action: 'sts:AssumeRole', Effect: 'allow', Principal: { Service: 'ecs.aliyuncs.com' } })],
  ])('reports %s as invalid', (_what, doc) => {
    expect(trustAllowsEcs(doc)).toBe('invalid');
  });
});

describe('evaluateTrust', () => {
  it('explains a conditional trust as indeterminate', () => {
    // Given
    const doc = trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.aliyuncs.com' }, Condition: { StringEquals: { 'sts:ExternalId': 'x' } } });
    // When
    const r = evaluateTrust(doc);
    // Then
    expect(r.ok && r.decision.decision).toBe('indeterminate');
    expect(r.ok && r.decision.reasons[0]).toBe(
      'Statement 1 of policy AssumeRolePolicyDocument (version current) would allow sts:AssumeRole to Service ecs.aliyuncs.com only if sts:ExternalId StringEquals "x" — the ' +
        'request context has no sts:ExternalId; it cannot be known offline.',
    );
  });

  it('evaluates another principal and a Resource-scoped statement', () => {
    const doc = trust({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: 'acs:ram::1234567890123456:root' }, Resource: 'acs:ram::1234567890123456:role/k8s*' });
    const root = { type: 'RAM' as const, id: 'acs:ram::1234567890123456:root' };
    const yes = evaluateTrust(doc, { principal: root, roleArn: 'acs:ram::1234567890123456:role/k8smasterrole' });
    const no = evaluateTrust(doc, { principal: root, roleArn: 'acs:ram::1234567890123456:role/other' });
    expect(yes.ok && yes.decision.decision).toBe('allow');
    expect(no.ok && no.decision.decision).toBe('implicitDeny');
  });
});
