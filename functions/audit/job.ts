/** What one audit invocation is asked to do, from its trigger and the configuration. */
import type { FunctionConfig } from 'shared/config/function-config';
import type { TriggerEvent } from 'shared/handler/events';
import { invokeRunId, RUN_ID_PATTERN, timerRunId } from 'shared/handler/run-id';

const RUN_ID_REGEXP = new RegExp(RUN_ID_PATTERN);
import { checkedAs, echo } from 'shared/handler/validate';
import { validatorOf } from 'shared/util/validation';
import type { AuditQuery, AuditRequest } from './request-schema';
import { validateAuditQuery, validateAuditRequest } from './request-schema.validators';
import type { Format } from 'shared/report/render';
import { ClusterNotAllowedError, EventError } from 'shared/util/errors';

const auditRequest = validatorOf<AuditRequest>(validateAuditRequest);
const auditQuery = validatorOf<AuditQuery>(validateAuditQuery);

export interface AuditJob {
  clusterId: string;
  region: string;
  runId: string;
  /** Audit, but post no webhook. */
  dryRun: boolean;
  /** Post to the webhooks (timer and invoke runs unless dry; HTTP runs only with notify=true). */
  notify: boolean;
  /** Set for HTTP runs: the format of the response. */
  httpFormat?: Format;
}

function clusterOf(requested: string | undefined, config: FunctionConfig): string {
  const allowed = config.clusterIds;
  if (requested === undefined) {
    if (allowed?.length === 1) return allowed[0];
    throw new EventError('clusterId: required (give it in the event, or set ACK_DRIFT_CLUSTER_IDS to a single cluster)');
  }
  if (allowed && !allowed.includes(requested)) throw new ClusterNotAllowedError(`clusterId: ${requested} is not in ACK_DRIFT_CLUSTER_IDS`);
  return requested;
}

function regionOf(requested: string | undefined, config: FunctionConfig): string {
  if (requested) return requested;
  if (config.regions.length === 1) return config.regions[0];
  throw new EventError(`region: required (ACK_DRIFT_REGIONS lists ${config.regions.length} regions)`);
}

/** The job a trigger (with its FC request id) asks for; throws EventError (or ClusterNotAllowedError) naming the bad field. */
export function auditJobOf(trigger: TriggerEvent, config: FunctionConfig, requestId: string): AuditJob {
  if (trigger.kind === 'http') {
    const method = trigger.http.requestContext.http.method;
    if (method.toUpperCase() !== 'GET') throw new EventError(`method: ${echo(method)} is not supported (GET)`);
    const q = checkedAs(auditQuery, trigger.http.queryParameters ?? {}, 'query');
    const clusterId = clusterOf(q.clusterId, config);
    return {
      clusterId,
      region: regionOf(q.region, config),
      // The request id becomes part of delivery ids and log fields: used as it is only when it has the run id form.
      runId: RUN_ID_REGEXP.test(trigger.http.requestContext.requestId) ? trigger.http.requestContext.requestId : invokeRunId(trigger.http.requestContext.requestId, clusterId),
      dryRun: q.notify !== 'true',
      notify: q.notify === 'true',
      httpFormat: q.format ?? config.reportFormat,
    };
  }
  const source = trigger.kind === 'timer' ? 'timer payload' : 'event';
  const req = checkedAs(auditRequest, trigger.kind === 'timer' ? trigger.payload : trigger.body, source);
  const clusterId = clusterOf(req.clusterId, config);
  const runId = req.runId ?? (trigger.kind === 'timer' ? timerRunId(trigger.triggerName, trigger.triggerTime, clusterId) : invokeRunId(requestId, clusterId));
  const dryRun = req.dryRun ?? false;
  return { clusterId, region: regionOf(req.region, config), runId, dryRun, notify: !dryRun };
}
