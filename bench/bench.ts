/**
 * `npm run bench`: audits a generated large cluster on the simulators with realistic latency and per-API rate
 * limits, and prints every figure issue #18 bounds with its bound, its limit and pass/fail (bench/figures.ts), with
 * the machine's load average. `--json` prints one object (5,000 nodes, or `--nodes N`); the report shows 5,000
 * nodes, and 10,000 nodes whose routes the CCM writes into two route tables, unless `--nodes N [--tables T]` picks
 * sizes; `--profile DIR` writes a CPU profile of the audit process there; `--warm N` sets the warm audits per size;
 * `--readme` rewrites the README's table from the run, and refuses on a busy machine unless `--force`. The
 * simulators and the auditor each run in a process of their own. scripts/bench.js builds the bundles first, so the
 * cold start is that of the current code.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseScenario } from '../shared/scenario/load';
import { expandScenario } from '../shared/scenario/generate';
import type { Scenario } from '../shared/scenario/schema';
import { packageRoot } from '../shared/util/package-root';
import { parseBenchArgs, type BenchRun } from './args';
import { type Conditions, report, type Result } from './figures';
import { rewriteReadme } from './readme';

const CLOUD_MS = 20;
const KUBE_MS = 5;
const QPS = 100;
const root = packageRoot();

/**
 * The seed cluster grown to `nodes` nodes, with a few injected drifts, latency and rate limits. With `tables` > 1
 * the VPC has that many route tables, cloud-config names them all (Global.routeTableIDs) and each node's route is
 * in every one of them, as the CCM writes it.
 */
function benchScenario({ nodes, tables }: BenchRun): Scenario {
  let text = readFileSync(join(root, 'scenarios/seed-incident.yaml'), 'utf8').replace('containerCidr: 172.16.0.0/16', 'containerCidr: 10.0.0.0/8');
  const s0 = parseScenario(text);
  const first = s0.cloud.routeTables[0].RouteTableId;
  const ids = [first, ...Array.from({ length: tables - 1 }, (_, i) => `vtb-bench${String(i + 2).padStart(4, '0')}`)];
  if (tables > 1) text = text.replace('"vswitchid":', `"routeTableIDs":"${ids.join(',')}","vswitchid":`);
  const s = parseScenario(text);
  for (const id of ids.slice(1)) s.cloud.routeTables.push({ ...s.cloud.routeTables[0], RouteTableId: id, RouteTableType: 'Custom' });
  const apis = [
    'vpc:DescribeRouteTableList',
    'vpc:DescribeRouteEntryList',
    'ecs:DescribeInstances',
    'ecs:DescribeInstanceRamRole',
    'ram:GetRole',
    'ram:ListPoliciesForRole',
    'ram:GetPolicy',
    'cs:DescribeClusterDetail',
    'cs:DescribeClusterUserKubeconfig',
  ];
  s.generate = {
    seed: 42,
    nodes,
    podCidrMask: 24,
    missingRoutes: 5,
    orphanRoutes: 5,
    namespaces: 200,
    terminatingNamespaces: 2,
    latencyMs: { cloud: CLOUD_MS, kubernetes: KUBE_MS },
    qps: Object.fromEntries(apis.map((a) => [a, QPS])),
  };
  return s;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The shortest time `calls` calls to one API take under its QPS budget (a one-second-deep token bucket). */
const rateBound = (calls: number) => (Math.max(0, calls - QPS) * 1000) / QPS;

/** The fewest calls the APIs' page sizes allow for what the audit must read, and the longest dependent chain. */
function bounds(s: Scenario): { minApiCalls: number; lowerBoundMs: number; routeEntries: number } {
  const objs = s.cluster.objects;
  const count = (kind: string, ns?: string) => objs.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns)).length;
  const aggregated = objs.filter((o) => o.kind === 'APIService' && (o as { spec?: { service?: unknown } }).spec?.service).length;
  const vpcTables = s.cloud.routeTables.filter((t) => t.VpcId === s.cluster.vpcId);
  const tables = vpcTables.length;
  const customOf = (id: string) => s.cloud.routeEntries.filter((e) => e.Type === 'Custom' && e.RouteTableId === id).length;
  const entryPages = vpcTables.map((t) => pages(customOf(t.RouteTableId), 100));
  const custom = s.cloud.routeEntries.filter((e) => e.Type === 'Custom').length;
  const instances = s.cloud.instances.filter((i) => i.VpcId === s.cluster.vpcId).length;
  const attached = s.cloud.ram.roles[0]?.AttachedPolicies ?? [];
  const policies = attached.length;
  // A custom policy past v1 has its versions listed too (the fix may offer an earlier one): one call after its GetPolicy.
  const versioned = attached.filter((a) => {
    const p = s.cloud.ram.policies.find((x) => x.PolicyName === a.PolicyName && x.PolicyType === a.PolicyType);
    return a.PolicyType === 'Custom' && p !== undefined && p.DefaultVersion !== 'v1';
  }).length;
  const paced = (n: number, latency: number) => n * Math.max(latency, 1000 / QPS);
  const cloud = { cs: 2, tables: pages(tables, 50), entries: entryPages.reduce((a, b) => a + b, 0), instances: pages(instances, 100), roleLookup: 1, ram: 2 + policies + versioned };
  const kube = {
    nodes: pages(count('Node'), 500),
    namespaces: pages(count('Namespace'), 500),
    apiservices: pages(count('APIService'), 500),
    pods: pages(count('Pod', 'kube-system'), 500),
    events: pages(count('Event', 'default'), 500) + pages(count('Event', 'kube-system'), 500),
    workloads: pages(count('DaemonSet', 'kube-system'), 500) + pages(count('Deployment', 'kube-system'), 500),
    configmap: 1,
    perAggregated: 3 * aggregated,
  };
  const minApiCalls = Object.values(cloud).reduce((a, b) => a + b, 0) + Object.values(kube).reduce((a, b) => a + b, 0);
  // Chains after the first CS round trip: the route entries (after the tables), the instances, and the RAM lookups
  // (after the nodes and pods are listed). Each table's pages follow one another; the tables are read at once,
  // all within DescribeRouteEntryList's rate budget.
  const routes = paced(cloud.tables, CLOUD_MS) + Math.max(paced(Math.max(...entryPages), CLOUD_MS), rateBound(cloud.entries));
  // Instances are looked up by id in batches of 100, four at a time, once the nodes are listed, and no faster
  // than DescribeInstances' 100 calls/s.
  const ecs = kube.nodes * KUBE_MS + Math.max(paced(Math.ceil(cloud.instances / 4), CLOUD_MS), rateBound(cloud.instances));
  const ram = Math.max(kube.nodes, kube.pods) * KUBE_MS + (cloud.roleLookup + 2 + 1 + (versioned > 0 ? 1 : 0)) * CLOUD_MS;
  return { minApiCalls, lowerBoundMs: CLOUD_MS + Math.max(routes, ecs, ram), routeEntries: custom };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Wall times of fresh `node -e <code>` processes, median of `runs` each; the codes take turns, so a change in the
 * machine's load falls on all of them alike.
 */
