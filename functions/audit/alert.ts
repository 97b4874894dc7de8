/**
 * The alert webhook on the audit function's HTTP trigger (`POST …/alerts`): Alertmanager (or ARMS) posts an alert
 * group; the function audits the cluster the alerts name and answers in the chat channels with the chain that
 * explains the alerted symptom first. Never anonymous (a bearer token, compared in constant time); a resolved group
 * audits nothing; one group audits once within the dedupe window.
 */
import { bearerMatches } from 'shared/alert/auth';
import { focusOnAlert } from 'shared/alert/focus';
import { parseAlertGroup, type AlertGroup } from 'shared/alert/payload';
import { targetOf, type AlertTarget } from 'shared/alert/target';
import type { CloudCredentials } from 'shared/collect/cloud-clients';
import { splitBudget } from 'shared/config/deadline';
import type { FunctionConfig } from 'shared/config/function-config';
import { deliverOnce } from 'shared/handler/deliver-once';
import type { HttpEvent } from 'shared/handler/event-schemas';
import { errorResponse, type HttpResponse } from 'shared/handler/http-response';
import type { IdempotencyStore } from 'shared/handler/idempotency';
import { alertRunId } from 'shared/handler/run-id';
import type { Logger } from 'shared/log/logger';
import type { DeliverReport } from 'shared/notify/types';
import type { Report } from 'shared/report/schema';
import { auditCluster } from './run';

/** True for a request to the alert webhook path. */
export function isAlertRequest(http: HttpEvent): boolean {
  return /\/alerts\/?$/.test(http.rawPath);
}

export interface AlertInputs {
  http: HttpEvent;
  requestId: string;
  config: FunctionConfig;
  credentials: CloudCredentials;
  accountId?: string;
  budgetMs: number;
  /** The invocation context's `function.memory` (MB). */
  memoryMb?: number;
  store: IdempotencyStore;
  deliver: DeliverReport;
  log: Logger;
  now: () => Date;
}

function json(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8' }, isBase64Encoded: false, body: JSON.stringify(body) };
}

function header(http: HttpEvent, name: string): string | undefined {
  const entry = Object.entries(http.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

function bodyOf(http: HttpEvent): string {
  return http.isBase64Encoded ? Buffer.from(http.body ?? '', 'base64').toString('utf8') : (http.body ?? '');
}

/** Answers one webhook request; the audit and the chat answer happen before the response, within the budget. */
export async function answerAlert(i: AlertInputs): Promise<HttpResponse> {
  const { http, requestId, config, log } = i;
  if (http.requestContext.http.method.toUpperCase() !== 'POST') return errorResponse(405, 'the alert webhook takes POST', requestId);
  // No token configured means no alert webhook at all: it is never anonymous.
  if (!config.alerts.token) return errorResponse(404, 'the alert webhook is not enabled (ACK_DRIFT_ALERT_TOKEN is not set)', requestId);
  if (!bearerMatches(header(http, 'authorization'), config.alerts.token)) {
    log.warn({ requestId }, 'alert webhook: missing or wrong bearer token');
    return errorResponse(401, 'a bearer token is required', requestId);
  }
  let group: AlertGroup;
  let target: AlertTarget;
  try {
    group = parseAlertGroup(bodyOf(http));
    if (group.status === 'resolved' || group.alerts.every((a) => a.status === 'resolved')) return json(200, { skipped: 'resolved', requestId });
    target = targetOf(group, config.alerts.clusterLabel, config.clusterIds);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ requestId, problem: message }, 'alert webhook: payload refused');
    return errorResponse(422, message, requestId);
  }
  const windowStart = config.alerts.dedupeMs > 0 ? Math.floor(i.now().getTime() / config.alerts.dedupeMs) * config.alerts.dedupeMs : i.now().getTime();
  const runId = alertRunId(group.groupKey, windowStart);
  if (!(await i.store.claim(`alert:${runId}`, Math.max(config.alerts.dedupeMs, 60_000)))) return json(200, { skipped: 'duplicate', runId, requestId });
  const region = config.regions[0];
  const job = { clusterId: target.clusterId, region, runId, dryRun: false, notify: true };
  const jobLog = log.child({ clusterId: target.clusterId, runId, trigger: 'alert', alerts: target.alerts });
  jobLog.info({ symptoms: target.symptoms }, 'alert audit started');
  const deadline = Date.now() + i.budgetMs;
  let report: Report;
  try {
    report = focusOnAlert(
      await auditCluster({ job, config, credentials: i.credentials, accountId: i.accountId, auditMs: splitBudget(i.budgetMs, true).auditMs, log: jobLog, now: i.now, memoryMb: i.memoryMb }),
      target,
    );
  } catch (err) {
    await i.store.release(`alert:${runId}`);
    throw err;
  }
  const deliveries = await deliverOnce(report, config.webhooks, {
    runId,
    store: i.store,
    deliver: i.deliver,
    deadline,
    reportUrl: config.reportUrl,
    allowPrivateNetwork: config.allowPrivateWebhooks,
    allowHttp: config.allowHttpWebhooks,
  });
  await i.store.complete(`alert:${runId}`, Math.max(config.alerts.dedupeMs, 60_000));
  const { status, headline } = report.summary;
  jobLog.info({ status, headline, deliveries }, 'alert audit finished');
  return json(200, { runId, clusterId: target.clusterId, status, headline, deliveries: deliveries.map((d) => ({ target: d.target, ok: d.ok })), requestId });
}
