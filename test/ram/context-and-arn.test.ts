/** The route controller's request context and the ARN helpers. */
import { arnMismatch, instanceArn, parseArn, ramRoleArn, routeTableArn, vpcArn } from '../../shared/ram/arn';
import { evaluate } from '../../shared/ram/evaluate';
import { parsePolicy } from '../../shared/ram/parse';
import { routeControllerContext } from '../../shared/ram/request-context';

describe('routeControllerContext', () => {
  const now = new Date('2026-11-26T08:00:00Z');

  it('builds the context the CCM presents', () => {
    expect(routeControllerContext({ sourceVpc: 'vpc-bp1abc', sourceIp: '192.168.0.194', now })).toEqual({
      'acs:SecureTransport': true,
      'acs:SourceVpc': 'vpc-bp1abc',
      'acs:SourceIp': '192.168.0.194',
      'acs:CurrentTime': '2026-11-26T08:00:00.000Z',
    });
  });

  it('leaves unknown values out, marks a known-absent VPC as null, and adds the AccessKey ID when given', () => {
    expect(routeControllerContext({ sourceVpc: null, now: new Date(NaN), secureTransport: false, accessKeyId: 'LTAI5tExampleKeyId' })).toEqual({
      'acs:SecureTransport': false,
      'acs:SourceVpc': null,
      'acs:AccessId': 'LTAI5tExampleKeyId',
    });
  });

  it('feeds Date, Bool, IP and string conditions, and never shows the whole AccessKey ID', () => {
    // Given
    const parsed = parsePolicy({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'vpc:*',
          Resource: '*',
          Condition: {
            DateLessThan: { 'acs:CurrentTime': '2027-01-01T00:00:00Z' },
            Bool: { 'acs:SecureTransport': 'true' },
            IpAddress: { 'acs:SourceIp': '192.168.0.0/16' },
            StringLike: { 'acs:SourceVpc': 'vpc-bp1*', 'acs:AccessId': 'LTAI*' },
          },
        },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const context = routeControllerContext({ sourceVpc: 'vpc-bp1abc', sourceIp: '192.168.0.194', now, accessKeyId: 'LTAI5tExampleKeyId' });
    // When
    const d = evaluate({ action: 'vpc:CreateRouteEntry', resource: '*', context }, [{ name: 'p', type: 'Custom', version: 'v1', document: parsed.policy }]);
    // Then
    expect(d.decision).toBe('allow');
    expect(JSON.stringify(d)).not.toContain('LTAI5tExampleKeyId');
    expect(d.matched[0].conditions?.find((c) => c.key === 'acs:AccessId')?.contextValue).toBe('LTAI****');
  });
});

describe('ARNs', () => {
  it('builds the ARNs the APIs authorise', () => {
    expect(routeTableArn('cn-hangzhou', '123', 'vtb-1')).toBe('acs:vpc:cn-hangzhou:123:routetable/vtb-1');
    expect(vpcArn('cn-hangzhou', '123', 'vpc-1')).toBe('acs:vpc:cn-hangzhou:123:vpc/vpc-1');
    expect(instanceArn('cn-hangzhou', '123')).toBe('acs:ecs:cn-hangzhou:123:instance/*');
    expect(instanceArn('cn-hangzhou', '123', 'i-1')).toBe('acs:ecs:cn-hangzhou:123:instance/i-1');
    expect(ramRoleArn('123', 'KubernetesMasterRole')).toBe('acs:ram::123:role/KubernetesMasterRole');
  });

  it('parses ARNs, keeping colons of the relative id', () => {
    expect(parseArn('acs:ram::123:role/x')).toEqual({ service: 'ram', region: '', account: '123', relativeId: 'role/x' });
    expect(parseArn('acs:oss:*:123:bucket/a:b')).toEqual({ service: 'oss', region: '*', account: '123', relativeId: 'bucket/a:b' });
    expect(parseArn('acs:vpc:*')).toBeUndefined();
    expect(parseArn('arn:aws:s3:::b')).toBeUndefined();
  });

  it('names the first field that does not match', () => {
    expect(arnMismatch('acs:vpc:*:456:routetable/*', 'acs:vpc:cn-hangzhou:123:routetable/vtb-1', false)).toBe('account "456" does not match "123"');
    expect(arnMismatch('acs:vpc:*:*:vpc/*', 'acs:vpc:cn-hangzhou:123:routetable/vtb-1', false)).toBe('resource "vpc/*" does not match "routetable/vtb-1"');
    expect(arnMismatch('acs:*', 'acs:vpc:cn-hangzhou:123:routetable/vtb-1', false)).toBeUndefined();
  });
});
