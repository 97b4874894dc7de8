/** The self-contained HTML report page: headline banner, causal graph as inline SVG, fix per root cause, findings. */
import { changeLines, changesSummary } from './changes-view';
import { resourceLabel } from './headline';
import { escapeHtml as h } from './escape';
import { causalGraph } from './graph-layout';
import { HTML_STYLE } from './html-style';
import { inlineJsonParts } from './inline-json';
import { ramEvidenceHtml } from './ram-evidence-html';
import { COVERAGE_COLOUR, SEVERITY_COLOUR, STATUS_COLOUR, QUIET_COLOUR, UNKNOWN_COLOUR, findingColour, findingLevel } from './palette';
import { listedFindings, openSymptoms, rootCauseViews, type ReportFinding, type RootCauseView } from './root-cause-view';
import type { Report } from './schema';
import { proofLines, stepLabel } from '../fix/render';
import type { FixPlan } from '../fix/types';
import { renderCausalSvg } from './svg-graph';
import { SEVERITIES } from '../findings/base';
import { graphemePrefix } from '../util/truncate';

// The page loads nothing and runs nothing: even a string that slipped past escaping could not fetch or execute.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const EVIDENCE_CHARS = 20000;

/** Renders a report as one HTML page with inline CSS, no scripts and no external resources. */
export function renderHtml(report: Report): string {
  const c = report.cluster;
  const name = c.name || c.clusterId || 'cluster';
  const views = rootCauseViews(report);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`ack-drift · ${name} · ${report.summary.status}`)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    banner(report, name),
    '<main class="wrap">',
    changesSection(report),
    graphSection(report),
    views.length ? `<section aria-labelledby="fix-h"><h2 id="fix-h">Fix</h2>${views.map((v, i) => fixCard(v, i, views.length)).join('\n')}${planSection(report)}</section>` : planSection(report),
    openSection(report),
    unknownSection(report),
    findingsSection(report),
    coverageSection(report),
    statsSection(report),
    '</main>',
    `<footer>ack-drift${report.tool ? ` ${h(report.tool.version)}` : ''} · report schema ${h(report.schemaVersion)} · run ${h(report.runId)} · ${h(report.generatedAt)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function banner(report: Report, name: string): string {
  const c = report.cluster;
  const k = report.summary.counts;
  const meta: [string, string][] = [
    ['Cluster', name],
    ['ID', c.clusterId],
    ['Region', c.region],
    ['Type', c.clusterType],
    ['Network', c.network],
    ['VPC', c.vpcId],
    ['Run', report.runId],
    ['Generated', report.generatedAt],
  ];
  const chips = [...SEVERITIES.map((s) => chip(k[s], s, SEVERITY_COLOUR[s])), chip(k.unknown, 'unknown', UNKNOWN_COLOUR)];
  return [
    `<header class="banner" data-testid="headline" data-status="${h(report.summary.status)}" style="--status:${STATUS_COLOUR[report.summary.status]}">`,
    '<div class="wrap">',
    `<div class="brand"><b>ACK-DRIFT</b><span>drift report</span><span class="status">${h(report.summary.status)}</span></div>`,
    `<h1>${h(report.summary.headline)}</h1>`,
    `<dl class="meta">${meta
      .filter(([, v]) => v)
      .map(([t, v]) => `<div><dt>${t}</dt><dd>${h(v)}</dd></div>`)
      .join('')}</dl>`,
    `<ul class="counts" aria-label="Failing findings by severity">${chips.join('')}</ul>`,
    '</div>',
    '</header>',
  ].join('\n');
}

function chip(n: number, label: string, colour: string): string {
  return `<li class="${n ? '' : 'zero'}" style="--c:${colour}"><span class="dot"></span><b>${n}</b> ${label}</li>`;
}

const LAST_RESORT = '<span class="lr">Last resort (hides the cause):</span> ';

/** A finding's code, linked to its entry in the findings list. */
function findingLink(f: { id: string; code: string }): string {
  return `<a href="#${h(f.id)}"><code>${h(f.code)}</code></a>`;
}

/** A shell command as a copyable block. */
function commandBlock(command: string): string {
  return `<pre class="cmd"><code>${h(command)}</code></pre>`;
}

const NO_CHAIN = 'No causal chain was identified: the failing findings below are not linked by the evidence.';

function graphSection(report: Report): string {
  const graph = causalGraph(report);
  const svg = renderCausalSvg(graph, `Causal graph of ${report.cluster.name || report.cluster.clusterId}: effects above, causes below`);
  const more = graph.omittedRootCauses ? ` The graph shows the first ${report.rootCauses.length - graph.omittedRootCauses} of ${report.rootCauses.length} root causes.` : '';
  const body = svg
    ? `<p class="hint">Each arrow points from an effect to its cause; each root cause sits at the foot of its column. Select a box to open its finding.${more}</p><div class="graph">${svg}</div>`
    : `<p class="empty">${report.findings.some((f) => f.status === 'fail') ? NO_CHAIN : 'Nothing failed, so there is no causal chain to draw.'}</p>`;
  return `<section class="card" aria-labelledby="graph-h"><h2 id="graph-h">Causal graph</h2>${body}</section>`;
}

function fixCard(view: RootCauseView, i: number, total: number): string {
  const { root } = view;
  const colour = findingColour(root);
  const parts = [
    `<article class="card fix" data-testid="fix" data-root="${h(root.id)}" id="rc-${i + 1}" style="--c:${colour}">`,
    `<p class="eyebrow">Root cause${total > 1 ? ` ${i + 1} of ${total}` : ''}</p>`,
    `<div class="fix-head"><h3>${h(resourceLabel(root))}</h3><span class="pill">${h(findingLevel(root))}</span><code>${h(root.code)}</code><span class="sub">explains ` +
      `${view.explains.length} finding${view.explains.length === 1 ? '' : 's'}</span></div>`,
    `<p>${h(root.message)}</p>`,
  ];
  const statements = deniedStatements(root);
  if (statements.length) parts.push('<h4>The denying statements</h4>', statements.join(''));
  parts.push(
    '<h4>Chain · symptom to root cause</h4>',
    `<ol class="chain">${view.chain.map((f) => `<li style="--c:${findingColour(f)}">${findingLink(f)} ${h(resourceLabel(f))}<span class="why">${h(f.message)}</span></li>`).join('')}</ol>`,
  );
  if (view.lastResorts.length) {
    parts.push(
      `<div class="last-resort"><strong>Last resort — hides the cause.</strong> Use only if the fix above is impossible:<ul>${view.lastResorts
        .map(({ finding, step }) => `<li><code>${h(finding.code)}</code> ${h(step.description)}${step.command ? commandBlock(step.command) : ''}</li>`)
        .join('')}</ul></div>`,
    );
  }
  parts.push('</article>');
  return parts.join('\n');
}

// RAM_EXPLICIT_DENY carries each denying statement as it is and, unless flipping it would be unsafe, as it should be.
function deniedStatements(f: ReportFinding): string[] {
  const denied: unknown = f.evidence.deniedBy;
  if (!Array.isArray(denied)) return [];
  return denied
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null && d.statement !== undefined)
    .map((d) => {
      // Named for people: by Sid, else by 1-based position (statementName); older reports carry only the 0-based index.
      const statement = typeof d.statementName === 'string' ? d.statementName.split(' of policy ')[0] : `statement ${Number(d.statementIndex) + 1}`;
      const where = [`policy ${String(d.policy)}`, `version ${String(d.version)}`, statement, d.policyType ? String(d.policyType) : ''].filter(Boolean).join(' · ');
      const json = h(JSON.stringify(d.statement, null, 2)).replace(/&quot;Effect&quot;: &quot;Deny&quot;/g, '<mark>$&</mark>');
      const shouldBe = d.shouldBe ? h(JSON.stringify(d.shouldBe, null, 2)).replace(/&quot;Effect&quot;: &quot;Allow&quot;/g, '<mark class="ok">$&</mark>') : '';
      const after = shouldBe ? `<div class="statement should-be"><div class="statement-head">As it should be — the corrected policy</div><pre><code>${shouldBe}</code></pre></div>` : '';
      return `<div class="statement-pair"><div class="statement"><div class="statement-head">As it is — ${h(where)}</div><pre><code>${json}</code></pre></div>${after}</div>`;
    });
}

// The ordered fix plan: the same steps, labels and proof as the text and Markdown reports.
function planSection(report: Report): string {
  const plan = report.fixPlan as FixPlan | undefined;
  if (!plan || (!plan.steps.length && !plan.withoutFix.length)) return '';
  const items = plan.steps.map((step) => {
    const command = step.command ? commandBlock(step.command) : '';
    const proof = step.proof
      ? `<ul class="note-list">${proofLines(step.proof)
          .map((l) => `<li>${h(l.trim())}</li>`)
          .join('')}</ul>`
      : '';
    const head = `<span class="then">${h(stepLabel(step, plan))}</span> <strong>${h(step.title)}</strong>`;
    return `<li data-step="${h(step.id)}">${head}<p>${withInlineJson(step.description)}</p>${command}${proof}</li>`;
  });
  const none = plan.withoutFix.map((w) => `<li><code>${h(w.code)}</code> no known fix: ${h(w.reason)}</li>`);
  const notes = none.length ? `<ul class="note-list">${none.join('')}</ul>` : '';
  return `<article class="card fix" data-testid="fix-plan"><h3>Fix plan · root cause first</h3><ol class="steps">${items.join('')}</ol>${notes}</article>`;
}

// Remediation text quotes policy statements as compact JSON; set those in code so "as it should be" reads as a document.
function withInlineJson(text: string): string {
  return inlineJsonParts(text)
    .map((p) => (p.json ? `<code>${h(p.text)}</code>` : h(p.text)))
    .join('');
}

function openSection(report: Report): string {
  const open = openSymptoms(report);
  if (!open.length) return '';
  const items = open.map(
    (s) =>
      `<li>${findingLink(s.finding)} ${h(resourceLabel(s.finding))}: ` +
      `${h(s.finding.message)}${s.ruledOut.length ? `<ul>${s.ruledOut.map((r) => `<li>ruled out: ${h(r)}</li>`).join('')}</ul>` : ''}</li>`,
  );
  return `<section class="card" aria-labelledby="open-h" data-testid="open-symptoms"><h2 id="open-h">No identified cause</h2><ul class="note-list">${items.join('')}</ul></section>`;
}

function changesSection(report: Report): string {
  if (!report.changes) return '';
  const label = { new: 'new', worsened: 'worse', resolved: 'resolved' };
  const items = changeLines(report.changes).map((l) => {
    const code = l.kind === 'resolved' ? `<code>${h(l.code)}</code>` : findingLink(l);
    return `<li data-change="${l.kind}"><b>${label[l.kind]}</b> ${code} ${h(l.resource)}${l.detail ? ` (${h(l.detail)})` : ''}</li>`;
  });
  const list = items.length ? `<ul class="note-list">${items.join('')}</ul>` : '';
  return `<section class="card" aria-labelledby="changes-h" data-testid="changes"><h2 id="changes-h">Changes</h2><p>${h(changesSummary(report.changes))}</p>${list}</section>`;
}

function unknownSection(report: Report): string {
  const unknown = report.findings.filter((f) => f.status === 'unknown');
  const gaps = report.coverage.filter((c) => c.status === 'failed' || c.status === 'partial');
  if (!unknown.length && !gaps.length) return '';
  const items = [
    ...unknown.map((f) => `<li>${findingLink(f)} ${h(resourceLabel(f))}: ${h(f.message)}</li>`),
    ...gaps.map((g) => `<li>check <code>${h(g.check)}</code> ${h(g.status)}: ${h(g.reason)}</li>`),
  ];
  return `<section class="card" aria-labelledby="unknown-h" data-testid="not-verified"><h2 id="unknown-h">Not verified</h2><ul class="note-list">${items.join('')}</ul></section>`;
}

function findingsSection(report: Report): string {
  const listed = listedFindings(report);
  const passed = report.findings.length - listed.length;
  const head = `<h2 id="findings-h">Findings (${listed.length})${passed ? ` <span class="sub">· ${passed} passed, not listed</span>` : ''}</h2>`;
  if (!listed.length) return `<section aria-labelledby="findings-h">${head}<div class="card"><p class="empty">No findings.</p></div></section>`;
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const roots = new Map(report.rootCauses.map((rc) => [rc.findingId, rc]));
  return `<section aria-labelledby="findings-h">${head}<div class="card findings">${listed.map((f) => findingDetails(f, byId, roots.get(f.id)?.explains)).join('\n')}</div></section>`;
}

function findingDetails(f: ReportFinding, byId: Map<string, ReportFinding>, explains: string[] | undefined): string {
  const ref = (id: string) => `<a href="#${h(id)}"><code>${h(byId.get(id)?.code ?? '?')}</code></a> ${h(byId.has(id) ? resourceLabel(byId.get(id)!) : id)}`;
  const rows: [string, string][] = [
    ['Finding', `<code>${h(f.id)}</code> · check ${h(f.check)} · ${h(f.status.replace('_', ' '))}`],
    ['Resource', h([f.resource.kind, f.resource.namespace, f.resource.name, f.resource.id].filter(Boolean).join(' / '))],
  ];
  if (f.causedBy.length) rows.push(['Caused by', f.causedBy.map(ref).join('<br>')]);
  if (explains?.length) rows.push(['Root cause of', explains.map(ref).join('<br>')]);
  const remediation = f.remediation.length
    ? `<h4>Remediation</h4><ul>${f.remediation.map((r) => `<li>${r.lastResort ? LAST_RESORT : ''}${withInlineJson(r.description)}${r.command ? commandBlock(r.command) : ''}</li>`).join('')}</ul>`
    : '';
  // The link target sits inside the body, not on <details>: following a link to it (a box of the graph, a chain
  // entry, the URL's #hash on load) makes the browser open the finding (HTML's ancestor details revealing) and
  // scroll to it, with no script.
  return [
    `<details class="finding" data-testid="finding" data-finding-id="${h(f.id)}" data-code="${h(f.code)}">`,
    `<summary><span><span class="pill" style="--c:${findingColour(f)}">${h(findingLevel(f))}</span></span><code>${h(f.code)}</code><span ` +
      `class="res">${h(resourceLabel(f))}</span><span class="msg">${h(f.message)}</span></summary>`,
    `<span class="anchor" id="${h(f.id)}"></span>`,
    `<div class="finding-body"><dl>${rows.map(([t, d]) => `<dt>${t}</dt><dd>${d}</dd>`).join('')}</dl>${remediation}<h4>Evidence</h4>${evidenceHtml(f)}</div>`,
    '</details>',
  ].join('');
}

// Evidence as JSON, except a RAM evaluation's, which reads as tables with its JSON folded away below them.
function evidenceHtml(f: ReportFinding): string {
  const json = JSON.stringify(f.evidence, null, 2);
  const shown = `<pre><code>${h(json.length > EVIDENCE_CHARS ? `${graphemePrefix(json, EVIDENCE_CHARS)}\n… (cut; the JSON report has all of it)` : json)}</code></pre>`;
  const tables = ramEvidenceHtml(f.evidence);
  if (!tables) return shown;
  const lines = json.split('\n').length;
  return `${tables}<details class="raw"><summary>All evidence as JSON (${lines.toLocaleString('en-US')} lines)</summary>${shown}</details>`;
}

function coverageSection(report: Report): string {
  const rows = report.coverage.map((c) => {
    const status = `<span class="pill" style="--c:${COVERAGE_COLOUR[c.status] ?? QUIET_COLOUR}">${h(c.status.replace('_', ' '))}</span>`;
    return `<tr><td data-label="Check"><code>${h(c.check)}</code></td><td data-label="Status">${status}</td><td data-label="What was read">${h(c.reason)}</td></tr>`;
  });
  return (
    `<section aria-labelledby="coverage-h"><h2 id="coverage-h">Coverage</h2><div class="card table"><table class="stack"><thead><tr><th>Check</th><th>Status</th><th>What was ` +
    `read</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function statsSection(report: Report): string {
  const calls = Object.entries(report.stats.apiCalls).sort(([a], [b]) => a.localeCompare(b));
  const total = calls.reduce((sum, [, n]) => sum + n, 0);
  return [
    '<section aria-labelledby="stats-h"><h2 id="stats-h">Run</h2><div class="card stats">',
    `<span><b>${total}</b> API calls</span><span><b>${report.stats.durationMs}</b> ms</span><span><b>${report.findings.length}</b> findings evaluated</span>`,
    ...(report.stats.stateWarnings ?? []).map((w) => `<p class="warning">warning: ${h(w)}</p>`),
    calls.length ? `<details><summary>API calls by operation</summary><ul class="calls">${calls.map(([op, n]) => `<li><code>${h(op)}</code><span>${n}</span></li>`).join('')}</ul></details>` : '',
    '</div></section>',
  ].join('');
}
