/** Builds the real clients for one job from the invocation's credentials and runs the shared pipeline. */
import { createCloudClients, type CloudCredentials } from 'shared/collect/cloud-clients';
import { REQUEST_TIMEOUT_MS } from 'shared/config/deadline';
import type { FunctionConfig } from 'shared/config/function-config';
import { cloudEndpoints } from 'shared/handler/endpoints';
import type { Logger } from 'shared/log/logger';
import { runAudit } from 'shared/pipeline/audit';
import { auditConfig } from 'shared/pipeline/config';
import { DEFAULT_FUNCTION_MEMORY_MB } from 'shared/pipeline/read-budget';
import type { Report } from 'shared/report/schema';
import type { AuditJob } from './job';

export interface AuditInputs {
  job: AuditJob;
  config: FunctionConfig;
  credentials: CloudCredentials;
  accountId?: string;
  /** Milliseconds the audit may take before unfinished checks become unknown(deadline). */
  auditMs: number;
  log: Logger;
  now: () => Date;
  /** The invocation context's `function.memory` (MB), when it has one. */
  memoryMb?: number;
}

/** Audits the job's cluster; API failures are unknowns in the report, not exceptions. */
export function auditCluster(i: AuditInputs): Promise<Report> {
  const clients = createCloudClients(i.credentials, cloudEndpoints(i.job.region, i.config.endpoints), Math.min(REQUEST_TIMEOUT_MS, i.auditMs));
  return runAudit({
    target: { region: i.job.region, clusterId: i.job.clusterId, accountId: i.accountId },
    clients,
    config: auditConfig({
      region: i.job.region,
      deadlineMs: i.auditMs,
      privateApiServer: i.config.privateEndpoint,
      managedCcmRole: i.config.managedCcmRole,
      ccmAddonRouteTablesKey: i.config.ccmAddonKey,
      severityOverrides: i.config.severityOverrides,
      // What one answer and one event list may cost is sized to this instance (read-budget.ts).
      memoryMb: i.memoryMb ?? i.config.memoryMb ?? DEFAULT_FUNCTION_MEMORY_MB,
    }),
    runId: i.job.runId,
    now: i.now,
    progress: (message) => i.log.info({ stage: message.split(':')[0] }, message),
  });
}
