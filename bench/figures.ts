/**
 * What `npm run bench` reports: every figure issue #18 bounds (API calls, wall time, peak memory, cold load, the
 * first invocation's extra cost), each with its bound, its limit and pass/fail, and the table the README shows.
 * Pure: the measuring is bench/bench.ts's.
 */

/** One measured cluster size. */
export interface Result {
  nodes: number;
  routeTables: number;
  routeEntries: number;
  apiCalls: number;
  minApiCalls: number;
  /** The warm audits' median wall time, and every warm audit's. */
  wallMs: number;
  warmWallMs: number[];
  lowerBoundMs: number;
  peakRssMb: number;
  /** `node -e 'require(dist/audit/index.js)'` and `node -e 0`, medians of interleaved fresh processes. */
  coldStartMs: number;
  bareNodeMs: number;
  /** Fresh audit processes measured; each loads its bundle, then audits a first time (wallMs is the warm audits' median). */
  freshProcesses: number;
  /** Medians over the fresh processes: the bundle's load and the first audit. */
  loadMs: number;
  firstWallMs: number;
  /** What the first invocation costs beyond a warm one: the median of load + first audit, minus the warm median. */
  firstExtraMs: number;
  /** CPU time of the first and of the warm audits (median; user + system). */
  firstCpuMs: number;
  cpuMs: number;
  findings: Record<string, number>;
}

/** One figure against its limit. */
export interface Figure {
  name: string;
  /** The measured value, as printed (`1512 ms`). */
  measured: string;
  /** What the measured value is compared with (`bound 1060 ms`), empty when the limit is absolute. */
  against: string;
  /** The ratio to that, when there is one. */
  ratio?: number;
  /** The limit (`≤ 1.5×`, `≤ 256 MB`). */
  limit: string;
  pass: boolean;
}

/** The limits of issue #18's "Done when". */
export const LIMITS = { calls: 1.1, wall: 1.5, cold: 2.5, firstExtraMs: 150, rssMb: 256, largeRssMb: 512 } as const;

/** The memory limit of a size: 256 MB up to 5,000 nodes, and under the function's 512 MB above. */
export function rssLimitMb(nodes: number): number {
  return nodes > 5000 ? LIMITS.largeRssMb : LIMITS.rssMb;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

/** The figures of one size, in the order the issue lists them. */
export function figures(r: Result): Figure[] {
  const calls = ratio(r.apiCalls, r.minApiCalls);
  const wall = ratio(r.wallMs, r.lowerBoundMs);
  const cold = ratio(r.coldStartMs, r.bareNodeMs);
  const rss = rssLimitMb(r.nodes);
  return [
    { name: 'API calls', measured: String(r.apiCalls), against: `minimum ${r.minApiCalls}`, ratio: calls, limit: `≤ ${LIMITS.calls}×`, pass: calls <= LIMITS.calls },
    {
      name: `wall time (warm, median of ${r.warmWallMs.length})`,
      measured: `${r.wallMs} ms`,
      against: `bound ${r.lowerBoundMs} ms`,
      ratio: wall,
      limit: `≤ ${LIMITS.wall}×`,
      pass: wall <= LIMITS.wall,
    },
    { name: 'peak RSS', measured: `${r.peakRssMb} MB`, against: '', limit: `≤ ${rss} MB`, pass: r.nodes > 5000 ? r.peakRssMb < rss : r.peakRssMb <= rss },
    { name: 'cold load of dist/audit', measured: `${r.coldStartMs} ms`, against: `bare node ${r.bareNodeMs} ms`, ratio: cold, limit: `≤ ${LIMITS.cold}×`, pass: cold <= LIMITS.cold },
    {
      name: `first invocation − warm (median of ${r.freshProcesses} fresh processes)`,
      measured: `${r.firstExtraMs} ms`,
      against: `load ${r.loadMs} + first audit ${r.firstWallMs} − warm ${r.wallMs}`,
      limit: `≤ ${LIMITS.firstExtraMs} ms`,
      pass: r.firstExtraMs <= LIMITS.firstExtraMs,
    },
  ];
}

/** The machine's state while measuring: the 1-minute load average before and after, and the cores. */
export interface Conditions {
  cores: number;
  loadBefore: number;
  loadAfter: number;
  node: string;
}

/** The highest 1-minute load average at which the README may be rewritten: 1.5 on two cores. */
export function quietLoad(cores: number): number {
  return 0.75 * cores;
}

/**
 * True when the machine was quiet enough for the numbers to stand for the code: judged by the load before the run,
 * as the load after it counts the benchmark's own processes (the auditor and both simulators), which it measures.
 */
export function quiet(c: Conditions): boolean {
  return c.loadBefore <= quietLoad(c.cores);
}

const title = (r: Result) => `${r.nodes.toLocaleString('en-US')} nodes, ${r.routeTables} route table${r.routeTables === 1 ? '' : 's'} (${r.routeEntries} route entries)`;

/** The report of a run: per size its figures, then the audit's CPU time and the verdict. */
export function report(results: readonly Result[], c: Conditions): string {
  const lines: string[] = [`machine: ${c.cores} cores, Node.js ${c.node}, load average (1 min) ${c.loadBefore} before, ${c.loadAfter} after`];
  const failed: string[] = [];
  for (const r of results) {
    const rows = figures(r).map((f) => [f.name, f.measured, f.against, f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`, f.limit, f.pass ? 'pass' : 'FAIL']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
    lines.push('', title(r));
    for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
    lines.push(`  audit CPU: ${r.cpuMs} ms warm, ${r.firstCpuMs} ms first (what load distorts least)`);
    failed.push(...figures(r).flatMap((f) => (f.pass ? [] : [`${r.nodes} nodes: ${f.name}`])));
  }
  lines.push('', failed.length === 0 ? 'every figure is within its limit' : `over the limit: ${failed.join('; ')}`);
  if (!quiet(c)) lines.push(`the machine was busy (load above ${quietLoad(c.cores)} on ${c.cores} cores): the time figures overstate what the code costs`);
  return `${lines.join('\n')}\n`;
}

/** The README's table: one row per size, each figure as `measured (against) ratio ≤ limit pass`. */
export function readmeTable(results: readonly Result[]): string {
  const head = ['nodes', 'tables', 'route entries', 'API calls (min)', 'wall ms (bound)', 'peak RSS MB', 'cold load ms (bare node)', 'first − warm ms'];
  const rows = results.map((r) => {
    const [calls, wall, rss, cold, first] = figures(r);
    const mark = (f: Figure) => `${f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}× `}${f.limit} ${f.pass ? 'pass' : 'FAIL'}`;
    return [
      String(r.nodes),
      String(r.routeTables),
      String(r.routeEntries),
      `${r.apiCalls} (${r.minApiCalls}) ${mark(calls)}`,
      `${r.wallMs} (${r.lowerBoundMs}) ${mark(wall)}`,
      `${r.peakRssMb} ${mark(rss)}`,
      `${r.coldStartMs} (${r.bareNodeMs}) ${mark(cold)}`,
      `${r.firstExtraMs} ${mark(first)}`,
    ];
  });
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
