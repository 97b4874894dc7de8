/** Markdown for chat (DingTalk, Lark, Slack, GitHub): headline, changes, the fix plan first, each root cause's chain, a capped findings table. */
import { changeLines, changesSummary } from './changes-view';
import { resourceLabel } from './headline';
import { causalGraph, type CausalGraph } from './graph-layout';
import { showHidden } from '../util/hidden-chars';
import { escapeMarkdown as text } from '../util/markdown-escape';
import { shortenMiddle, truncateUnits } from '../util/truncate';
import { inlineJsonParts } from './inline-json';
import { findingLevel } from './palette';
import { listedFindings, openSymptoms, rootCauseViews, type FindingStep, type RootCauseView } from './root-cause-view';
import type { Report } from './schema';
import { SEVERITIES } from '../findings/base';
import { proofLines, stepLabel } from '../fix/render';
import type { FixPlan } from '../fix/types';

export interface MarkdownOptions {
  /** Rows of the findings table before "…and N more" (chat robots cap a message at about 20 KB). */
  maxFindings: number;
  /** Bytes the findings table's rows may take: whole rows only, so a message is listed in full or not at all. */
  maxTableBytes: number;
  /** Root causes written out in full. */
  maxRootCauses: number;
  /** Append a mermaid flowchart of the causal graph (GitHub, GitLab and Lark docs draw it; chat shows the source). */
  mermaid: boolean;
}

const DEFAULTS: MarkdownOptions = { maxFindings: 50, maxTableBytes: 12 * 1024, maxRootCauses: 5, mermaid: true };
const STATUS_MARK = { degraded: '🔴', unknown: '🟡', healthy: '🟢' } as const;
const CELL_CHARS = 180;

/** Renders a report as compact markdown. */
export function renderMarkdown(report: Report, options: Partial<MarkdownOptions> = {}): string {
  const opts = { ...DEFAULTS, ...options };
  const c = report.cluster;
  const out: string[] = [];
  out.push(`## ${STATUS_MARK[report.summary.status]} ack-drift · ${text(c.name || c.clusterId)} · ${report.summary.status.toUpperCase()}`);
  out.push('', `**${text(report.summary.headline)}**`, '');
  out.push(
    `Cluster ${code(c.clusterId)} (${text([c.region, c.clusterType, c.network].filter(Boolean).join(', '))}) · run ${code(report.runId)} · ` +
      `${text(report.generatedAt)}${report.tool ? ` · ${text(`${report.tool.name} ${report.tool.version}`)}` : ''}  `,
  );
  out.push(counts(report));
  if (report.changes) {
    const mark = { new: '🆕 new', worsened: '⬆️ worse', resolved: '✅ resolved' };
    out.push('', `### Changes ${text(changesSummary(report.changes))}`);
    for (const l of changeLines(report.changes)) out.push(`- ${mark[l.kind]}: ${code(l.code)} ${text(l.resource)}${l.detail ? ` (${text(l.detail)})` : ''}`);
  }

  const plan = report.fixPlan as FixPlan | undefined;
  if (plan && (plan.steps.length || plan.withoutFix.length)) out.push('', ...fixPlan(plan));

  const views = rootCauseViews(report);
  views.slice(0, opts.maxRootCauses).forEach((view, i) => out.push('', ...rootCause(view, i, views.length)));
  if (views.length > opts.maxRootCauses) out.push('', `…and ${views.length - opts.maxRootCauses} more root causes (see the full report).`);

  const open = openSymptoms(report);
  if (open.length) {
    out.push('', '### No identified cause');
    for (const s of open) {
      out.push(`- ${code(s.finding.code)} ${text(resourceLabel(s.finding))}: ${text(s.finding.message)}`);
      for (const r of s.ruledOut) out.push(`  - ruled out: ${text(r)}`);
    }
  }

  const unknown = report.findings.filter((f) => f.status === 'unknown');
  const gaps = report.coverage.filter((cov) => cov.status === 'failed' || cov.status === 'partial');
  if (unknown.length || gaps.length) {
    out.push('', '### Not verified');
    for (const f of unknown) out.push(`- ${code(f.code)} ${text(resourceLabel(f))}: ${text(f.message)}`);
    for (const g of gaps) out.push(`- check ${code(g.check)} ${g.status}: ${text(g.reason)}`);
  }

  out.push('', ...findingsTable(report, opts.maxFindings, opts.maxTableBytes));
  out.push('', '### Coverage', '', '| Check | Status | Detail |', '|---|---|---|');
  for (const cov of report.coverage) out.push(`| ${cov.check} | ${cov.status.replace('_', ' ')} | ${text(cov.reason)} |`);

  const graph = causalGraph(report);
  if (opts.mermaid && graph.edges.length) out.push('', '### Causal graph', '', ...mermaid(graph));

  const calls = Object.values(report.stats.apiCalls).reduce((a, b) => a + b, 0);
  for (const w of report.stats.stateWarnings ?? []) out.push('', `> ⚠️ ${text(w)}`);
  out.push('', `_${calls} API calls in ${report.stats.durationMs} ms · ack-drift_`);
  return `${out.join('\n')}\n`;
}

