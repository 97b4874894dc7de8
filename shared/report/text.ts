/** Plain-text rendering for terminals: headline, the causal chain, the fix, then every finding and coverage. */
import type { Report } from './schema';
import { changeLines, changesSummary } from './changes-view';
import { resourceLabel } from './headline';
import { planLines } from '../fix/render';
import type { FixPlan } from '../fix/types';
import { showHidden } from '../util/hidden-chars';
import { wrapLine } from './wrap';

type ReportFinding = Report['findings'][number];

export interface TextOptions {
  colour: boolean;
  /** The terminal's width: lines wrap to it (a command stays whole, to copy). Absent when stdout is no terminal. */
  width?: number;
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
  // Where each line's wrapped rows start (the column its text hangs from), and the lines that hold a command.
  const hangs = new Map<number, number>();
  const whole = new Set<number>();
  const hang = (n: number, line: string) => {
    hangs.set(out.length, n);
    out.push(line);
  };
  const c = report.cluster;
  hang(2, paint('bold', `ack-drift report — ${c.name || c.clusterId || c.vpcId} (${[c.clusterId, c.region, c.clusterType, c.network].filter(Boolean).join(', ')})`));
  hang(
    2,
    `status: ${paint(report.summary.status === 'healthy' ? 'green' : report.summary.status === 'degraded' ? 'red' : 'yellow', report.summary.status)}   run ${report.runId}   ` +
      `${report.generatedAt}${report.tool ? `   ${report.tool.name} ${report.tool.version}` : ''}`,
  );
  out.push('');
  out.push(paint('bold', report.summary.headline));
  if (report.changes) {
    const mark = { new: paint('red', '+ new     '), worsened: paint('red', '↑ worse   '), resolved: paint('green', '✓ resolved') };
    out.push('');
    out.push(paint('bold', `Changes ${changesSummary(report.changes)}`));
    for (const l of changeLines(report.changes)) hang(13, `  ${mark[l.kind]} ${paint('cyan', l.code)}  ${l.resource}${l.detail ? ` (${l.detail})` : ''}  [${l.id}]`);
  }

  report.rootCauses.forEach((rc, i) => {
    out.push('');
    out.push(paint('bold', `Root cause ${i + 1}: ${resourceLabel(byId.get(rc.findingId)!)} (explains ${rc.explains.length} finding${rc.explains.length === 1 ? '' : 's'})`));
    rc.chain.forEach((id, depth) => {
      const f = byId.get(id)!;
      const arrow = depth === 0 ? '  ' : `${'  '.repeat(depth)}← `;
      hang(arrow.length + 2, `${arrow}${paint('cyan', f.code)} ${resourceLabel(f)}: ${f.message}`);
    });
  });

  const plan = report.fixPlan as FixPlan | undefined;
  if (plan && (plan.steps.length || plan.withoutFix.length)) {
    out.push('');
    out.push(paint('bold', `Fix plan (${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, root cause first; \`ack-drift fix --apply\` runs the API calls)`));
    const commands: string[] = [];
    const planPaint = (k: 'bold' | 'command' | 'note', s: string) => {
      const painted = paint(k === 'command' ? 'green' : k === 'note' ? 'grey' : 'bold', s);
      if (k === 'command') commands.push(painted);
      return painted;
    };
    for (const line of planLines(plan, planPaint)) {
      if (commands.some((c) => line.endsWith(c))) whole.add(out.length);
      // A step's title hangs under its description; the rest hang from where they start.
      hang(/^ {2}\S/.test(line) ? 5 : /^ {7}\S/.test(line) ? 9 : indentOf(line), line);
    }
  }

  const listed = report.findings.filter((f) => f.status !== 'pass');
  out.push('');
  out.push(paint('bold', `Findings (${listed.length})`));
  for (const f of listed) {
    hang(11, `  ${sev(f)} ${paint('cyan', f.code)}  ${resourceLabel(f)}  [${f.id}]`);
    out.push(`           ${f.message}`);
    if (f.causedBy.length) out.push(`           caused by: ${f.causedBy.map((id) => `${byId.get(id)?.code ?? '?'} ${id}`).join(', ')}`);
    for (const r of f.remediation.filter((x) => x.lastResort)) {
      if (r.command) whole.add(out.length);
      out.push(`           ${paint('grey', `last resort (hides the cause): ${r.command ?? r.description}`)}`);
    }
  }

  out.push('');
  out.push(paint('bold', 'Coverage'));
  for (const cov of report.coverage) hang(31, `  ${cov.check.padEnd(12)} ${cov.status.padEnd(15)} ${cov.reason}`);
  const calls = Object.values(report.stats.apiCalls).reduce((a, b) => a + b, 0);
  out.push('');
  out.push(paint('grey', `${calls} API calls in ${report.stats.durationMs} ms`));
  for (const w of report.stats.stateWarnings ?? []) out.push(paint('yellow', `warning: ${w}`));
  const width = options.width;
  const lines = width ? out.map((line, i) => (whole.has(i) ? line : wrapLine(line, width, hangs.get(i) ?? indentOf(line)))) : out;
  return `${lines.join('\n')}\n`;
}

// The spaces a line starts with, after any colour code: where a paragraph's wrapped rows continue.
function indentOf(line: string): number {
  return /^(?:\u001b\[[0-9;]*m)*( *)/.exec(line)![1].length;
}
