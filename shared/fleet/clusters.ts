/**
 * The clusters of a region from Container Service `DescribeClustersV1` (ROA `GET /api/v1/clusters`), paged with
 * page_number/page_size until page_number × page_size reaches total_count (docs/reliability.md, promise 3).
 */
import type ROAClient = require('@alicloud/pop-core/lib/roa');
import { ApiCallError, fromCloudError } from '../collect/api-error';
import { withRetry, type RetryPolicy } from '../util/retry';
import { LIST_CLUSTERS_API } from './apis';

/** The largest page the reference recommends (the documented maximum is unverified). */
export const MAX_CLUSTER_PAGE_SIZE = 100;

/**
 * The cluster states worth an audit: serving, or changing while serving. Left out: initial (being created),
 * failed, removing, deleting, deleted, draining and any state CS adds later, whose API servers and routes are not
 * a cluster's to be judged on (docs/architecture.md, "Cloud APIs").
 */
export const AUDITED_STATES: readonly string[] = ['running', 'updating', 'upgrading', 'scaling'];

export interface FleetCluster {
  clusterId: string;
  name: string;
  region: string;
  clusterType: string;
  state: string;
  tags: { key: string; value: string }[];
}

export interface ClusterFilter {
  types: readonly string[];
  /** Only these ids, when set. */
  clusterIds?: readonly string[];
  tag?: { key: string; value: string };
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function toCluster(c: Json, region: string): FleetCluster {
  const tags = Array.isArray(c.tags) ? (c.tags as unknown[]).map(obj).map((t) => ({ key: text(t.key), value: text(t.value) })) : [];
  return { clusterId: text(c.cluster_id), name: text(c.name), region: text(c.region_id) || region, clusterType: text(c.cluster_type), state: text(c.state), tags };
}

/** Whether a listed cluster is in an audited state and passes the configured type, id and tag filters. */
export function matchesFilter(c: FleetCluster, f: ClusterFilter): boolean {
  if (!AUDITED_STATES.includes(c.state)) return false;
  if (!f.types.includes(c.clusterType)) return false;
  if (f.clusterIds && !f.clusterIds.includes(c.clusterId)) return false;
  return !f.tag || c.tags.some((t) => t.key === f.tag!.key && t.value === f.tag!.value);
}

/** Every cluster of `region` passing `filter`, in listing order, each once (a cluster created mid-listing can shift pages). */
export async function listClusters(cs: Pick<ROAClient, 'get'>, region: string, filter: ClusterFilter, retry: RetryPolicy, pageSize = MAX_CLUSTER_PAGE_SIZE): Promise<FleetCluster[]> {
  const size = Math.min(MAX_CLUSTER_PAGE_SIZE, Math.max(1, pageSize));
  // One type is filtered by the API; several are listed together and filtered here (the API takes one cluster_type).
  const typeQuery = filter.types.length === 1 ? { cluster_type: filter.types[0] } : {};
  const seen = new Map<string, FleetCluster>();
  for (let pageNumber = 1; ; pageNumber++) {
    const page = obj(await withRetry(LIST_CLUSTERS_API, retry, fromCloudError, () => cs.get('/api/v1/clusters', { region_id: region, ...typeQuery, page_number: pageNumber, page_size: size })));
    const rows = Array.isArray(page.clusters) ? (page.clusters as unknown[]).map(obj) : [];
    for (const row of rows) {
      const c = toCluster(row, region);
      if (c.clusterId && !seen.has(c.clusterId)) seen.set(c.clusterId, c);
    }
    const info = obj(page.page_info);
    const total = info.total_count;
    // Without a total there is no telling whether more pages follow: a partial fleet must not pass for the whole.
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      throw new ApiCallError({ api: LIST_CLUSTERS_API, code: 'IncompletePaging', message: `page ${pageNumber} has no numeric page_info.total_count` }, false);
    }
    // The server's own page size, if it clamps ours, is the one its page windows use.
    const served = Number(text(info.page_size)) || size;
    if (pageNumber * served >= total) break;
    if (rows.length === 0) {
      throw new ApiCallError({ api: LIST_CLUSTERS_API, code: 'IncompletePaging', message: `page ${pageNumber} was empty after ${seen.size} of ${total} clusters` }, false);
    }
  }
  return [...seen.values()].filter((c) => matchesFilter(c, filter));
}