function counts(report: Report): string {
  const k = report.summary.counts;
  const parts = SEVERITIES.filter((s) => k[s] > 0).map((s) => (s === 'critical' || s === 'high' ? `**${k[s]} ${s}**` : `${k[s]} ${s}`));
  if (k.unknown) parts.push(`${k.unknown} unknown`);
  return parts.length ? `Findings: ${parts.join(' · ')}` : 'Findings: none failing';
}

function rootCause(view: RootCauseView, i: number, total: number): string[] {
  const { root } = view;
  const out = [`### Root cause${total > 1 ? ` ${i + 1} of ${total}` : ''}: ${text(resourceLabel(root))}`];
  out.push(`${code(root.code)} · ${findingLevel(root)} · explains ${view.explains.length} finding${view.explains.length === 1 ? '' : 's'}`);
  out.push('', '**Chain** (symptom → root cause)', '');
  view.chain.forEach((f, n) => out.push(`${n + 1}. ${code(f.code)} ${text(resourceLabel(f))}: ${text(f.message)}`));
  if (view.lastResorts.length) out.push('', ...lastResorts(view.lastResorts));
  return out;
}

function fixPlan(plan: FixPlan): string[] {
  const out = ['### Fix plan', '', `Root cause first, then what it explains, then verification. \`ack-drift fix --apply\` runs the API calls.`];
  plan.steps.forEach((step, n) => {
    out.push('', `${n + 1}. **[${text(stepLabel(step, plan))}] ${text(step.title)}**: ${prose(step.description)}`);
    if (step.command) out.push('', ...fence(step.command, 'sh'));
    if (step.proof) out.push('', ...proofLines(step.proof).map((l) => `${l.startsWith('  ') ? '  - ' : '- '}${text(l.trim())}`));
  });
  for (const w of plan.withoutFix) out.push('', `- no known fix for ${code(w.code)}: ${text(w.reason)}`);
  return out;
}

function lastResorts(steps: FindingStep[]): string[] {
  return [
    '**Last resort** (hides the cause; only if the fix above is impossible):',
    '',
    ...steps.map(({ finding, step }) => `- ${code(finding.code)}: ${step.command ? code(step.command) : text(step.description)}`),
  ];
}

function findingsTable(report: Report, max: number, maxBytes: number): string[] {
  const listed = listedFindings(report);
  if (!listed.length) return ['### Findings', '', 'No findings.'];
  const rows: string[] = [];
  let bytes = 0;
  for (const f of listed.slice(0, max)) {
    const row = `| ${findingLevel(f).toUpperCase()} | ${codeCell(f.code)} | ${cell(resourceLabel(f))} | ${text(f.message)} |`;
    bytes += Buffer.byteLength(row) + 1;
    if (rows.length && bytes > maxBytes) break;
    rows.push(row);
  }
  const out = [`### Findings (${listed.length})`, '', '| Severity | Code | Resource | Message |', '|---|---|---|---|', ...rows];
  if (listed.length > rows.length) out.push('', `…and ${listed.length - rows.length} more (the full report lists every finding).`);
  return out;
}

function mermaid(graph: CausalGraph): string[] {
  const key = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['```mermaid', 'flowchart TD', '  %% arrows point from effect to cause'];
  for (const n of graph.nodes) {
    const label = n.finding ? `${n.finding.code}<br/>${mermaidText(truncateUnits(resourceLabel(n.finding), 60))}` : `+${n.hidden} more`;
    lines.push(`  ${key.get(n.id)}["${label}"]`);
  }
  for (const e of graph.edges) lines.push(`  ${key.get(e.from)} --> ${key.get(e.to)}`);
  const roots = graph.nodes.filter((n) => n.role === 'root').map((n) => key.get(n.id));
  if (roots.length) lines.push('  classDef root stroke:#b42318,stroke-width:3px', `  class ${roots.join(',')} root`);
  lines.push('```');
  return lines;
}

// Mermaid's own entity codes keep quotes, angle brackets and backticks from ending the label or the fence.
function mermaidText(s: string): string {
  const codes: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '`': '#96;' };
  return showHidden(s.replace(/\s+/g, ' ')).replace(/[#"<>`]/g, (ch) => codes[ch]);
}

// Policy statements quoted in a remediation read better, and need no escaping, as code spans.
function prose(s: string): string {
  return inlineJsonParts(s)
    .map((p) => (p.json ? code(p.text) : text(p.text)))
    .join('');
}

// A long name is cut in its middle, between words, so both of its ends stay. Messages and coverage details are never
// cut: their middle may be the point (`Status Code: 403 Code: Forbidden.RAM`), and a table cell wraps as it needs.
function cell(s: string): string {
  return text(shortenMiddle(s, CELL_CHARS));
}

// A code span's fence must be longer than any run of backticks inside it.
function code(s: string): string {
  const one = showHidden(s.replace(/\s+/g, ' '));
  const ticks = '`'.repeat(Math.max(0, ...(one.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${one}${pad}${ticks}`;
}

// In a table a pipe splits the cell even inside a code span, so such a value is written as escaped text.
function codeCell(s: string): string {
  return s.includes('|') ? cell(s) : code(s);
}

function fence(body: string, lang: string): string[] {
  const ticks = '`'.repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((r) => r.length + 1)));
  return [`${ticks}${lang}`, body, ticks];
}
