/** Assembles the report from findings, root causes and coverage; validates it before it leaves the process. */
import type { Coverage, Finding } from '../findings/types';
import type { RootCause } from '../correlate/graph';
import type { Report } from './schema';
import { SCHEMA_VERSION } from './schema-version';
import { isValidFinding, reportProblems } from './validate';
import { headline } from './headline';
import { VERSION } from '../util/version';
import { SEVERITIES, severityRank, type Severity } from '../findings/base';

/** What the report says about the cluster; whatever the collector could not read is left out. */
export interface ReportCluster {
  clusterId?: string;
  name?: string;
  region?: string;
  vpcId?: string;
  network?: string;
  clusterType?: string;
}
import { buildFixPlan } from '../fix/plan';

export interface ReportInput {
  runId: string;
  generatedAt: Date;
  cluster: ReportCluster;
  findings: Finding[];
  rootCauses: RootCause[];
  coverage: Coverage[];
  durationMs: number;
  apiCalls: Record<string, number>;
  /** Defects met while checking or correlating; the report carries them and the run exits 4. */
  internalErrors?: string[];
}

const ORDER = { fail: 0, unknown: 1, not_applicable: 2, pass: 3 } as const;

/**
 * Keeps what can be delivered when the findings break the schema (a bug, never user input): one finding per id (the
 * same fact stated twice is one finding), findings valid on their own, and only the edges between kept findings.
 */
function salvage(input: ReportInput): { findings: Finding[]; rootCauses: RootCause[]; errors: string[] } {
  const byId = new Map<string, Finding>();
  const errors: string[] = [];
  let folded = 0;
  let dropped = 0;
  for (const f of input.findings) {
    if (!isValidFinding(f)) dropped += 1;
    else if (byId.has(f.id)) folded += 1;
    else byId.set(f.id, f);
  }
  if (folded) errors.push(`${folded} finding(s) stated a fact already reported and were folded into it`);
  if (dropped) errors.push(`${dropped} finding(s) broke the report schema and were left out`);
  const kept = (ids: string[]) => ids.filter((id) => byId.has(id));
  const findings = [...byId.values()].map((f) => ({ ...f, causedBy: kept(f.causedBy) }));
  const rootCauses = input.rootCauses.filter((rc) => byId.has(rc.findingId) && rc.chain.every((id) => byId.has(id))).map((rc) => ({ ...rc, explains: kept(rc.explains) }));
  return { findings, rootCauses, errors };
}

/** The report a run delivers, always: valid against its schema, with any defect of the auditor named in `internalErrors`. */
export function buildReport(input: ReportInput): Report {
  const first = assemble(input, input.internalErrors ?? []);
  if (reportProblems(first).length === 0) return first;
  const s = salvage(input);
  const report = assemble({ ...input, findings: s.findings, rootCauses: s.rootCauses }, [...(input.internalErrors ?? []), ...s.errors]);
  const problems = reportProblems(report);
  // Past the salvage only the assembly itself can be wrong: that is a bug the caller reports as an internal error.
  if (problems.length) throw new Error(`internal error: the report breaks its schema: ${problems.slice(0, 5).join('; ')}`);
  return report;
}

function assemble(input: ReportInput, internalErrors: string[]): Report {
  const findings = [...input.findings].sort(
    (a, b) => ORDER[a.status] - ORDER[b.status] || severityRank(a.severity) - severityRank(b.severity) || a.code.localeCompare(b.code) || a.id.localeCompare(b.id),
  );
  const counts = Object.fromEntries([...SEVERITIES, 'unknown'].map((k) => [k, 0])) as Record<Severity | 'unknown', number>;
  for (const f of findings) {
    if (f.status === 'fail') counts[f.severity] += 1;
    if (f.status === 'unknown') counts.unknown += 1;
  }
  const anyFail = findings.some((f) => f.status === 'fail');
  const anyUnknown = counts.unknown > 0 || internalErrors.length > 0 || input.coverage.some((c) => c.status === 'failed' || c.status === 'partial');
  const status = anyFail ? 'degraded' : anyUnknown ? 'unknown' : 'healthy';
  const c = input.cluster;
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
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
    ...(internalErrors.length ? { internalErrors } : {}),
  };
  report.fixPlan = buildFixPlan({ cluster: { clusterId: report.cluster.clusterId, region: report.cluster.region }, findings, rootCauses: input.rootCauses });
  return report;
}
