/** Plain-text rendering for terminals: headline, the causal chain, the fix, then every finding and coverage. */
import type { Report } from './schema';
import { changeLines, changesSummary } from './changes-view';
import { resourceLabel } from './headline';
import { planLines } from '../fix/render';
import type { FixPlan } from '../fix/types';
import { showHidden } from '../util/hidden-chars';

type ReportFinding = Report['findings'][number];

export interface TextOptions {
  colour: boolean;
}

const CODES = { red: 31, yellow: 33, green: 32, cyan: 36, grey: 90, bold: 1 } as const;

/** Whether to colour output: a TTY, and NO_COLOR unset (https://no-color.org). */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

// Strings in a report come from the cluster and the account (events, conditions, policies): a control character
// in one must not move the cursor or recolour a terminal. Newlines and tabs stay.
function withoutControls<T>(value: T): T {
  if (typeof value === 'string') return showHidden(value) as T;
  if (Array.isArray(value)) return value.map(withoutControls) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControls(v)])) as T;
  return value;
}

/** Renders a report as text. */
export function renderText(input: Report, options: TextOptions = { colour: false }): string {
  const report = withoutControls(input);
  const paint = (c: keyof typeof CODES, s: string) => (options.colour ? `\u001b[${CODES[c]}m${s}\u001b[0m` : s);
  const sev = (f: ReportFinding) => {
    const label = f.status === 'fail' ? f.severity.toUpperCase() : f.status.toUpperCase();
    return paint(f.status === 'unknown' ? 'yellow' : f.severity === 'critical' || f.severity === 'high' ? 'red' : 'yellow', label.padEnd(8));
  };
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const out: string[] = [];
  const c = report.cluster;
  out.push(paint('bold', `ack-drift report — ${c.name || c.clusterId || c.vpcId} (${[c.clusterId, c.region, c.clusterType, c.network].filter(Boolean).join(', ')})`));
  out.push(
    `status: ${paint(report.summary.status === 'healthy' ? 'green' : report.summary.status === 'degraded' ? 'red' : 'yellow', report.summary.status)}   run ${report.runId}   ${report.generatedAt}${report.tool ? `   ${report.tool.name} ${report.tool.version}` : ''}`,
  );
  out.push('');
  out.push(paint('bold', report.summary.headline));
  if (report.changes) {
    const mark = { new: paint('red', '+ new     '), worsened: paint('red', '↑ worse   '), resolved: paint('green', '✓ resolved') };
    out.push('');
    out.push(paint('bold', `Changes ${changesSummary(report.changes)}`));
    for (const l of changeLines(report.changes)) out.push(`  ${mark[l.kind]} ${paint('cyan', l.code)}  ${l.resource}${l.detail ? ` (${l.detail})` : ''}  [${l.id}]`);
  }

  report.rootCauses.forEach((rc, i) => {
    out.push('');
    out.push(paint('bold', `Root cause ${i + 1}: ${resourceLabel(byId.get(rc.findingId)!)} (explains ${rc.explains.length} finding${rc.explains.length === 1 ? '' : 's'})`));
    rc.chain.forEach((id, depth) => {
      const f = byId.get(id)!;
      const arrow = depth === 0 ? '  ' : `${'  '.repeat(depth)}← `;
      out.push(`${arrow}${paint('cyan', f.code)} ${resourceLabel(f)}: ${f.message}`);
    });
  });

  const plan = report.fixPlan as FixPlan | undefined;
  if (plan && (plan.steps.length || plan.withoutFix.length)) {
    out.push('');
    out.push(paint('bold', `Fix plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, root cause first; \`ack-drift fix --apply\` runs the API calls)`));
    out.push(...planLines(plan, (k, s) => paint(k === 'command' ? 'green' : k === 'note' ? 'grey' : 'bold', s)));
  }

  const listed = report.findings.filter((f) => f.status !== 'pass');
  out.push('');
  out.push(paint('bold', `Findings (${listed.length})`));
  for (const f of listed) {
    out.push(`  ${sev(f)} ${paint('cyan', f.code)}  ${resourceLabel(f)}  [${f.id}]`);
    out.push(`           ${f.message}`);
    if (f.causedBy.length) out.push(`           caused by: ${f.causedBy.map((id) => `${byId.get(id)?.code ?? '?'} ${id}`).join(', ')}`);
    for (const r of f.remediation.filter((x) => x.lastResort)) out.push(`           ${paint('grey', `last resort (hides the cause): ${r.command ?? r.description}`)}`);
  }

  out.push('');
  out.push(paint('bold', 'Coverage'));
  for (const cov of report.coverage) out.push(`  ${cov.check.padEnd(12)} ${cov.status.padEnd(15)} ${cov.reason}`);
  const calls = Object.values(report.stats.apiCalls).reduce((a, b) => a + b, 0);
  out.push('');
  out.push(paint('grey', `${calls} API calls in ${report.stats.durationMs} ms`));
  for (const w of report.stats.stateWarnings ?? []) out.push(paint('yellow', `warning: ${w}`));
  return `${out.join('\n')}\n`;
}
