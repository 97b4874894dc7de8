/** The knobs of one run, with defaults that fit a Function Compute timeout and the APIs' page limits. */
import type { CloudCollectOptions } from '../collect/cloud';
import { DEFAULT_ROUTE_TABLES_KEY } from '../collect/ccm-addon';
import type { KubeCollectOptions } from '../collect/kube';
import { defaultRetryPolicy } from '../util/retry';
import { defaultCheckOptions, type CheckOptions } from '../checks/types';
import type { SeverityOverrides } from '../findings/severity-overrides';
import { CLI_MEMORY_MB, readBudget } from './read-budget';

export interface AuditConfig {
  /** Ask CS for the API server's private endpoint (inside the VPC, as a function usually is). */
  privateApiServer: boolean;
  /** `execTimeoutMs`: the longest run of one kubeconfig exec plugin (the run's deadline may cut it shorter). */
  kube: KubeCollectOptions & { concurrency: number; execTimeoutMs: number };
  cloud: CloudCollectOptions;
  checks: CheckOptions;
  /** Epoch milliseconds after which no call starts; unfinished inputs become unknown(deadline). */
  deadline: number;
  /** Users' severity per code (docs/codes.md#severity-overrides). */
  severityOverrides: SeverityOverrides;
  /** The CCM add-on config key holding the route table ids of a managed cluster (undocumented, so configurable). */
  ccmAddonRouteTablesKey: string;
}

export interface ConfigOverrides {
  region: string;
  deadlineMs?: number;
  pageSize?: number;
  privateApiServer?: boolean;
  managedCcmRole?: string;
  ccmAddonRouteTablesKey?: string;
  severityOverrides?: SeverityOverrides;
  /** First retry delay; doubles per attempt (tests shrink it). */
  retryBaseMs?: number;
  /** Per-request timeout for Kubernetes calls (cloud calls take theirs from the client). */
  kubeRequestTimeoutMs?: number;
  /** The memory (MB) of the instance that runs the audit; sizes what it reads at once (read-budget.ts). */
  memoryMb?: number;
}

/** A full configuration from a few overrides. `pageSize` caps every API's page size (for paging tests). */
export function auditConfig(o: ConfigOverrides): AuditConfig {
  const deadline = Date.now() + (o.deadlineMs ?? 240_000);
  const retry = { ...defaultRetryPolicy(deadline), ...(o.retryBaseMs !== undefined ? { baseDelayMs: o.retryBaseMs } : {}) };
  const cap = (max: number) => Math.min(max, o.pageSize ?? max);
  return {
    privateApiServer: o.privateApiServer ?? false,
    deadline,
    kube: {
      pageSize: cap(500),
      requestTimeoutMs: o.kubeRequestTimeoutMs ?? 10_000,
      probeTimeoutMs: Math.min(5_000, o.kubeRequestTimeoutMs ?? 5_000),
      retry,
      relistOnExpired: 2,
      concurrency: 4,
      execTimeoutMs: 30_000,
      ...readBudget(o.memoryMb ?? CLI_MEMORY_MB),
    },
    cloud: { region: o.region, retry, routeEntryPageSize: cap(100), instancePageSize: cap(100), listPageSize: cap(50), kubeconfigMinutes: 15 },
    severityOverrides: o.severityOverrides ?? {},
    ccmAddonRouteTablesKey: o.ccmAddonRouteTablesKey ?? DEFAULT_ROUTE_TABLES_KEY,
    checks: { ...defaultCheckOptions(), ...(o.managedCcmRole ? { managedCcmRole: o.managedCcmRole } : {}) },
  };
}
