/**
 * Run ids derived from the trigger, so that the same event delivered twice (FC retries async invocations; a timer
 * can fire twice) gets the same run id, hence the same delivery ids, hence no second alert.
 */
import { createHash } from 'node:crypto';

/** The pattern a caller-given run id must match (it becomes part of delivery ids and log fields). */
export const RUN_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$';

function digest(parts: readonly string[]): string {
  return `run-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20)}`;
}

/** JSON with sorted keys: equal objects give equal text whatever the key order or spacing of the event. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A timer firing: its trigger name and time, and the cluster it audits. */
export function timerRunId(triggerName: string, triggerTime: string, clusterId: string): string {
  return digest(['timer', triggerName, triggerTime, clusterId]);
}

/** A direct invocation: its body (canonical JSON) and the cluster it audits. */
export function invokeRunId(body: Record<string, unknown>, clusterId: string): string {
  return digest(['invoke', canonicalJson(body), clusterId]);
}

/** One cluster of a dispatch run: stable for a redelivered dispatch trigger. */
export function fleetRunId(dispatchRunId: string, region: string, clusterId: string): string {
  return digest(['fleet', dispatchRunId, region, clusterId]);
}

/** A dispatch run: the timer firing, or the invocation body. */
export function dispatchRunId(trigger: { kind: 'timer'; triggerName: string; triggerTime: string } | { kind: 'invoke'; body: Record<string, unknown> }): string {
  return trigger.kind === 'timer' ? digest(['dispatch-timer', trigger.triggerName, trigger.triggerTime]) : digest(['dispatch-invoke', canonicalJson(trigger.body)]);
}
