/** The audit function: parse the event → configuration → clients → runAudit → deliver once → a short answer. */
import type { FunctionConfig } from '../../shared/config/function-config';
import { runBudgetMs, splitBudget } from '../../shared/config/deadline';
import { readFunctionConfig } from '../../shared/config/read-env';
import { credentialsOf, requestIdOf, type FcContext } from '../../shared/handler/context';
import { deliverOnce, skippedOutcomes, type DeliveryOutcome } from '../../shared/handler/deliver-once';
import { decodeEvent, type TriggerEvent } from '../../shared/handler/events';
import { httpFailure, invocationError } from '../../shared/handler/failure';
import { errorResponse, reportResponse, type HttpResponse } from '../../shared/handler/http-response';
import type { IdempotencyStore } from '../../shared/handler/idempotency';
import { invocationLogger, type Logger } from '../../shared/log/logger';
import type { DeliverReport } from '../../shared/notify/types';
import type { Report } from '../../shared/report/schema';
import type { DoctorResult } from '../../shared/doctor/item';
import { isDoctorRequest, isPing, type Pong } from '../../shared/doctor/ping';
import { answerAlert, isAlertRequest } from './alert';
import { auditDoctor } from './doctor';
import { auditJobOf, type AuditJob } from './job';
import { auditCluster } from './run';

export interface AuditHandlerDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  deliver: DeliverReport;
  store: IdempotencyStore;
  now?: () => Date;
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
        return await answerAlert({ http: trigger.http, requestId, config, credentials, accountId, budgetMs: budget, store: deps.store, deliver: deps.deliver, log, now });
      }
      const job = auditJobOf(trigger, config, requestId);
      const deadline = Date.now() + budget;
      const delivers = job.notify && config.webhooks.length > 0;
      const jobLog = log.child({ clusterId: job.clusterId, region: job.region, runId: job.runId, trigger: trigger.kind });
      jobLog.info({ dryRun: job.dryRun, budgetMs: budget }, 'audit started');
      const credentials = credentialsOf(context, deps.env);
      const report = await auditCluster({ job, config, credentials, accountId: context.accountId ?? config.accountId, auditMs: splitBudget(budget, delivers).auditMs, log: jobLog, now });
      const deliveries = await deliveriesFor(report, job, config, deadline, deps);
      const { status, headline, counts } = report.summary;
      jobLog.info({ status, headline, counts, deliveries, durationMs: report.stats.durationMs }, 'audit finished');
      const failed = deliveries.filter((d) => !d.ok);
      if (failed.length > 0) jobLog.warn({ deliveries: failed }, `${failed.length} of ${deliveries.length} alert deliveries failed`);
      return job.httpFormat ? reportResponse(report, job.httpFormat) : summaryOf(report, job, deliveries);
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

function deliveriesFor(report: Report, job: AuditJob, config: FunctionConfig, deadline: number, deps: AuditHandlerDeps): Promise<DeliveryOutcome[]> {
  if (!job.notify) return Promise.resolve(job.httpFormat ? [] : skippedOutcomes(job.runId, config.webhooks, 'dryRun'));
  // An hourly "all is well" alert trains people to ignore the channel; `always` is for those who want it.
  if (config.notifyOn === 'problems' && report.summary.status === 'healthy') return Promise.resolve(skippedOutcomes(job.runId, config.webhooks, 'healthy'));
  return deliverOnce(report, config.webhooks, {
    runId: job.runId,
    store: deps.store,
    deliver: deps.deliver,
    deadline,
    reportUrl: config.reportUrl,
    allowPrivateNetwork: config.allowPrivateWebhooks,
    allowHttp: config.allowHttpWebhooks,
  });
}

function summaryOf(report: Report, job: AuditJob, deliveries: DeliveryOutcome[]): AuditSummary {
  const { status, headline, counts } = report.summary;
  return { runId: job.runId, clusterId: job.clusterId, region: job.region, dryRun: job.dryRun, status, headline, counts, deliveries };
}
