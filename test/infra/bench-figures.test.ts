/** `npm run bench`'s verdicts (bench/figures.ts) and its README rewrite (bench/readme.ts), on fixed numbers: no timing here. */
import { figures, quiet, report, type Result } from '../../bench/figures';
import { BEGIN, END, rewriteReadme } from '../../bench/readme';

const result = (over: Partial<Result> = {}): Result => ({
  nodes: 5000,
  routeTables: 1,
  routeEntries: 5002,
  apiCalls: 131,
  minApiCalls: 131,
  wallMs: 1500,
  warmWallMs: [1490, 1500, 1620],
  lowerBoundMs: 1060,
  peakRssMb: 150,
  coldStartMs: 200,
  bareNodeMs: 85,
  freshProcesses: 3,
  loadMs: 100,
  firstWallMs: 1540,
  firstExtraMs: 140,
  firstCpuMs: 600,
  cpuMs: 400,
  findings: {},
  ...over,
});

const calm = { cores: 2, loadBefore: 0.4, loadAfter: 1.1, node: '20.20.2' };

describe('the figures of one size', () => {
  it('compares each figure of the issue with its limit', () => {
    // Given a run inside every limit, then one just outside each
    expect(figures(result()).map((f) => [f.name, f.pass])).toEqual([
      ['API calls', true],
      ['wall time (warm, median of 3)', true],
      ['peak RSS', true],
      ['cold load of dist/audit', true],
      ['first invocation − warm (median of 3 fresh processes)', true],
    ]);
    const over = figures(result({ apiCalls: 145, wallMs: 1591, peakRssMb: 257, coldStartMs: 213, firstExtraMs: 151 }));
    expect(over.map((f) => f.pass)).toEqual([false, false, false, false, false]);
    expect(over[1]).toMatchObject({ measured: '1591 ms', against: 'bound 1060 ms', limit: '≤ 1.5×' });
    expect(over[1].ratio).toBeCloseTo(1.501, 3);
  });

  it('allows 10,000 nodes under the function’s 512 MB, not 256', () => {
    expect(figures(result({ nodes: 10000, peakRssMb: 400 }))[2]).toMatchObject({ limit: '≤ 512 MB', pass: true });
    expect(figures(result({ nodes: 10000, peakRssMb: 512 }))[2].pass).toBe(false);
  });

  it('prints the verdict and says when the machine was busy', () => {
    expect(report([result()], calm)).toContain('every figure is within its limit');
    const busy = report([result({ wallMs: 2000 })], { ...calm, loadBefore: 7.3 });
    // The load after the run counts the benchmark's own processes: it is printed, not judged.
    expect(report([result()], { ...calm, loadAfter: 2.4 })).not.toContain('busy');
    expect(busy).toContain('over the limit: 5000 nodes: wall time (warm, median of 3)');
    expect(busy).toContain('the machine was busy (load above 1.5 on 2 cores)');
  });
});

describe('the README rewrite', () => {
  const readme = `# x\n\nbefore\n${BEGIN}\nold table\n${END}\nafter\n`;
  const at = new Date('2026-11-28T19:40:12.345Z');

  it('replaces only the block between the markers, naming when, where and at what load', () => {
    // When
    const out = rewriteReadme(readme, [result(), result({ nodes: 10000, routeTables: 2 })], calm, at, false);
    // Then
    expect(out.startsWith(`# x\n\nbefore\n${BEGIN}\n`)).toBe(true);
    expect(out.endsWith(`${END}\nafter\n`)).toBe(true);
    expect(out).not.toContain('old table');
    expect(out).toContain('on 2026-11-28 19:40 UTC: 2 cores, Node.js 20.20.2, load average (1 min) 0.4 before and 1.1 after');
    expect(out).toMatch(/\| 5000 +\| 1 +\| 5002 +\| 131 \(131\) 1\.00× ≤ 1\.1× pass \| 1500 \(1060\) 1\.42× ≤ 1\.5× pass \|/);
    expect(out).toMatch(/\| 10000 +\| 2 /);
  });

  it('refuses on a busy machine unless forced, and without its markers', () => {
    const busy = { ...calm, loadBefore: 1.6 };
    expect(quiet(busy)).toBe(false);
    expect(() => rewriteReadme(readme, [result()], busy, at, false)).toThrow('the load average was 1.6 before the run (above 1.5 on 2 cores): README.md not rewritten');
    expect(rewriteReadme(readme, [result()], busy, at, true)).toContain('load average (1 min) 1.6 before');
    expect(() => rewriteReadme('# no block\n', [result()], calm, at, true)).toThrow(/has no .* block to rewrite/);
  });
});
