/** The audit function's memory in OSS: recall and compare before alerting, archive and sign a link, remember after. */
import type { CloudCredentials } from 'shared/collect/cloud-clients';
import type { FunctionConfig } from 'shared/config/function-config';
import type { IdempotencyStore } from 'shared/handler/idempotency';
import type { Logger } from 'shared/log/logger';
import type { Report } from 'shared/report/schema';
import { sharedClaims } from 'shared/state/claims';
import { archiveReport, recall, rememberRun, withMemory, withWarning, type Recalled } from 'shared/state/memory';
import { openOssStore, type OssTransport } from 'shared/state/oss-store';
import type { StateStore } from 'shared/state/store';
import type { AuditJob } from './job';

export type { OssTransport };

export interface RunMemory {
  /** The report with `changes` and the memory's warnings. */
  report: Report;
  /** The presigned link to this run's HTML report. */
  link?: string;
  lastAlertAt?: string;
  /** Where delivery claims are made: OSS in front of the instance's memory. */
  claims: IdempotencyStore;
  /** Records this run as the cluster's latest (with the alert time when it alerted); never throws. */
  finish(alertedAt?: Date): Promise<void>;
}

/**
 * Without ACK_DRIFT_OSS_BUCKET, the run has no memory. With it, only runs that alert write to it: a page view or a
 * dry run that moved latest.json would swallow the change the next timer run must alert on.
 */
export interface MemoryInputs {
  report: Report;
  job: AuditJob;
  config: FunctionConfig;
  credentials: CloudCredentials;
  local: IdempotencyStore;
  log: Logger;
  transport?: OssTransport;
}

/** Opens the run's memory (see above). */
export async function openMemory(a: MemoryInputs): Promise<RunMemory> {
  const none: RunMemory = { report: a.report, claims: a.local, finish: async () => undefined };
  if (!a.config.state) return none;
  let store: StateStore;
  try {
    store = openOssStore(a.config.state, a.credentials, a.transport);
  } catch (err) {
    const warning = `the OSS archive could not be opened: ${err instanceof Error ? err.message : String(err)}`;
    a.log.warn({ state: `oss://${a.config.state.bucket}/${a.config.state.prefix}` }, warning);
    return { ...none, report: withWarning(a.report, warning) };
  }
  const recalled: Recalled = await recall(store, a.job.clusterId, a.job.runId);
  let report = withMemory(a.report, recalled);
  const warn = (warning: string) => a.log.warn({ state: store.location }, warning);
  recalled.warnings.forEach(warn);
  if (!a.job.notify) return { ...none, report, lastAlertAt: recalled.lastAlert?.at };
  let archived: Awaited<ReturnType<typeof archiveReport>> | undefined;
  try {
    archived = await archiveReport(store, report, a.config.linkTtlSeconds);
  } catch (err) {
    const warning = `the report could not be archived in ${store.location}: ${err instanceof Error ? err.message : String(err)}`;
    warn(warning);
    report = withWarning(report, warning);
  }
  const final = report;
  return {
    report,
    link: archived?.link,
    lastAlertAt: recalled.lastAlert?.at,
    claims: sharedClaims(store, a.local, warn),
    async finish(alertedAt) {
      if (!archived) return;
      try {
        await rememberRun(store, final, archived.keys, recalled, alertedAt);
      } catch (err) {
        warn(`latest.json could not be written in ${store.location}: ${err instanceof Error ? err.message : String(err)}; the next run compares with an older one`);
      }
    },
  };
}
