/** The audit function: parse the event → configuration → clients → runAudit → deliver once → a short answer. */
import type { FunctionConfig } from 'shared/config/function-config';
import { runBudgetMs, splitBudget } from 'shared/config/deadline';
import { readFunctionConfig } from 'shared/config/read-env';
import { credentialsOf, requestIdOf, type FcContext } from 'shared/handler/context';
import { deliverOnce, skippedOutcomes, type DeliveryOutcome } from 'shared/handler/deliver-once';
import { decodeEvent, type TriggerEvent } from 'shared/handler/events';
import { httpFailure, invocationError } from 'shared/handler/failure';
import { errorResponse, reportResponse, type HttpResponse } from 'shared/handler/http-response';
import type { IdempotencyStore } from 'shared/handler/idempotency';
import { invocationLogger, type Logger } from 'shared/log/logger';
import type { DeliverReport } from 'shared/notify/types';
import { decideAlert } from 'shared/notify/when';
import type { Report } from 'shared/report/schema';
import type { DoctorResult } from 'shared/doctor/item';
import { isDoctorRequest, isPing, type Pong } from 'shared/doctor/ping';
import { answerAlert, isAlertRequest } from './alert';
import { auditDoctor } from './doctor';
import { auditJobOf, type AuditJob } from './job';
import { openMemory, type OssTransport, type RunMemory } from './memory';
import { auditCluster } from './run';

export interface AuditHandlerDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  deliver: DeliverReport;
  store: IdempotencyStore;
  now?: () => Date;
  /** Tests: how to reach the OSS simulator; the product uses the region's (internal) endpoint. */
  ossTransport?: OssTransport;
}

/** What a timer or direct invocation returns (the HTTP trigger returns the report itself). */
export interface AuditSummary {
  runId: string;
  clusterId: string;
  region: string;
  dryRun: boolean;
  status: Report['summary']['status'];
  headline: string;
  counts: Report['summary']['counts'];
  deliveries: DeliveryOutcome[];
  /** What changed since the previous run, when the function has a memory (ACK_DRIFT_OSS_BUCKET). */
  changed?: { new: number; worsened: number; resolved: number; unchanged: number };
  /** The presigned link to the archived HTML report. */
  reportUrl?: string;
  /** Why the memory was not used in full (the report and the alerts are complete regardless). */
  stateWarnings?: string[];
}

export type AuditHandler = (event: unknown, context: FcContext) => Promise<AuditSummary | HttpResponse | Pong | DoctorResult>;

