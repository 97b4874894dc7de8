/**
 * The catalogue is the one record per code: the generated docs and SARIF rules follow it, every code is produced by
 * a check fixture (test/checks/driver.test.ts proves the fixture really produces it), and each code's owning check
 * is the fixture folder that produces it. `UPDATE_DOCS=1 npx jest test/findings` rewrites docs/codes.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, FINDING_CODES, codeInfo } from '../../shared/findings/catalogue';
import { renderCodesDoc } from '../../shared/findings/codes-doc';
import { SARIF_LEVEL, sarifRules } from '../../shared/report/sarif-rules';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'checks', 'fixtures');

/** code → the check folders whose fixtures expect it. */
function producedBy(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const check of readdirSync(fixtures)) {
    for (const file of readdirSync(join(fixtures, check)).filter((f) => f.endsWith('.json'))) {
      const fx = JSON.parse(readFileSync(join(fixtures, check, file), 'utf8')) as { expect: { findings: { code: string }[] } };
      for (const f of fx.expect.findings) out.set(f.code, new Set([...(out.get(f.code) ?? []), check]));
    }
  }
  return out;
}

describe('finding catalogue', () => {
  it('docs/codes.md is generated from it', () => {
    const file = join(root, 'docs', 'codes.md');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, renderCodesDoc());
    expect(readFileSync(file, 'utf8')).toBe(renderCodesDoc());
  });

  it('every code is produced by a check fixture, and only by the check the catalogue names', () => {
    const produced = producedBy();
    for (const code of FINDING_CODES) {
      expect({ code, checks: [...(produced.get(code) ?? [])] }).toEqual({ code, checks: expect.arrayContaining([expect.any(String)]) });
      const owner = CATALOGUE[code].check;
      if (owner !== 'any') expect({ code, checks: [...produced.get(code)!] }).toEqual({ code, checks: [owner] });
    }
    // A fixture expecting a code the catalogue does not know is stale.
    for (const code of produced.keys()) expect(codeInfo(code)).toBeDefined();
  });

  it('names a remediation builder that exists', () => {
    for (const code of FINDING_CODES) {
      const [file, fn] = CATALOGUE[code].remediation.split('#');
      const path = join(root, 'shared', file);
      expect({ code, exists: existsSync(path) }).toEqual({ code, exists: true });
      expect({ code, defines: new RegExp(`function ${fn}\\b`).test(readFileSync(path, 'utf8')) }).toEqual({ code, defines: true });
    }
  });

  it('gives every code a title, a risk and, for repairable drift, the actions the repair needs', () => {
    for (const code of FINDING_CODES) {
      const info = codeInfo(code)!;
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.risk).toMatch(/^[A-Z].{20,}\.$/);
      expect(Boolean(info.repairActions?.length)).toBe(info.correlation === 'route-repairable');
    }
  });

  it('generates one SARIF rule per code, in catalogue order, with its level and risk', () => {
    const rules = sarifRules(['SOMETHING_NEW']);
    expect(rules.map((r) => r.id)).toEqual([...FINDING_CODES, 'SOMETHING_NEW']);
    for (const r of rules.slice(0, FINDING_CODES.length)) {
      const info = codeInfo(r.id)!;
      expect(r.defaultConfiguration?.level).toBe(SARIF_LEVEL[info.severity]);
      expect(r.fullDescription?.text).toBe(info.risk);
      expect(r.properties?.check).toBe(info.check);
    }
  });
});
