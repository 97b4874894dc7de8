/**
 * Every scenario under scenarios/ and test/fixtures/scenarios is audited through the real clients against the
 * simulators and held to the outcome its `expect` block declares: the exit code, exactly the findings that do not pass,
 * exactly the root-cause chains (symptom and root), every check's coverage. Nothing expected here is derived from the
 * report it checks, and a scenario that does not declare its outcome fails.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_CODES } from '../../shared/findings/catalogue';
import type { Report } from '../../shared/report/schema';
import { loadScenario } from '../../shared/scenario/load';
import type { ScenarioExpect } from '../../shared/scenario/schema';
import { runCli } from '../support/cli';

type Ref = NonNullable<ScenarioExpect['findings']>[number];
type Finding = Report['findings'][number];
type Declared = Required<Pick<ScenarioExpect, 'exitCode' | 'findings' | 'rootCauses' | 'coverage'>> & ScenarioExpect;

const yamlIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
const files = [...yamlIn(join(__dirname, '../../scenarios')), ...yamlIn(join(__dirname, '../fixtures/scenarios'))];

const resourceOf = (f: Finding) => f.resource.name ?? f.resource.id ?? '';
const evidenceMatches = (f: Finding, r: Ref) => Object.entries(r.evidence ?? {}).every(([k, v]) => JSON.stringify((f.evidence as Record<string, unknown>)[k]) === JSON.stringify(v));
const matches = (f: Finding, r: Ref) => f.code === r.code && (r.resource === undefined || resourceOf(f) === r.resource) && (r.status === undefined || f.status === r.status) && evidenceMatches(f, r);
/** `status code resource`: one line per finding, so a difference reads as a diff of lines. */
const line = (r: Ref) => `${r.status ?? '?'} ${r.code} ${r.resource ?? '?'}`;
const lineOf = (f: Finding) => line({ code: f.code, resource: resourceOf(f), status: f.status });
const link = (r: Ref) => `${r.code} ${r.resource ?? '?'}`;
const sorted = <T>(xs: T[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe.each(files.map((f) => [f.slice(f.lastIndexOf('/') + 1), f] as const))('scenario %s', (_name, file) => {
  const declared = loadScenario(file).expect;
  // A missing key leaves a value no run produces, so every check below fails too rather than passing vacuously.
  const expected: Declared = { exitCode: Number.NaN, findings: [{ code: 'UNDECLARED' }], rootCauses: [], coverage: {}, ...declared };
  let report: Report;
  let code: number;

  beforeAll(async () => {
    const r = await runCli(['audit', '--scenario', file, '--format', 'json']);
    code = r.code;
    report = JSON.parse(r.stdout) as Report;
  });

  it('declares its outcome: exit code, findings (each with resource and status), root causes, coverage', () => {
    expect(declared?.exitCode).toEqual(expect.any(Number));
    expect(declared?.findings).toEqual(expect.any(Array));
    expect(declared?.rootCauses).toEqual(expect.any(Array));
    expect(declared?.coverage).toEqual(expect.any(Object));
    const refs = [...expected.findings, ...expected.rootCauses.flatMap((rc) => [rc.symptom, ...rc.chain])];
    expect(refs.filter((r) => r.resource === undefined).map(link)).toEqual([]);
    expect(expected.findings.filter((r) => r.status === undefined || r.status === 'pass').map(line)).toEqual([]);
    // A misspelt code would otherwise only ever be "absent".
    const known = new Set<string>(FINDING_CODES);
    expect([...refs, ...(expected.absent ?? []), ...(expected.noCause ?? [])].map((r) => r.code).filter((c) => !known.has(c))).toEqual([]);
  });

  it('exits with the declared code', () => {
    expect(code).toBe(expected.exitCode);
  });

  it('reports exactly the declared findings that do not pass', () => {
    const actual = report.findings.filter((f) => f.status !== 'pass').map(lineOf);
    expect(actual.sort()).toEqual(expected.findings.map(line).sort());
    // Declared evidence values hold on the finding they name.
    for (const r of expected.findings.filter((x) => x.evidence)) expect(report.findings.filter((f) => matches(f, r)).map(lineOf)).toEqual([line(r)]);
  });

  it('reaches exactly the declared root causes, each from its symptom to its root', () => {
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const at = (id: string) => {
      const f = byId.get(id);
      return f ? link({ code: f.code, resource: resourceOf(f) }) : `missing finding ${id}`;
    };
    const actual = report.rootCauses.map((rc) => ({ symptom: at(rc.chain[0]), root: at(rc.findingId), chain: rc.chain.map(at) }));
    const want = expected.rootCauses.map((rc) => ({ symptom: link(rc.symptom), root: link(rc.chain[rc.chain.length - 1]), chain: rc.chain.map(link) }));
    expect(sorted(actual)).toEqual(sorted(want));
  });

  it('has the declared coverage for every check', () => {
    expect(Object.fromEntries(report.coverage.map((c) => [c.check, c.status]))).toEqual(expected.coverage);
    for (const [check, text] of Object.entries(expected.coverageReason ?? {})) expect(report.coverage.find((c) => c.check === check)?.reason).toContain(text);
  });

  it('fails none of the absent findings, and names the declared causes and denials', () => {
    for (const r of expected.absent ?? []) expect(report.findings.filter((f) => f.status === 'fail' && matches(f, r)).map(lineOf)).toEqual([]);
    for (const r of expected.noCause ?? []) {
      const found = report.findings.filter((x) => matches(x, r));
      expect(found.map(lineOf)).toHaveLength(1);
      expect(found[0]?.causedBy).toEqual([]);
      expect(found[0]?.evidence.cause).toMatchObject({ identified: false });
    }
    const denies = report.findings.filter((f) => f.status === 'fail' && f.code === 'RAM_EXPLICIT_DENY');
    const deniedBy = denies.flatMap((f) => f.evidence.deniedBy as { policy: string }[]);
    for (const d of expected.deniedBy ?? []) expect(deniedBy).toContainEqual(expect.objectContaining(d));
    for (const p of expected.notDeniedBy ?? []) expect(deniedBy.map((d) => d.policy)).not.toContain(p);
    const ramDenied = report.findings
      .filter((f) => f.status === 'fail' && (f.code === 'RAM_EXPLICIT_DENY' || f.code === 'RAM_IMPLICIT_DENY'))
      .flatMap((f) => ((f.evidence.deniedActions ?? f.evidence.actions) as { action: string }[]).map((a) => a.action));
    for (const a of expected.deniedActions ?? []) expect(ramDenied).toContain(a);
    for (const a of expected.notDeniedActions ?? []) expect(ramDenied).not.toContain(a);
  });
});
