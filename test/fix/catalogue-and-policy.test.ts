/** The action catalogue is the SDK models' list, and the remediation policy grants exactly what `fix --apply` calls. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import catalogue from '../../shared/ram/actions.json';

const ROOT = join(__dirname, '..', '..');
const { catalogue: fromSdk } = require('../../scripts/action-catalogue.js') as { catalogue(): Record<string, string[]> };

describe('shared/ram/actions.json', () => {
  it('is what scripts/action-catalogue.js reads from the installed SDK models (rerun it after upgrading them)', () => {
    expect(catalogue).toEqual(fromSdk());
    expect((catalogue as Record<string, string[]>).vpc).toEqual(expect.arrayContaining(['CreateRouteEntry', 'DeleteRouteEntry', 'DescribeRouteEntryList', 'DescribeVpcs', 'DescribeRouteTableList']));
  });
});

describe('infra/remediate-ram-policy.json', () => {
  const doc = JSON.parse(readFileSync(join(ROOT, 'infra/remediate-ram-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[]; Resource: string | string[] }[] };
  const granted = doc.Statement.flatMap((s) => s.Action).sort();
  const sources = readdirSync(join(ROOT, 'shared/fix'))
    .map((f) => readFileSync(join(ROOT, 'shared/fix', f), 'utf8'))
    .join('\n');

  it('grants exactly the calls of shared/fix (writes, and the reads that check and verify them)', () => {
    const ram = [...sources.matchAll(/ram\.request\('(\w+)'|product: 'ram', action: '(\w+)'|action: '(CreatePolicyVersion)'/g)].map((m) => `ram:${m[1] ?? m[2] ?? m[3]}`);
    const vpc = [...sources.matchAll(/vpc\.request\('(\w+)'|routeCall\('(\w+)'/g)].map((m) => `vpc:${m[1] ?? m[2]}`);
    const called = [...new Set([...ram, ...vpc, 'vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry'])].sort();
    // DeletePolicyVersion: the rotate strategy deletes the oldest version when the policy has five; ListPolicyVersions
    // lets a person see the versions the plan names.
    expect(granted).toEqual([...new Set([...called, 'ram:DeletePolicyVersion', 'ram:ListPolicyVersions'])].sort());
  });

  it('is allow-only and scoped to one policy, one role and one route table', () => {
    for (const s of doc.Statement) {
      expect(s.Effect).toBe('Allow');
      for (const r of [s.Resource].flat()) expect(r).toMatch(/^acs:(ram:\*:ACCOUNT_ID:(policy\/POLICY_NAME|role\/ROLE_NAME)|vpc:REGION:ACCOUNT_ID:routetable\/ROUTE_TABLE_ID)$/);
    }
  });
});