/** An FC 3.0 handler over injected dependencies (index.ts passes the real ones; tests capture logs and deliveries). */
export function createAuditHandler(deps: AuditHandlerDeps): AuditHandler {
  const now = deps.now ?? (() => new Date());
  let config: FunctionConfig | undefined;
  return async (event, context) => {
    // Until the request id is known, failures are logged without it.
    let log = deps.logger;
    let requestId: string | undefined;
    let trigger: TriggerEvent | undefined;
    try {
      requestId = requestIdOf(context);
      log = invocationLogger(deps.logger, { requestId, functionName: context.function?.name });
      trigger = decodeEvent(event);
      // The doctor's round trip from dispatch: answered before anything else is read.
      if (trigger.kind === 'invoke' && isPing(trigger.body)) return { pong: true, function: context.function?.name };
      config ??= readFunctionConfig(deps.env);
      const budget = runBudgetMs(config.deadlineMs, context.function?.timeout);
      if (trigger.kind === 'invoke' && isDoctorRequest(trigger.body)) {
        const result = await auditDoctor(trigger.body, config, credentialsOf(context, deps.env), deps.deliver, Date.now() + budget);
        log.info({ ok: result.ok, failed: result.items.filter((i) => i.status === 'fail').map((i) => i.id) }, 'doctor finished');
        return result;
      }
      if (trigger.kind === 'http' && isAlertRequest(trigger.http)) {
        const credentials = credentialsOf(context, deps.env);
        const accountId = context.accountId ?? config.accountId;
        return await answerAlert({
          http: trigger.http,
          requestId,
          config,
          credentials,
          accountId,
          budgetMs: budget,
          memoryMb: context.function?.memory,
          store: deps.store,
          deliver: deps.deliver,
          log,
          now,
        });
      }
      const job = auditJobOf(trigger, config, requestId);
      const deadline = Date.now() + budget;
      const delivers = job.notify && config.webhooks.length > 0;
      const jobLog = log.child({ clusterId: job.clusterId, region: job.region, runId: job.runId, trigger: trigger.kind });
      jobLog.info({ dryRun: job.dryRun, budgetMs: budget }, 'audit started');
      const credentials = credentialsOf(context, deps.env);
      const audited = await auditCluster({
        job,
        config,
        credentials,
        accountId: context.accountId ?? config.accountId,
        auditMs: splitBudget(budget, delivers).auditMs,
        log: jobLog,
        now,
        memoryMb: context.function?.memory,
      });
      const memory = await openMemory({ report: audited, job, config, credentials, local: deps.store, log: jobLog, transport: deps.ossTransport });
      const { report } = memory;
      const deliveries = await deliveriesFor(memory, job, config, deadline, deps, now());
      await memory.finish(deliveries.some((d) => d.ok && !d.skipped) ? now() : undefined);
      const { status, headline, counts } = report.summary;
      jobLog.info({ status, headline, counts, deliveries, durationMs: report.stats.durationMs }, 'audit finished');
      const failed = deliveries.filter((d) => !d.ok);
      if (failed.length > 0) jobLog.warn({ deliveries: failed }, `${failed.length} of ${deliveries.length} alert deliveries failed`);
      return job.httpFormat ? reportResponse(report, job.httpFormat) : summaryOf(report, job, deliveries, memory.link);
    } catch (err) {
      const failure = invocationError(err, log);
      if (trigger?.kind === 'http' && requestId !== undefined) {
        const { status, message } = httpFailure(err);
        return errorResponse(status, message, requestId);
      }
      throw failure;
    }
  };
}

function deliveriesFor(memory: RunMemory, job: AuditJob, config: FunctionConfig, deadline: number, deps: AuditHandlerDeps, at: Date): Promise<DeliveryOutcome[]> {
  const { report } = memory;
  if (!job.notify) return Promise.resolve(job.httpFormat ? [] : skippedOutcomes(job.runId, config.webhooks, 'dryRun'));
  // An hourly "all is well" alert trains people to ignore the channel, and so does the same problem every hour.
  const decision = decideAlert({ notifyOn: config.notifyOn, report, lastAlertAt: memory.lastAlertAt, remindEveryMs: config.remindEveryMs, now: at });
  if (!decision.send) return Promise.resolve(skippedOutcomes(job.runId, config.webhooks, decision.why));
  return deliverOnce(report, config.webhooks, {
    runId: job.runId,
    store: memory.claims,
    deliver: deps.deliver,
    deadline,
    reportUrl: memory.link ?? config.reportUrl,
    allowPrivateNetwork: config.allowPrivateWebhooks,
    allowHttp: config.allowHttpWebhooks,
  });
}

function summaryOf(report: Report, job: AuditJob, deliveries: DeliveryOutcome[], link: string | undefined): AuditSummary {
  const { status, headline, counts } = report.summary;
  const c = report.changes;
  return {
    runId: job.runId,
    clusterId: job.clusterId,
    region: job.region,
    dryRun: job.dryRun,
    status,
    headline,
    counts,
    deliveries,
    ...(c ? { changed: { new: c.new.length, worsened: c.worsened.length, resolved: c.resolved.length, unchanged: c.unchanged.length } } : {}),
    ...(link ? { reportUrl: link } : {}),
    ...(report.stats.stateWarnings ? { stateWarnings: report.stats.stateWarnings } : {}),
  };
}
