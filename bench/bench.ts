/**
 * `npm run bench`: audits a generated large cluster on the simulators with realistic latency and per-API rate
 * limits, and compares API calls, wall time, peak memory and cold start with their lower bounds
 * (docs/architecture.md). `--json` prints one object (5,000 nodes, or `--nodes N`); the table shows 5,000
 * and 1,000 unless `--nodes N` picks sizes; `--profile DIR` writes a CPU profile of the audit process there.
 * scripts/bench.js builds the bundles first, so the cold start is that of the current code.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../shared/scenario/load';
import { expandScenario } from '../shared/scenario/generate';
import type { Scenario } from '../shared/scenario/schema';
import { startSimulators } from '../shared/sim/start';
import { packageRoot } from '../shared/util/package-root';
import { parseBenchArgs } from './args';

const CLOUD_MS = 20;
const KUBE_MS = 5;
const QPS = 100;
const root = packageRoot();

interface Result {
  nodes: number;
  routeEntries: number;
  apiCalls: number;
  minApiCalls: number;
  wallMs: number;
  lowerBoundMs: number;
  peakRssMb: number;
  coldStartMs: number;
  bareNodeMs: number;
  findings: Record<string, number>;
}

/** The seed cluster grown to `nodes` nodes, with a few injected drifts, latency and rate limits. */
function benchScenario(nodes: number): Scenario {
  const text = readFileSync(join(root, 'scenarios/seed-incident.yaml'), 'utf8').replace('containerCidr: 172.16.0.0/16', 'containerCidr: 10.0.0.0/8');
  const s = parseScenario(text);
  const apis = ['vpc:DescribeRouteTableList', 'vpc:DescribeRouteEntryList', 'ecs:DescribeInstances', 'ecs:DescribeInstanceRamRole', 'ram:GetRole', 'ram:ListPoliciesForRole', 'ram:GetPolicy', 'cs:DescribeClusterDetail', 'cs:DescribeClusterUserKubeconfig'];
  s.generate = { seed: 42, nodes, podCidrMask: 24, missingRoutes: 5, orphanRoutes: 5, namespaces: 200, terminatingNamespaces: 2, latencyMs: { cloud: CLOUD_MS, kubernetes: KUBE_MS }, qps: Object.fromEntries(apis.map((a) => [a, QPS])) };
  return s;
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/** The fewest calls the APIs' page sizes allow for what the audit must read, and the longest dependent chain. */
function bounds(s: Scenario): { minApiCalls: number; lowerBoundMs: number; routeEntries: number } {
  const objs = s.cluster.objects;
  const count = (kind: string, ns?: string) => objs.filter((o) => o.kind === kind && (ns === undefined || o.metadata.namespace === ns)).length;
  const aggregated = objs.filter((o) => o.kind === 'APIService' && (o as { spec?: { service?: unknown } }).spec?.service).length;
  const tables = s.cloud.routeTables.filter((t) => t.VpcId === s.cluster.vpcId).length;
  const custom = s.cloud.routeEntries.filter((e) => e.Type === 'Custom').length;
  const instances = s.cloud.instances.filter((i) => i.VpcId === s.cluster.vpcId).length;
  const policies = s.cloud.ram.roles[0]?.AttachedPolicies.length ?? 0;
  const paced = (n: number, latency: number) => n * Math.max(latency, 1000 / QPS);
  const cloud = { cs: 2, tables: pages(tables, 50), entries: pages(custom, 100), instances: pages(instances, 100), roleLookup: 1, ram: 2 + policies };
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
  // (after the nodes and pods are listed).
  const routes = paced(cloud.tables, CLOUD_MS) + paced(cloud.entries, CLOUD_MS);
  // Instances are looked up by id in batches of 100, four at a time, once the nodes are listed.
  const ecs = kube.nodes * KUBE_MS + paced(Math.ceil(cloud.instances / 4), CLOUD_MS);
  const ram = Math.max(kube.nodes, kube.pods) * KUBE_MS + (cloud.roleLookup + 2 + 1) * CLOUD_MS;
  return { minApiCalls, lowerBoundMs: CLOUD_MS + Math.max(routes, ecs, ram), routeEntries: custom };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Wall time of `node -e <code>` in a fresh process, median of `runs`. */
function nodeWallMs(code: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node -e ${code} failed`);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function measure(nodes: number, coldStartMs: number, bareNodeMs: number, profileDir?: string): Promise<Result> {
  const scenario = benchScenario(nodes);
  const b = bounds(expandScenario(scenario));
  const sims = await startSimulators(scenario);
  try {
    const child = join(root, 'dist/bench/audit-child.js');
    const out = await new Promise<string>((resolve, reject) => {
      const input = JSON.stringify({ cloud: sims.cloud.url, region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId, credentials: sims.credentials });
      // Asynchronous spawn: the simulators in this process must keep serving while the child audits.
      const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      const p = spawn(process.execPath, [...nodeArgs, child, input], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      p.stdout.on('data', (d: Buffer) => (text += d.toString()));
      p.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`audit child exited ${code}`))));
    });
    const r = JSON.parse(out) as { wallMs: number; maxRssKb: number; apiCalls: Record<string, number>; findings: string[] };
    const findings: Record<string, number> = {};
    for (const code of r.findings) findings[code] = (findings[code] ?? 0) + 1;
    return {
      nodes,
      routeEntries: b.routeEntries,
      apiCalls: Object.values(r.apiCalls).reduce((a, c) => a + c, 0),
      minApiCalls: b.minApiCalls,
      wallMs: Math.round(r.wallMs),
      lowerBoundMs: Math.round(b.lowerBoundMs),
      peakRssMb: Math.round(r.maxRssKb / 1024),
      coldStartMs: Math.round(coldStartMs),
      bareNodeMs: Math.round(bareNodeMs),
      findings,
    };
  } finally {
    await sims.close();
  }
}

function table(results: Result[]): string {
  const rows: string[][] = [['nodes', 'route entries', 'API calls (min)', 'calls ratio', 'wall ms (bound)', 'wall ratio', 'peak RSS MB', 'cold start ms (bare node)', 'cold ratio']];
  for (const r of results) {
    rows.push([
      String(r.nodes),
      String(r.routeEntries),
      `${r.apiCalls} (${r.minApiCalls})`,
      `${(r.apiCalls / r.minApiCalls).toFixed(2)} ≤ 1.1`,
      `${r.wallMs} (${r.lowerBoundMs})`,
      `${(r.wallMs / r.lowerBoundMs).toFixed(2)} ≤ 1.5`,
      `${r.peakRssMb} ≤ 256`,
      `${r.coldStartMs} (${r.bareNodeMs})`,
      `${(r.coldStartMs / r.bareNodeMs).toFixed(2)} ≤ 2.5`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const bundle = join(root, 'dist/audit/index.js');
  const bareNodeMs = nodeWallMs('0', 9);
  const coldStartMs = nodeWallMs(`require(${JSON.stringify(bundle)})`, 9);
  const results: Result[] = [];
  for (const n of args.sizes) {
    if (!args.json) process.stderr.write(`bench: auditing ${n} nodes…\n`);
    results.push(await measure(n, coldStartMs, bareNodeMs, args.profile));
  }
  process.stdout.write(args.json ? `${JSON.stringify(results[0])}\n` : `${table(results)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
