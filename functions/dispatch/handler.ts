/** The dispatch function: parse the event → configuration → list the fleet → invoke `audit` asynchronously per cluster. */
import { createCloudClients } from 'shared/collect/cloud-clients';
import { defaultRetryPolicy } from 'shared/util/retry';
import { REQUEST_TIMEOUT_MS, runBudgetMs } from 'shared/config/deadline';
import type { FunctionConfig } from 'shared/config/function-config';
import { readFunctionConfig } from 'shared/config/read-env';
import { listClusters } from 'shared/fleet/clusters';
import { dispatchFleet, type DispatchResult } from 'shared/fleet/dispatch';
import type { AsyncInvoker, FcInvokerOptions } from 'shared/fleet/fc-invoker';
import { credentialsOf, requestIdOf, type FcContext } from 'shared/handler/context';
import { cloudEndpoints } from 'shared/handler/endpoints';
import { decodeEvent } from 'shared/handler/events';
import { invocationError } from 'shared/handler/failure';
import { dispatchRunId } from 'shared/handler/run-id';
import { checkedAs } from 'shared/handler/validate';
import { validatorOf } from 'shared/util/validation';
import type { DispatchRequest } from './request-schema';
import { validateDispatchRequest } from './request-schema.validator';
import { invocationLogger, type Logger } from 'shared/log/logger';
import type { DoctorResult } from 'shared/doctor/item';
import { isDoctorRequest } from 'shared/doctor/ping';
import { runDoctor } from 'shared/doctor/run';
import { currentRuntime } from 'shared/doctor/runtime';
import { publishFleet } from 'shared/state/fleet';
import { openOssStore, type OssTransport } from 'shared/state/oss-store';
import { ConfigError, EventError, RunFailedError } from 'shared/util/errors';

const dispatchRequest = validatorOf<DispatchRequest>(validateDispatchRequest);

export interface DispatchHandlerDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Builds the invoker (index.ts: fc2); injected so that fc2 stays in this function's bundle only. */
  invoker(options: FcInvokerOptions): AsyncInvoker;
  /** Tests: how to reach the OSS simulator; the product uses the region's (internal) endpoint. */
  ossTransport?: OssTransport;
}

/** What dispatch returns: the fan-out, and the fleet page it wrote (or why it could not). */
export type DispatchOutcome = DispatchResult & { fleetPage?: { clusters: number; stale: number } | { warning: string } };

export type DispatchHandler = (event: unknown, context: FcContext) => Promise<DispatchOutcome | DoctorResult>;

