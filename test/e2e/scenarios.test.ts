/**
 * Every scenario under test/fixtures/scenarios is audited through the real clients against the simulators and
 * its `expect` block is checked: the root-cause chains, findings that must be there, codes that must not.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../shared/scenario/load';
import type { Report } from '../../shared/report/schema';
import { runCli } from '../support/cli';

interface Ref {
  code: string;
  resource?: string;
  status?: string;
  /** Evidence fields the finding must carry with exactly these values. */
  evidence?: Record<string, unknown>;
}
interface Expect {
  rootCauses?: { symptom: Ref; chain: Ref[] }[];
  findings?: Ref[];
  absent?: Ref[];
  coverage?: Record<string, string>;
  noCause?: Ref[];
  deniedBy?: { policy: string; statementIndex: number }[];
  /** Actions a failing RAM finding must name as denied (explicitly or implicitly). */
  deniedActions?: string[];
  /** Actions no failing RAM finding may name as denied. */
  notDeniedActions?: string[];
  /** Policies no RAM_EXPLICIT_DENY may name (a policy attached at another resource group, say). */
  notDeniedBy?: string[];
  /** Text each check's coverage reason must contain. */
  coverageReason?: Record<string, string>;
}

const dir = join(__dirname, '../fixtures/scenarios');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

const refOf = (f: Report['findings'][number]) => ({ code: f.code, resource: f.resource.name ?? f.resource.id ?? '', status: f.status });
const evidenceMatches = (f: Report['findings'][number], r: Ref) => Object.entries(r.evidence ?? {}).every(([k, v]) => JSON.stringify((f.evidence as Record<string, unknown>)[k]) === JSON.stringify(v));
const matches = (f: Report['findings'][number], r: Ref) =>
  f.code === r.code && (r.resource === undefined || refOf(f).resource === r.resource) && (r.status === undefined || f.status === r.status) && evidenceMatches(f, r);

describe.each(files)('scenario %s', (file) => {
  const expected = (loadScenario(join(dir, file)).expect ?? {}) as Expect;
  let report: Report;
  let code: number;

  beforeAll(async () => {
    const r = await runCli(['audit', '--scenario', join(dir, file), '--format', 'json']);
    code = r.code;
    report = JSON.parse(r.stdout) as Report;
  });

  it('exits as the findings say', () => {
    const failing = report.findings.some((f) => f.status === 'fail' && ['critical', 'high'].includes(f.severity));
    const incomplete = report.findings.some((f) => f.status === 'unknown') || report.coverage.some((c) => c.status === 'partial' || c.status === 'failed');
    expect(code).toBe(failing ? 1 : incomplete ? 3 : 0);
  });

  it('reaches the expected root causes', () => {
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const chains = report.rootCauses.map((rc) => rc.chain.map((id) => refOf(byId.get(id)!)).map(({ code: c, resource }) => ({ code: c, resource })));
    for (const rc of expected.rootCauses ?? []) expect(chains).toContainEqual(rc.chain);
    if (expected.rootCauses === undefined && expected.findings?.length === 0) expect(report.rootCauses).toEqual([]);
  });

  it('has the expected findings and none of the absent ones', () => {
    for (const r of expected.findings ?? []) expect(report.findings.filter((f) => matches(f, r)).map(refOf)).not.toEqual([]);
    if (expected.findings?.length === 0) expect(report.findings.filter((f) => f.status === 'fail').map(refOf)).toEqual([]);
    for (const r of expected.absent ?? []) expect(report.findings.filter((f) => f.status === 'fail' && matches(f, r)).map(refOf)).toEqual([]);
    for (const r of expected.noCause ?? []) {
      const f = report.findings.find((x) => matches(x, r))!;
      expect(f.causedBy).toEqual([]);
      expect(f.evidence.cause).toMatchObject({ identified: false });
    }
    for (const d of expected.deniedBy ?? []) {
      const deny = report.findings.find((f) => f.code === 'RAM_EXPLICIT_DENY')!;
      expect(deny.evidence.deniedBy).toContainEqual(expect.objectContaining(d));
    }
    const ramDenied = report.findings
      .filter((f) => f.status === 'fail' && (f.code === 'RAM_EXPLICIT_DENY' || f.code === 'RAM_IMPLICIT_DENY'))
      .flatMap((f) => ((f.evidence.deniedActions ?? f.evidence.actions) as { action: string }[]).map((a) => a.action));
    for (const a of expected.deniedActions ?? []) expect(ramDenied).toContain(a);
    for (const a of expected.notDeniedActions ?? []) expect(ramDenied).not.toContain(a);
    const denyPolicies = report.findings.filter((f) => f.code === 'RAM_EXPLICIT_DENY').flatMap((f) => (f.evidence.deniedBy as { policy: string }[]).map((d) => d.policy));
    for (const p of expected.notDeniedBy ?? []) expect(denyPolicies).not.toContain(p);
  });

  it('has the expected coverage and no unexplained unknowns', () => {
    for (const [check, status] of Object.entries(expected.coverage ?? {})) expect(report.coverage.find((c) => c.check === check)?.status).toBe(status);
    for (const [check, text] of Object.entries(expected.coverageReason ?? {})) expect(report.coverage.find((c) => c.check === check)?.reason).toContain(text);
    const unknowns = report.findings.filter((f) => f.status === 'unknown');
    for (const u of unknowns) expect(expected.findings ?? []).toContainEqual(expect.objectContaining({ code: u.code, status: 'unknown' }));
  });
});
