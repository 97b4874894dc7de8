/** runAudit: collect → check → correlate → report. The one entry point every front end (CLI, FC handler) calls. */
import { CallStats } from '../collect/call-stats';
import { CloudReader } from '../collect/cloud';
import type { CloudClients } from '../collect/cloud-clients';
import { valueOf, type Inventory } from '../collect/inventory';
import { resolveNetwork } from '../checks/network';
import { runChecks } from '../checks/registry';
import { correlate } from '../correlate/graph';
import { applySeverityOverrides } from '../findings/severity-overrides';
import { buildReport } from '../report/build';
import type { Report } from '../report/schema';
import { collectInventory, type AuditTarget, type Progress } from './collect';
import type { AuditConfig } from './config';

export interface AuditRun {
  target: AuditTarget;
  clients: CloudClients;
  config: AuditConfig;
  runId: string;
  now: () => Date;
  progress: Progress;
  /** Sees the collected inputs before the checks; may throw to stop the run (the CLI stops on a wrong input). */
  inspect?: (inventory: Inventory) => void;
}

/** Audits one cluster and returns its validated report. API failures become unknowns in the report, not exceptions. */
export async function runAudit(run: AuditRun): Promise<Report> {
  return (await auditWithInventory(run)).report;
}

/** runAudit, also returning the inventory the report was judged on (the fix compares the world against it). */
export async function auditWithInventory(run: AuditRun): Promise<{ report: Report; inventory: Inventory }> {
  const started = Date.now();
  const stats = new CallStats();
  const cloud = new CloudReader(run.clients, stats, run.config.cloud);
  const { inventory } = await collectInventory(run.target, cloud, run.config, run.progress);
  run.inspect?.(inventory);
  const now = run.now();
  const checked = runChecks(inventory, { now, options: run.config.checks });
  const internalErrors = [...checked.internalErrors];
  let correlated: ReturnType<typeof correlate>;
  try {
    // Overrides apply before correlation, which ranks root causes by severity.
    correlated = correlate(applySeverityOverrides(checked.findings, run.config.severityOverrides), checked.coverage);
  } catch (err) {
    // Findings stand without their causal links; the run says the correlation failed.
    internalErrors.push(`correlation failed: ${err instanceof Error ? err.message : String(err)}`);
    correlated = { findings: checked.findings, rootCauses: [] };
  }
  const failing = correlated.findings.filter((f) => f.status === 'fail').length;
  run.progress(`checks: ${checked.findings.length} findings (${failing} failing), ${correlated.rootCauses.length} root cause(s)`);
  const cluster = valueOf(inventory.cluster);
  const report = buildReport({
    runId: run.runId,
    generatedAt: now,
    cluster: { ...cluster, region: cluster?.region ?? run.target.region, network: resolveNetwork(inventory).network },
    findings: correlated.findings,
    rootCauses: correlated.rootCauses,
    coverage: checked.coverage,
    durationMs: Date.now() - started,
    apiCalls: stats.sorted(),
    internalErrors,
  });
  return { report, inventory };
}
