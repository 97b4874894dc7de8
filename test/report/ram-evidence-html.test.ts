/** RAM evidence as tables: each request once, each deciding statement once with its conditions, Not forms said. */
import { ramEvidenceHtml } from '../../shared/report/ram-evidence-html';

const CONDITIONAL = {
  identityUsedByCcm: true,
  identity: { kind: 'RamRole', name: 'MasterRole', how: null },
  ccmVersion: null,
  actions: ['vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry'].map((action) => ({
    action,
    resource: 'acs:vpc:cn-hangzhou:1:routetable/vtb-1',
    reasons: [`Statement 1 of policy P (version v1) allows ${action} only if acs:SourceVpc is known.`],
    matched: [
      {
        policy: 'P',
        version: 'v1',
        statementIndex: 0,
        statementName: 'statement "OnlyFromVpc" of policy P (v1)',
        statement: {
          Sid: 'OnlyFromVpc',
          Effect: 'Allow',
          Action: 'vpc:*Route*',
          NotResource: ['acs:vpc:*:*:vpc/*'],
          Condition: { StringEquals: { 'acs:SourceVpc': ['vpc-a', 'vpc-b'] }, Bool: { 'acs:SecureTransport': true } },
        },
      },
    ],
  })),
};

describe('ramEvidenceHtml', () => {
  it('lists each request, and the statement that both match once, with its conditions and NotResource', () => {
    const html = ramEvidenceHtml(CONDITIONAL)!;
    expect(html).toContain('<h5>Requests the route controller makes (2)</h5>');
    expect(html).toContain('<h5>Deciding statements (1)</h5>');
    expect(html).toContain('<td data-label="Statement"><div>statement &quot;OnlyFromVpc&quot;</div></td>');
    expect(html).toContain('<td data-label="Resource"><div><span class="sub">all except</span><br><code>acs:vpc:*:*:vpc/*</code></div></td>');
    expect(html).toContain('<td data-label="Condition"><div><code>StringEquals</code> acs:SourceVpc: vpc-a, vpc-b<br><code>Bool</code> acs:SecureTransport: true</div></td>');
    expect(html).not.toContain('as it should be');
  });

  it('leaves evidence without requests or statements to the JSON view', () => {
    expect(ramEvidenceHtml({ routeTableId: 'vtb-1', podCIDR: '172.16.1.0/24' })).toBeUndefined();
    expect(ramEvidenceHtml({ actions: ['not', 'objects'] })).toBeUndefined();
  });
});
