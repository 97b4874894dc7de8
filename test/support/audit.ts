/** Runs one audit in-process against a scenario on the simulators, with test-sized retries and timeouts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCloudClients } from '../../shared/collect/cloud-clients';
import { runAudit } from '../../shared/pipeline/audit';
import { auditConfig } from '../../shared/pipeline/config';
import type { Report } from '../../shared/report/schema';
import { parseScenario } from '../../shared/scenario/load';
import type { Scenario } from '../../shared/scenario/schema';
import { startSimulators, type Simulators } from '../../shared/sim/start';

export const NOW = new Date('2026-11-26T08:00:00Z');

/** The built-in seed incident, parsed afresh (callers may mutate it). */
export function seedScenario(): Scenario {
  return parseScenario(readFileSync(join(__dirname, '../../scenarios/seed-incident.yaml'), 'utf8'));
}

export interface AuditOptions {
  pageSize?: number;
  deadlineMs?: number;
  requestTimeoutMs?: number;
  /** The memory (MB) of the instance the audit runs in (default: the command line's). */
  memoryMb?: number;
  /** Inspect the simulators before they stop (call counts, injected faults). */
  inspect?: (sims: Simulators) => void;
}

/** Audits the scenario and returns the report and the progress lines. */
export async function auditScenario(scenario: Scenario, o: AuditOptions = {}): Promise<{ report: Report; progress: string[] }> {
  const sims = await startSimulators(scenario);
  const progress: string[] = [];
  try {
    const url = sims.cloud.url;
    const clients = createCloudClients(sims.credentials, { vpc: url, ecs: url, ram: url, resourcemanager: url, cs: url }, o.requestTimeoutMs ?? 2000);
    const config = auditConfig({ region: scenario.region, pageSize: o.pageSize, deadlineMs: o.deadlineMs, retryBaseMs: 20, kubeRequestTimeoutMs: o.requestTimeoutMs ?? 2000, memoryMb: o.memoryMb });
    const report = await runAudit({
      target: { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId },
      clients,
      config,
      runId: 'run-test',
      now: () => NOW,
      progress: (m) => progress.push(m),
    });
    o.inspect?.(sims);
    return { report, progress };
  } finally {
    await sims.close();
  }
}
