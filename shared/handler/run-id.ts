/**
 * Run ids derived from the trigger, so that the same event delivered twice (FC retries async invocations with
 * their request id; a timer can fire twice) gets the same run id, hence the same delivery ids, hence no second
 * alert. A direct invocation is identified by its request id, not its body: two manual runs are two runs.
 */
import { createHash } from 'node:crypto';

/** The pattern a caller-given run id must match (it becomes part of delivery ids and log fields). */
export const RUN_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';

function digest(parts: readonly string[]): string {
  return `run-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)}`;
}

/** A timer firing: its trigger name and time, and the cluster it audits. */
export function timerRunId(triggerName: string, triggerTime: string, clusterId: string): string {
  return digest(['timer', triggerName, triggerTime, clusterId]);
}

/** A direct invocation: its FC request id and the cluster it audits. */
export function invokeRunId(requestId: string, clusterId: string): string {
  return digest(['invoke', requestId, clusterId]);
}

/** One cluster of a dispatch run: stable for a redelivered dispatch trigger. */
export function fleetRunId(dispatchRunId: string, region: string, clusterId: string): string {
  return digest(['fleet', dispatchRunId, region, clusterId]);
}

/** A dispatch run: the timer firing, or the direct invocation's FC request id. */
export function dispatchRunId(trigger: { kind: 'timer'; triggerName: string; triggerTime: string } | { kind: 'invoke'; requestId: string }): string {
  return trigger.kind === 'timer' ? digest(['dispatch-timer', trigger.triggerName, trigger.triggerTime]) : digest(['dispatch-invoke', trigger.requestId]);
}

/**
 * The FC async task id of one cluster's audit in a dispatch run: deterministic, so a re-sent invocation is refused by
 * FC as a duplicate (409). FC's rule: starts with a letter or underscore; letters, digits, `_` and `-`; ≤ 128 chars.
 */
export function auditTaskId(auditRunId: string): string {
  return `ackdrift_${createHash('sha256').update(auditRunId).digest('hex').slice(0, 40)}`;
}

/** An alert group's audit: one per group key within a dedupe window (the window's start), so a resend alerts once. */
export function alertRunId(groupKey: string, windowStart: number): string {
  return digest(['alert', groupKey, String(windowStart)]);
}
