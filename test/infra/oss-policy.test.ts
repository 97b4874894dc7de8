/**
 * infra/oss-policy.json (attached to both function roles, BUCKET and PREFIX replaced at deployment): the OSS calls
 * the state store makes are granted on the prefix and nowhere else. Actions are read off the store's source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../shared/ram/parse';
import { evaluate } from '../../shared/ram/evaluate';

const ROOT = join(__dirname, '..', '..');
const text = readFileSync(join(ROOT, 'infra', 'oss-policy.json'), 'utf8')
  .replace(/BUCKET/g, 'reports')
  .replace(/PREFIX/g, 'ack-drift');

/** OSS operations the store calls (`'PutObject'`… in StateError names) and the RAM action each needs. */
const RAM_ACTION: Record<string, string> = { GetObject: 'oss:GetObject', PutObject: 'oss:PutObject', DeleteObject: 'oss:DeleteObject', ListObjectsV2: 'oss:ListObjects' };

function storeOperations(): string[] {
  const src = readFileSync(join(ROOT, 'shared', 'state', 'oss-store.ts'), 'utf8');
  return [...new Set([...src.matchAll(/'(GetObject|PutObject|DeleteObject|ListObjectsV2)'/g)].map((m) => m[1]))].sort();
}

describe('infra/oss-policy.json', () => {
  it('grants exactly the actions the OSS store calls', () => {
    const doc = JSON.parse(text) as { Statement: { Action: string[] }[] };
    const granted = [...new Set(doc.Statement.flatMap((s) => s.Action))].sort();
    expect(granted).toEqual(
      storeOperations()
        .map((op) => RAM_ACTION[op])
        .sort(),
    );
  });
});

describe('infra/oss-policy.json evaluated by the RAM engine', () => {
  it('allows objects and listings under the prefix, and denies everything else', () => {
    const parsed = parsePolicy(text);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const attached = [{ name: 'ack-drift-oss', type: 'Custom' as const, version: 'v1', document: parsed.policy }];
    const decide = (action: string, resource: string, context: Record<string, string> = {}) => evaluate({ action, resource, context }, attached).decision;
    expect(decide('oss:PutObject', 'acs:oss:*:1837462005813702:reports/ack-drift/c1/latest.json')).toBe('allow');
    expect(decide('oss:GetObject', 'acs:oss:*:1837462005813702:reports/ack-drift/fleet.json')).toBe('allow');
    expect(decide('oss:ListObjects', 'acs:oss:*:1837462005813702:reports', { 'oss:Prefix': 'ack-drift/c1/' })).toBe('allow');
    expect(decide('oss:PutObject', 'acs:oss:*:1837462005813702:reports/other/x')).not.toBe('allow');
    expect(decide('oss:GetObject', 'acs:oss:*:1837462005813702:elsewhere/ack-drift/x')).not.toBe('allow');
    expect(decide('oss:ListObjects', 'acs:oss:*:1837462005813702:reports', { 'oss:Prefix': 'other/' })).not.toBe('allow');
    expect(decide('oss:DeleteBucket', 'acs:oss:*:1837462005813702:reports')).not.toBe('allow');
  });
});
