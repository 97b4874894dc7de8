/** Whether a run alerts (ACK_DRIFT_NOTIFY_ON): on change with a daily reminder, on problems, or always. Pure. */
import { hasNews } from '../report/changes';
import type { Report } from '../report/schema';

/** When a run alerts: when something changed (and as a reminder), only when the cluster is degraded or unknown, or on every run. */
export type NotifyOn = 'change' | 'problems' | 'always';

export type AlertDecision = { send: true; why: 'change' | 'reminder' | 'problems' | 'always' } | { send: false; why: 'healthy' | 'unchanged' };

export interface AlertInputs {
  notifyOn: NotifyOn;
  report: Report;
  /** When an alert about the cluster was last delivered (from latest.json). */
  lastAlertAt?: string;
  remindEveryMs: number;
  now: Date;
}

/** Decides; `change` without a readable memory (no `changes` in the report) decides as `problems`, so nothing is lost. */
export function decideAlert(i: AlertInputs): AlertDecision {
  if (i.notifyOn === 'always') return { send: true, why: 'always' };
  const problems = i.report.summary.status !== 'healthy';
  const changes = i.report.changes;
  if (i.notifyOn === 'problems' || !changes) return problems ? { send: true, why: 'problems' } : { send: false, why: 'healthy' };
  if (hasNews(changes)) return { send: true, why: 'change' };
  if (changes.unchanged.length === 0) return { send: false, why: 'healthy' };
  // An open problem nobody fixed is said again once per period, so it is not forgotten.
  const last = i.lastAlertAt ? Date.parse(i.lastAlertAt) : NaN;
  if (Number.isNaN(last) || i.now.getTime() - last >= i.remindEveryMs) return { send: true, why: 'reminder' };
  return { send: false, why: 'unchanged' };
}
