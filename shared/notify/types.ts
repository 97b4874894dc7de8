/** Alert delivery: the webhook targets a run posts its report to, and what became of each delivery. */
import type { Report } from '../report/schema';

export type WebhookKind = 'dingtalk' | 'lark' | 'wecom' | 'slack' | 'generic';

export interface WebhookTarget {
  kind: WebhookKind;
  /** A name for logs and results (never the URL: robot URLs carry access tokens). */
  name: string;
  url: string;
  /** Signing secret: DingTalk `SEC…`, Lark/Feishu signature key, generic Standard Webhooks `whsec_…`. */
  secret?: string;
}

export interface DeliveryOptions {
  /** Stable across retries and re-runs of the same trigger: receivers deduplicate on it. */
  deliveryId: string;
  /** Link to the HTML report page, when the run has one. */
  reportUrl?: string;
  /** Epoch milliseconds after which no new attempt starts. */
  deadline: number;
  /** Attempts per target, the first included. */
  attempts?: number;
  /** Loopback and private (RFC 1918, fc00::/7) addresses are refused unless this is set (tests set it); link-local and the metadata range are always refused. */
  allowPrivateNetwork?: boolean;
  /** Plain http is refused unless this is set. */
  allowHttp?: boolean;
  now?: () => Date;
}

export interface DeliveryResult {
  target: string;
  kind: WebhookKind;
  ok: boolean;
  attempts: number;
  /** Why the delivery failed (the robot's error code and message, the HTTP status, or the refusal). */
  error?: string;
}

/** Posts the report to every target; never throws (each result says how its delivery went). */
export type DeliverReport = (report: Report, targets: readonly WebhookTarget[], options: DeliveryOptions) => Promise<DeliveryResult[]>;