/** An FC 3.0 handler over injected dependencies. */
export function createDispatchHandler(deps: DispatchHandlerDeps): DispatchHandler {
  let config: FunctionConfig | undefined;
  return async (event, context) => {
    // Until the request id is known, failures are logged without it.
    let log = deps.logger;
    try {
      const requestId = requestIdOf(context);
      log = invocationLogger(deps.logger, { requestId, functionName: context.function?.name });
      const trigger = decodeEvent(event);
      if (trigger.kind === 'http') throw new EventError('event: dispatch takes timer and direct invocations, not HTTP requests');
      config ??= readFunctionConfig(deps.env);
      const doctor = trigger.kind === 'invoke' && isDoctorRequest(trigger.body);
      const req: DispatchRequest = doctor ? {} : checkedAs(dispatchRequest, trigger.kind === 'timer' ? trigger.payload : trigger.body, trigger.kind === 'timer' ? 'timer payload' : 'event');
      const runId = req.runId ?? dispatchRunId(trigger.kind === 'timer' ? trigger : { kind: 'invoke', requestId });
      const deadline = Date.now() + runBudgetMs(config.deadlineMs, context.function?.timeout);
      const retry = defaultRetryPolicy(deadline);
      const credentials = credentialsOf(context, deps.env);
      const accountId = context.accountId ?? config.accountId;
      if (!accountId) throw new ConfigError(['FC_ACCOUNT_ID: required to invoke the audit function (the context names no account)']);
      const cfg = config;
      const listIn = (region: string) => {
        const cs = createCloudClients(credentials, cloudEndpoints(region, cfg.endpoints), REQUEST_TIMEOUT_MS).cs;
        return listClusters(cs, region, { types: cfg.clusterTypes, clusterIds: cfg.clusterIds, tag: cfg.clusterTag }, retry);
      };
      const functionRegion = context.region ?? cfg.functionRegion ?? cfg.regions[0];
      const invoker = deps.invoker({ accountId, region: functionRegion, credentials, endpoint: cfg.endpoints.fc, timeoutMs: REQUEST_TIMEOUT_MS, retry });
      if (doctor) {
        // The checklist of this function: its credentials, the fleet listing, and a round trip to the audit function.
        const result = await runDoctor({
          runtime: currentRuntime(),
          credentials: { value: credentials, source: "the function's role" },
          fleet: { regions: cfg.regions, list: listIn },
          invoke: { invoker, functionName: cfg.auditFunction, functionArn: `acs:fc:${functionRegion}:${accountId}:functions/${cfg.auditFunction}` },
        });
        log.info({ ok: result.ok, failed: result.items.filter((i) => i.status === 'fail').map((i) => i.id) }, 'doctor finished');
        return result;
      }
      const runLog = log.child({ runId, trigger: trigger.kind });
      runLog.info({ regions: cfg.regions, auditFunction: cfg.auditFunction, concurrency: cfg.dispatchConcurrency }, 'dispatch started');
      const result = await dispatchFleet({
        runId,
        regions: cfg.regions,
        list: listIn,
        invoker,
        functionName: cfg.auditFunction,
        concurrency: cfg.dispatchConcurrency,
        dryRun: req.dryRun ?? false,
        onInvoked: (inv, r) =>
          runLog.debug({ clusterId: inv.clusterId, region: inv.region, auditRunId: inv.runId, fcRequestId: r.requestId, via: r.via, alreadyQueued: r.alreadyQueued }, 'audit queued'),
      });
      const summary = `dispatched ${result.invoked} of ${result.clusters} audits`;
      const counts = { clusters: result.clusters, invoked: result.invoked, alreadyQueued: result.alreadyQueued, via: result.via };
      if (result.failed.length === 0) runLog.info(counts, summary);
      else runLog.warn({ ...counts, failed: result.failed }, `${summary}; ${result.failed.length} listings or invocations failed`);
      const unlisted = result.failed.filter((f) => f.clusterId === undefined);
      // Nothing listed anywhere is an outage of the run itself (credentials, policy, endpoint), not an empty fleet.
      if (unlisted.length === cfg.regions.length) {
        throw new RunFailedError(`dispatch: no region could be listed (${unlisted.map((f) => `${f.region}: ${f.code}`).join(', ')})`);
      }
      if (!cfg.state) return result;
      // The page is built after the fan-out from each cluster's latest.json; an archive failure never fails the dispatch.
      try {
        const fleet = await publishFleet(openOssStore(cfg.state, credentials, deps.ossTransport), new Date(), cfg.periodMs, cfg.linkTtlSeconds);
        const fleetPage = { clusters: fleet.clusters.length, stale: fleet.clusters.filter((c) => c.status === 'stale').length };
        runLog.info({ fleetPage }, `fleet page: ${fleetPage.clusters} clusters, ${fleetPage.stale} stale`);
        return { ...result, fleetPage };
      } catch (err) {
        const warning = `the fleet page could not be written: ${err instanceof Error ? err.message : String(err)}`;
        runLog.warn({ state: `oss://${cfg.state.bucket}/${cfg.state.prefix}` }, warning);
        return { ...result, fleetPage: { warning } };
      }
    } catch (err) {
      throw invocationError(err, log);
    }
  };
}
