/** Fleet fan-out: list each region's clusters, then queue one asynchronous audit per cluster with bounded concurrency. */
import { fromCloudError, type ApiFailure } from '../collect/api-error';
import { fleetRunId } from '../handler/run-id';
import { mapLimit } from '../util/concurrency';
import { INVOKE_API, LIST_CLUSTERS_API } from './apis';
import type { FleetCluster } from './clusters';
import type { AsyncInvoker } from './fc-invoker';

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
  onInvoked?(invocation: AuditInvocation, requestId: string | undefined): void;
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
      const { requestId } = await p.invoker.invokeAsync(p.functionName, JSON.stringify(invocation));
      p.onInvoked?.(invocation, requestId);
      return true;
    } catch (err) {
      failed.push({ region: c.region, clusterId: c.clusterId, ...fromCloudError(INVOKE_API, err).failure });
      return false;
    }
  });
  return { runId: p.runId, regions: [...p.regions], clusters: clusters.length, invoked: outcomes.filter(Boolean).length, failed };
}
