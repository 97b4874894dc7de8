/**
 * The auditor's RAM policies against the code: every action a collector or the fleet code calls is granted, and
 * nothing else (least privilege). Actions are read off the source, so a new API call without a policy line fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fleetApis from '../../shared/fleet/apis';

const ROOT = join(__dirname, '..', '..');

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}

function policy(file: string): { Version: string; Statement: Statement[] } {
  return JSON.parse(readFileSync(join(ROOT, 'infra', file), 'utf8')) as { Version: string; Statement: Statement[] };
}

function actionsOf(file: string): string[] {
  return [...new Set(policy(file).Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

function sources(dir: string): string {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'))
    .join('\n');
}

/** `this.rpc('vpc', 'X'`, `this.byNextToken('ecs', 'X'`, `this.byPageNumber(...)` → product:X; `this.roa('X'` → cs:X. */
function collectorActions(): string[] {
  const src = sources('shared/collect');
  const rpc = [...src.matchAll(/this\.(?:rpc|byNextToken|byPageNumber)\(\s*'(\w+)',\s*'(\w+)'/g)].map((m) => `${m[1]}:${m[2]}`);
  const roa = [...src.matchAll(/this\.roa\(\s*'(\w+)'/g)].map((m) => `cs:${m[1]}`);
  return [...new Set([...rpc, ...roa])].sort();
}

describe('infra/ram-policy.json (the audit function role)', () => {
  it('grants exactly the actions the collectors call', () => {
    const called = collectorActions();
    expect(called.length).toBeGreaterThanOrEqual(9);
    expect(actionsOf('ram-policy.json')).toEqual(called);
  });

  it('is allow-only, unconditioned and read-only (Describe/Get/List), with no wildcard and no invoke right', () => {
    const doc = policy('ram-policy.json');
    expect(doc.Version).toBe('1');
    for (const s of doc.Statement) expect(s).toMatchObject({ Effect: 'Allow' });
    for (const a of actionsOf('ram-policy.json')) expect(a).toMatch(/^(cs|vpc|ecs|ram|resourcemanager):(Describe|Get|List)[A-Za-z0-9]+$/);
  });
});

describe('infra/dispatch-ram-policy.json (the dispatch function role)', () => {
  it('grants exactly the fleet APIs: the cluster listing and the invocation of the audit function', () => {
    expect(actionsOf('dispatch-ram-policy.json')).toEqual(Object.values(fleetApis).sort());
  });

  it('limits InvokeFunction to ack-drift-audit', () => {
    const invoke = policy('dispatch-ram-policy.json').Statement.find((s) => [s.Action].flat().includes('fc:InvokeFunction'))!;
    for (const r of [invoke.Resource].flat()) expect(r).toMatch(/^acs:fc:\*:\*:functions\/ack-drift-audit(\/\*)?$/);
  });

  it('shares no action with the audit role', () => {
    const audit = new Set(actionsOf('ram-policy.json'));
    expect(actionsOf('dispatch-ram-policy.json').filter((a) => audit.has(a))).toEqual([]);
  });
});

describe('infra/fc-trust-policy.json', () => {
  it('lets Function Compute, and only it, assume the roles', () => {
    expect(policy('fc-trust-policy.json').Statement).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: ['fc.aliyuncs.com'] } }]);
  });
});
