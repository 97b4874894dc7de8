/** Delivers a run's report to each target at most once: delivery id `runId:target`, claimed in the idempotency store first. */
import type { DeliverReport, DeliveryOptions, DeliveryResult, WebhookTarget } from '../notify/types';
import type { Report } from '../report/schema';
import type { IdempotencyStore } from './idempotency';

/** Why a run posted nothing to a target: it already did, it is a dry run, the cluster is healthy, or nothing changed since the last alert (ACK_DRIFT_NOTIFY_ON=change). */
export type SkipReason = 'duplicate' | 'dryRun' | 'healthy' | 'unchanged';

/** A delivery result, or why no delivery was attempted. */
export type DeliveryOutcome = DeliveryResult & { deliveryId: string; skipped?: SkipReason };

export interface DeliverOnceOptions extends Omit<DeliveryOptions, 'deliveryId'> {
  runId: string;
  store: IdempotencyStore;
  deliver: DeliverReport;
  /** How long a completed delivery is remembered (a redelivered event arrives within hours, not weeks). */
  rememberMs?: number;
}

const REMEMBER_MS = 7 * 24 * 3600 * 1000;

/** The delivery id of one run and target: what receivers deduplicate on. */
export function deliveryIdOf(runId: string, target: WebhookTarget): string {
  return `${runId}:${target.name}`;
}

/** Posts to every target not yet delivered for this run; never throws. */
export async function deliverOnce(report: Report, targets: readonly WebhookTarget[], o: DeliverOnceOptions): Promise<DeliveryOutcome[]> {
  const { runId, store, deliver, rememberMs = REMEMBER_MS, ...options } = o;
  return Promise.all(
    targets.map(async (target): Promise<DeliveryOutcome> => {
      const deliveryId = deliveryIdOf(runId, target);
      // The lease outlives this run's deadline, so a concurrent duplicate cannot deliver while this one still may.
      if (!(await store.claim(deliveryId, Math.max(0, options.deadline - Date.now()) + 60_000))) {
        return { target: target.name, kind: target.kind, ok: true, attempts: 0, deliveryId, skipped: 'duplicate' };
      }
      let result: DeliveryResult;
      try {
        [result] = await deliver(report, [target], { ...options, deliveryId });
      } catch (err) {
        // The contract says deliver never throws; if it does, its message may quote a URL, so only the type is kept.
        result = { target: target.name, kind: target.kind, ok: false, attempts: 0, error: `delivery threw ${err instanceof Error ? err.name : typeof err}` };
      }
      if (result?.ok) await store.complete(deliveryId, rememberMs);
      else await store.release(deliveryId);
      return { ...(result ?? { target: target.name, kind: target.kind, ok: false, attempts: 0, error: 'no result' }), deliveryId };
    }),
  );
}

/** What a run that sends nothing reports for each target, and why. */
export function skippedOutcomes(runId: string, targets: readonly WebhookTarget[], reason: Exclude<SkipReason, 'duplicate'>): DeliveryOutcome[] {
  return targets.map((t) => ({ target: t.name, kind: t.kind, ok: true, attempts: 0, deliveryId: deliveryIdOf(runId, t), skipped: reason }));
}
