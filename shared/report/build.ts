/** Assembles the report from findings, root causes and coverage; validates it before it leaves the process. */
import type { Coverage, Finding } from '../findings/types';
import type { RootCause } from '../correlate/graph';
import type { Report } from './schema';
import { reportProblems } from './validate';
import { headline } from './headline';
import { VERSION } from '../util/version';
import { severityRank } from '../findings/base';

/** What the report says about the cluster; whatever the collector could not read is left out. */
export interface ReportCluster {
  clusterId?: string;
  name?: string;
  region?: string;
  vpcId?: string;
  network?: string;
  clusterType?: string;
}

export interface ReportInput {
  runId: string;
  generatedAt: Date;
  cluster: ReportCluster;
  findings: Finding[];
  rootCauses: RootCause[];
  coverage: Coverage[];
  durationMs: number;
  apiCalls: Record<string, number>;
}

const ORDER = { fail: 0, unknown: 1, not_applicable: 2, pass: 3 } as const;

/** The report a run delivers; throws if it would break its own schema (a bug, never user input). */
export function buildReport(input: ReportInput): Report {
  const findings = [...input.findings].sort(
    (a, b) => ORDER[a.status] - ORDER[b.status] || severityRank(a.severity) - severityRank(b.severity) || a.code.localeCompare(b.code) || a.id.localeCompare(b.id),
  );
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0, unknown: 0 };
  for (const f of findings) {
    if (f.status === 'fail') counts[f.severity] += 1;
    if (f.status === 'unknown') counts.unknown += 1;
  }
  const anyFail = findings.some((f) => f.status === 'fail');
  const anyUnknown = counts.unknown > 0 || input.coverage.some((c) => c.status === 'failed' || c.status === 'partial');
  const status = anyFail ? 'degraded' : anyUnknown ? 'unknown' : 'healthy';
  const c = input.cluster;
  const report: Report = {
    schemaVersion: '1',
    runId: input.runId,
    generatedAt: input.generatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    tool: { name: 'ack-drift', version: VERSION },
    cluster: {
      clusterId: c.clusterId ?? '',
      name: c.name ?? '',
      region: c.region ?? '',
      vpcId: c.vpcId ?? '',
      network: c.network ?? 'unknown',
      clusterType: c.clusterType ?? '',
    },
    summary: { status, headline: headline(status, findings, input.rootCauses, input.coverage), counts },
    findings,
    rootCauses: input.rootCauses,
    coverage: [...input.coverage].sort((a, b) => a.check.localeCompare(b.check)),
    stats: { durationMs: Math.max(0, Math.round(input.durationMs)), apiCalls: input.apiCalls },
  };
  const problems = reportProblems(report);
  if (problems.length) throw new Error(`internal error: the report breaks its schema: ${problems.slice(0, 5).join('; ')}`);
  return report;
}