function nodeWallMs(codes: readonly string[], runs: number): number[] {
  const times = codes.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    codes.forEach((code, c) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`node -e ${code} failed`);
      times[c].push(performance.now() - t);
    });
  }
  return times.map(median);
}

/** A child process that prints one JSON line when ready; it stops when its standard input closes. */
type Child = ChildProcessByStdio<Writable, Readable, null>;

function firstLine(p: Child, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    p.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.slice(0, text.indexOf('\n')));
    });
    p.on('exit', (code) => reject(new Error(`${what} exited ${code}`)));
  });
}

/** Starts the Kubernetes simulator, then the cloud one (which hands out its kubeconfig), each in its own process. */
async function startSimulatorProcesses(scenario: Scenario, dir: string): Promise<{ cloud: string; credentials: unknown; stop(): void }> {
  const script = join(root, 'dist/bench/sim-child.js');
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const children: Child[] = [];
  const stop = () => children.forEach((c) => c.stdin.end());
  try {
    const kube = spawn(process.execPath, [script, 'kube', file], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(kube);
    const { kubeconfig } = JSON.parse(await firstLine(kube, 'the Kubernetes simulator')) as { kubeconfig: string };
    writeFileSync(join(dir, 'kubeconfig'), kubeconfig);
    const cloud = spawn(process.execPath, [script, 'cloud', file, join(dir, 'kubeconfig')], { stdio: ['pipe', 'pipe', 'inherit'] });
    children.push(cloud);
    const ready = JSON.parse(await firstLine(cloud, 'the cloud simulator')) as { url: string; credentials: unknown };
    return { cloud: ready.url, credentials: ready.credentials, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

interface ChildOutput {
  loadMs: number;
  firstWallMs: number;
  warmWallMs: number[];
  firstCpuMs: number;
  warmCpuMs: number[];
  maxRssKb: number;
  apiCalls: Record<string, number>;
  findings: string[];
}

/**
 * Fresh audit processes per size: the first also runs the warm audits; the others only load and audit once, so the
 * first invocation's figures are medians too (one first audit swings by ±100 ms on a quiet machine).
 */
const FRESH_PROCESSES = 3;

/** Runs one audit process against the simulators: its first audit, then `warm` more. */
function auditProcess(input: object, nodeArgs: string[]): Promise<ChildOutput> {
  const child = join(root, 'dist/bench/audit-child.js');
  return new Promise<ChildOutput>((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, child, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as ChildOutput) : reject(new Error(`audit child exited ${code}`))));
  });
}

async function measure(run: BenchRun, cold: { coldStartMs: number; bareNodeMs: number }, warm: number, profileDir?: string): Promise<Result> {
  const scenario = benchScenario(run);
  const b = bounds(expandScenario(scenario));
  const dir = mkdtempSync(join(tmpdir(), 'ack-drift-bench-'));
  const sims = await startSimulatorProcesses(scenario, dir);
  try {
    const input = { cloud: sims.cloud, region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId, credentials: sims.credentials };
    const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const r = await auditProcess({ ...input, warm }, nodeArgs);
    const fresh: ChildOutput[] = [r];
    for (let i = 1; i < FRESH_PROCESSES; i++) {
      // The simulators' rate budgets are one second deep: let them refill, as between two invocations.
      await new Promise((done) => setTimeout(done, 1100));
      fresh.push(await auditProcess({ ...input, warm: 0 }, nodeArgs));
    }
    const findings: Record<string, number> = {};
    for (const code of r.findings) findings[code] = (findings[code] ?? 0) + 1;
    const wallMs = median(r.warmWallMs);
    return {
      nodes: run.nodes,
      routeTables: run.tables,
      routeEntries: b.routeEntries,
      apiCalls: Object.values(r.apiCalls).reduce((a, c) => a + c, 0),
      minApiCalls: b.minApiCalls,
      wallMs: Math.round(wallMs),
      warmWallMs: r.warmWallMs.map(Math.round),
      lowerBoundMs: Math.round(b.lowerBoundMs),
      peakRssMb: Math.round(Math.max(...fresh.map((f) => f.maxRssKb)) / 1024),
      coldStartMs: Math.round(cold.coldStartMs),
      bareNodeMs: Math.round(cold.bareNodeMs),
      freshProcesses: fresh.length,
      loadMs: Math.round(median(fresh.map((f) => f.loadMs))),
      firstWallMs: Math.round(median(fresh.map((f) => f.firstWallMs))),
      firstExtraMs: Math.round(median(fresh.map((f) => f.loadMs + f.firstWallMs)) - wallMs),
      firstCpuMs: Math.round(median(fresh.map((f) => f.firstCpuMs))),
      cpuMs: Math.round(median(r.warmCpuMs)),
      findings,
    };
  } finally {
    sims.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load1 = () => Number(loadavg()[0].toFixed(2));

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const bundle = join(root, 'dist/audit/index.js');
  // Other work on the machine stretches every figure: the 1-minute load average is printed with them.
  const loadBefore = load1();
  const [bareNodeMs, coldStartMs] = nodeWallMs(['0', `require(${JSON.stringify(bundle)})`], 11);
  const results: Result[] = [];
  for (const run of args.runs) {
    if (!args.json) process.stderr.write(`bench: auditing ${run.nodes} nodes, ${run.tables} route table(s)…\n`);
    results.push(await measure(run, { coldStartMs, bareNodeMs }, args.warm, args.profile));
  }
  const conditions: Conditions = { cores: availableParallelism(), loadBefore, loadAfter: load1(), node: process.versions.node };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ ...results[0], loadAverage: { before: conditions.loadBefore, after: conditions.loadAfter } })}\n`);
    return;
  }
  process.stdout.write(report(results, conditions));
  if (args.readme) {
    const file = join(root, 'README.md');
    writeFileSync(file, rewriteReadme(readFileSync(file, 'utf8'), results, conditions, new Date(), args.force));
    process.stdout.write('README.md: performance table rewritten from this run\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
