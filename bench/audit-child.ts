/**
 * The audited side of the benchmark, in its own process so its peak RSS is the auditor's alone. It audits the first
 * time in a fresh process (after this bundle's load, which it times too), then `warm` more times, as a Function
 * Compute instance serves its first and later invocations.
 */
import { createCloudClients } from '../shared/collect/cloud-clients';
import { runAudit } from '../shared/pipeline/audit';
import { auditConfig } from '../shared/pipeline/config';

// Node's own start-up ends at bootstrapComplete; everything from there to here is loading this bundle.
const loadMs = performance.now() - performance.nodeTiming.bootstrapComplete;

interface ChildInput {
  /** Audits after the first (0: a process that measures only the first invocation). */
  warm: number;
  cloud: string;
  region: string;
  clusterId: string;
  accountId: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
}

async function audit(input: ChildInput, runId: string) {
  const endpoints = { vpc: input.cloud, ecs: input.cloud, ram: input.cloud, resourcemanager: input.cloud, cs: input.cloud };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await runAudit({
    target: { region: input.region, clusterId: input.clusterId, accountId: input.accountId },
    clients: createCloudClients(input.credentials, endpoints, 10_000),
    config: auditConfig({ region: input.region }),
    runId,
    now: () => new Date(),
    progress: (m) => void (process.env.BENCH_TRACE && process.stderr.write(`${Math.round(performance.now() - started)} ms ${m}\n`)),
  });
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, report };
}

async function run(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as ChildInput;
  const first = await audit(input, 'run-bench-first');
  const warm: Awaited<ReturnType<typeof audit>>[] = [];
  for (let i = 0; i < input.warm; i++) {
    // The simulators' rate budgets are one second deep: let them refill, as between two scheduled runs.
    await new Promise((r) => setTimeout(r, 1100));
    warm.push(await audit(input, `run-bench-warm-${i + 1}`));
  }
  // With no warm audit (a process that only measures the first invocation), the first audit's report is counted.
  const { report } = warm.at(-1) ?? first;
  process.stdout.write(
    `${JSON.stringify({
      loadMs,
      firstWallMs: first.wallMs,
      warmWallMs: warm.map((w) => w.wallMs),
      // CPU time is what other work on a shared machine stretches least: the audit's own cost.
      firstCpuMs: first.cpuMs,
      warmCpuMs: warm.map((w) => w.cpuMs),
      maxRssKb: process.resourceUsage().maxRSS,
      apiCalls: report.stats.apiCalls,
      status: report.summary.status,
      counts: report.summary.counts,
      findings: report.findings.map((f) => f.code),
    })}\n`,
  );
}

run().catch((err: unknown) => {
  process.stderr.write(`bench child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
