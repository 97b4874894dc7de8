/** Fleet fan-out: list each region's clusters, then queue one asynchronous audit per cluster with bounded concurrency. */
import { fromCloudError, type ApiFailure } from '../collect/api-error';
import { auditTaskId, fleetRunId } from '../handler/run-id';
import { mapLimit } from '../util/concurrency';
import { INVOKE_API, LIST_CLUSTERS_API } from './apis';
import type { FleetCluster } from './clusters';
import type { AsyncInvoker, InvokeResult, InvokerClient } from './fc-invoker';

export interface DispatchFailure extends ApiFailure {
  region: string;
  /** Absent when the region's listing failed. */
  clusterId?: string;
}

export interface DispatchResult {
  runId: string;
  regions: string[];
  /** Clusters listed and passing the filters. */
  clusters: number;
  invoked: number;
  /** Of `invoked`, those FC had already queued under the same task id (a re-sent or redelivered dispatch). */
  alreadyQueued: number;
  /** Invocations per client that carried them (fc2 first; the FC 3.0 SDK when FC refuses fc2's signature). */
  via: Partial<Record<InvokerClient, number>>;
  failed: DispatchFailure[];
}

/** The event each audit receives: its cluster and a run id derived from the dispatch run. */
export interface AuditInvocation {
  clusterId: string;
  region: string;
  runId: string;
  dryRun?: true;
}

export interface DispatchPlan {
  runId: string;
  regions: readonly string[];
  list(region: string): Promise<FleetCluster[]>;
  invoker: AsyncInvoker;
  functionName: string;
  /** Invocations in flight at once. */
  concurrency: number;
  dryRun: boolean;
  onInvoked?(invocation: AuditInvocation, result: InvokeResult): void;
}

// Listing is a handful of sequential pages per region; a few regions at a time keeps CS throttling away.
const REGION_CONCURRENCY = 4;

/** Lists and invokes; a failed region or invocation is recorded in `failed`, never thrown. */
export async function dispatchFleet(p: DispatchPlan): Promise<DispatchResult> {
  const failed: DispatchFailure[] = [];
  const listed = await mapLimit(p.regions, REGION_CONCURRENCY, async (region) => {
    try {
      return await p.list(region);
    } catch (err) {
      failed.push({ region, ...fromCloudError(LIST_CLUSTERS_API, err).failure });
      return [];
    }
  });
  const clusters = listed.flat();
  const outcomes = await mapLimit(clusters, p.concurrency, async (c) => {
    const invocation: AuditInvocation = { clusterId: c.clusterId, region: c.region, runId: fleetRunId(p.runId, c.region, c.clusterId), ...(p.dryRun ? { dryRun: true as const } : {}) };
    try {
      const result = await p.invoker.invokeAsync(p.functionName, JSON.stringify(invocation), auditTaskId(invocation.runId));
      p.onInvoked?.(invocation, result);
      return result;
    } catch (err) {
      failed.push({ region: c.region, clusterId: c.clusterId, ...fromCloudError(INVOKE_API, err).failure });
      return undefined;
    }
  });
  const invoked = outcomes.filter((o): o is InvokeResult => o !== undefined);
  const via: Partial<Record<InvokerClient, number>> = {};
  for (const o of invoked) via[o.via] = (via[o.via] ?? 0) + 1;
  return {
    runId: p.runId,
    regions: [...p.regions],
    clusters: clusters.length,
    invoked: invoked.length,
    alreadyQueued: invoked.filter((o) => o.alreadyQueued).length,
    via,
    failed,
  };
}
