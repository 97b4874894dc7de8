/** The functions' configuration, as the handlers use it (read from the environment by read-env.ts). */
import type { SeverityOverrides } from '../findings/severity-overrides';
import type { WebhookTarget } from '../notify/types';
import type { NotifyOn } from '../notify/when';
import type { Format } from '../report/render';

export type { NotifyOn };
export type ClusterType = 'Kubernetes' | 'ManagedKubernetes' | 'ExternalKubernetes' | 'Ask';

/** Where runs remember (ACK_DRIFT_OSS_*): the bucket, the prefix that is theirs alone, and how to reach it. */
export interface OssStateConfig {
  bucket: string;
  prefix: string;
  region: string;
  internal: boolean;
}

/** Endpoint overrides per product; a product left out uses its regional public endpoint. */
export interface EndpointOverrides {
  vpc?: string;
  ecs?: string;
  ram?: string;
  resourcemanager?: string;
  cs?: string;
  fc?: string;
}

export interface FunctionConfig {
  /** Regions dispatch lists clusters in; the first is the audit's default region. */
  regions: string[];
  /** When set, only these clusters are audited or dispatched. */
  clusterIds?: string[];
  clusterTypes: ClusterType[];
  clusterTag?: { key: string; value: string };
  /** Webhook targets with their `env:` references resolved; they carry secrets and are never logged. */
  webhooks: WebhookTarget[];
  /** The HTTP trigger's default format: any the report renderer has (`?format=` picks another). */
  reportFormat: Format;
  notifyOn: NotifyOn;
  /** ACK_DRIFT_REMIND_EVERY in milliseconds: an unchanged open problem alerts again after this long. */
  remindEveryMs: number;
  /** ACK_DRIFT_LINK_TTL in seconds: how long the presigned report link in an alert opens. */
  linkTtlSeconds: number;
  /** ACK_DRIFT_PERIOD in milliseconds: the dispatch period, for staleness on the fleet page. */
  periodMs: number;
  /** The archive; absent when ACK_DRIFT_OSS_BUCKET is not set. */
  state?: OssStateConfig;
  reportUrl?: string;
  /** ACK_DRIFT_DEADLINE_MS; checked against the function timeout at invocation (deadline.ts). */
  deadlineMs?: number;
  dispatchConcurrency: number;
  auditFunction: string;
  managedCcmRole?: string;
  /** ACK_DRIFT_CCM_ADDON_KEY: the CCM add-on config key naming a managed cluster's route tables (undocumented by ACK). */
  ccmAddonKey?: string;
  /** ACK_DRIFT_SEVERITY_CONFIG and ACK_DRIFT_SEVERITY_OVERRIDES (severity-config.ts). */
  severityOverrides: SeverityOverrides;
  privateEndpoint: boolean;
  endpoints: EndpointOverrides;
  allowPrivateWebhooks: boolean;
  allowHttpWebhooks: boolean;
  /** The alert webhook: its bearer token (no token, no alert webhook), the cluster label, the dedupe window. */
  alerts: { token?: string; clusterLabel: string; dedupeMs: number };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** FC_REGION and FC_ACCOUNT_ID, which Function Compute sets. */
  functionRegion?: string;
  accountId?: string;
  /** FC_FUNCTION_MEMORY_SIZE (MB), which Function Compute sets; the invocation context's `function.memory` wins. */
  memoryMb?: number;
}

/** What dispatch and audit accept when ACK_DRIFT_CLUSTER_TYPES is not set: the types whose routes and CCM ack-drift understands. */
export const DEFAULT_CLUSTER_TYPES: readonly ClusterType[] = ['Kubernetes', 'ManagedKubernetes'];
export const DEFAULT_AUDIT_FUNCTION = 'ack-drift-audit';
export const DEFAULT_DISPATCH_CONCURRENCY = 10;
export const DEFAULT_OSS_PREFIX = 'ack-drift';
export const DEFAULT_REMIND_EVERY = '24h';
export const DEFAULT_LINK_TTL = '7d';
export const DEFAULT_PERIOD = '1h';
