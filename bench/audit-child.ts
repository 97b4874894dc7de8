/** The audited side of the benchmark, in its own process so its peak RSS is the auditor's alone. */
import { createCloudClients } from '../shared/collect/cloud-clients';
import { runAudit } from '../shared/pipeline/audit';
import { auditConfig } from '../shared/pipeline/config';

interface ChildInput {
  cloud: string;
  region: string;
  clusterId: string;
  accountId: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
}

async function run(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as ChildInput;
  const endpoints = { vpc: input.cloud, ecs: input.cloud, ram: input.cloud, cs: input.cloud };
  const started = performance.now();
  const report = await runAudit({
    target: { region: input.region, clusterId: input.clusterId, accountId: input.accountId },
    clients: createCloudClients(input.credentials, endpoints, 10_000),
    config: auditConfig({ region: input.region }),
    runId: 'run-bench',
    now: () => new Date(),
    progress: (m) => void (process.env.BENCH_TRACE && process.stderr.write(`${Math.round(performance.now() - started)} ms ${m}\n`)),
  });
  const wallMs = performance.now() - started;
  const counts = report.summary.counts;
  process.stdout.write(
    `${JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, apiCalls: report.stats.apiCalls, status: report.summary.status, counts, findings: report.findings.map((f) => f.code) })}\n`,
  );
}

run().catch((err: unknown) => {
  process.stderr.write(`bench child: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
