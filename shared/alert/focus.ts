/** The report as an answer to an alert: the chain that explains the alerted symptom first, and the alert named first. */
import type { Report } from '../report/schema';
import type { AlertTarget, Symptom } from './target';

function names(f: Report['findings'][number], s: Symptom): boolean {
  return f.resource.kind === s.kind && f.resource.name === s.name;
}

/** A copy of `report` whose first root cause explains one of the alert's symptoms (if any does), headed by the alert. */
export function focusOnAlert(report: Report, target: AlertTarget): Report {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const explainsSymptom = (chain: readonly string[]) => chain.some((id) => target.symptoms.some((s) => byId.has(id) && names(byId.get(id)!, s)));
  const rootCauses = [...report.rootCauses].sort((a, b) => Number(explainsSymptom(b.chain)) - Number(explainsSymptom(a.chain)));
  const first = target.alerts[0];
  const more = target.alerts.length > 1 ? ` (+${target.alerts.length - 1} more)` : '';
  const alert = `Alert ${first.name}${first.fingerprint ? ` [${first.fingerprint}]` : ''}${more}`;
  const explained = rootCauses.length > 0 && explainsSymptom(rootCauses[0].chain) ? 'explained' : 'not explained by any finding';
  return { ...report, rootCauses, summary: { ...report.summary, headline: `${alert}, ${explained}: ${report.summary.headline}` } };
}
