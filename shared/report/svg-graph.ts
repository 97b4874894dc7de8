/** The causal graph drawn as inline SVG by hand: one box per finding, arrows from effect to cause. */
import { resourceLabel } from './headline';
import { escapeHtml } from './escape';
import { truncateUnits } from '../util/truncate';
import type { CausalGraph, GraphNode } from './graph-layout';
import { QUIET_COLOUR, findingColour, findingLevel } from './palette';

const NODE_W = 300;
const NODE_H = 76;
const GAP_X = 56;
const GAP_Y = 56;
const PAD = 12;
const LABEL_CHARS = 40;
const PORT_GAP = 22;

const ROLE_WORD = { root: 'root cause', symptom: 'symptom', chain: '', explained: 'also explained', more: '' } as const;

// Presentation travels with the SVG so it reads the same when copied out of the page.
const STYLE = `
.cg-box{fill:#fff;stroke:#d0d5dd;stroke-width:1}
.cg-root .cg-box{stroke-width:2}
.cg-explained .cg-box,.cg-more .cg-box{fill:#fcfcfd;stroke-dasharray:5 4}
.cg-level{font:700 10.5px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;letter-spacing:.06em;text-transform:uppercase}
.cg-code{font:600 12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;fill:#101828}
.cg-res{font:12.5px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;fill:#475467}
.cg-edge{fill:none;stroke:#98a2b3;stroke-width:1.6}
a:hover .cg-box,a:focus .cg-box{fill:#f9fafb;stroke:#667085}`;

/** Renders the laid-out graph as an `<svg>` element (empty string when there is nothing to draw). */
export function renderCausalSvg(graph: CausalGraph, title: string): string {
  if (!graph.nodes.length) return '';
  const width = PAD * 2 + graph.columns * NODE_W + (graph.columns - 1) * GAP_X;
  const height = PAD * 2 + graph.layers * NODE_H + (graph.layers - 1) * GAP_Y;
  const at = new Map(graph.nodes.map((n) => [n.id, { x: PAD + n.column * (NODE_W + GAP_X), y: PAD + n.layer * (NODE_H + GAP_Y) }]));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const ports = edgePorts(graph);
  const edges = graph.edges.map((e, i) => {
    const from = at.get(e.from)!;
    const to = at.get(e.to)!;
    const x1 = from.x + NODE_W / 2 + ports[i].out;
    const y1 = from.y + NODE_H;
    const x2 = to.x + NODE_W / 2 + ports[i].in;
    const y2 = to.y - 3;
    const bend = (y2 - y1) / 2;
    const d = x1 === x2 ? `M${x1} ${y1}V${y2}` : `M${x1} ${y1}C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`;
    const why = linkReason(byId.get(e.from)!, e.to);
    return (
      `<path class="cg-edge" data-testid="graph-edge" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" d="${d}" ` +
      `marker-end="url(#cg-arrow)">${why ? `<title>${escapeHtml(why)}</title>` : ''}</path>`
    );
  });

  const nodes = graph.nodes.map((n) => node(n, at.get(n.id)!));
  return [
    `<svg data-testid="causal-graph" role="img" aria-labelledby="cg-title cg-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title id="cg-title">${escapeHtml(title)}</title>`,
    `<desc id="cg-desc">${escapeHtml(describe(graph))}</desc>`,
    `<style>${STYLE}</style>`,
    `<defs><marker id="cg-arrow" viewBox="0 0 10 10" refX="8.5" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#98a2b3"/></marker></defs>`,
    ...edges,
    ...nodes,
    '</svg>',
  ].join('\n');
}

// Edges meeting at a box would share one arrowhead: an edge from the same column keeps the centre, the others
// move towards the side they come from, one port further out each.
function edgePorts(graph: CausalGraph): { out: number; in: number }[] {
  const column = new Map(graph.nodes.map((n) => [n.id, n.column]));
  const offsets = (end: 'from' | 'to', other: 'from' | 'to') => {
    const result = new Map<number, number>();
    const groups = new Map<string, number[]>();
    graph.edges.forEach((e, i) => groups.set(e[end], [...(groups.get(e[end]) ?? []), i]));
    for (const [id, idx] of groups) {
      const side = (i: number) => Math.sign(column.get(graph.edges[i][other])! - column.get(id)!);
      for (const dir of [-1, 1]) {
        const ordered = idx.filter((i) => side(i) === dir).sort((a, b) => dir * (column.get(graph.edges[a][other])! - column.get(graph.edges[b][other])!) || a - b);
        ordered.forEach((i, k) => result.set(i, dir * PORT_GAP * (k + 1)));
      }
    }
    return result;
  };
  const outs = offsets('from', 'to');
  const ins = offsets('to', 'from');
  return graph.edges.map((_, i) => ({ out: outs.get(i) ?? 0, in: ins.get(i) ?? 0 }));
}

function node(n: GraphNode, { x, y }: { x: number; y: number }): string {
  const common =
    `data-testid="graph-node" data-role="${n.role}" data-chain="${n.role === 'explained' || n.role === 'more' ? 'false' : 'true'}" data-layer="${n.layer}" ` + `transform="translate(${x} ${y})"`;
  if (!n.finding) {
    return [
      `<g class="cg-more" ${common}>`,
      `<rect class="cg-box" width="${NODE_W}" height="${NODE_H}" rx="8"/>`,
      `<text class="cg-code" x="18" y="33">+${n.hidden} more explained finding${n.hidden === 1 ? '' : 's'}</text>`,
      `<text class="cg-res" x="18" y="54">listed under Findings</text>`,
      '</g>',
    ].join('');
  }
  const f = n.finding;
  const colour = findingColour(f);
  const label = resourceLabel(f);
  const level = [findingLevel(f), ROLE_WORD[n.role]].filter(Boolean).join(' · ');
  return [
    `<a href="#${escapeHtml(f.id)}">`,
    `<g class="cg-${n.role}" ${common} data-finding-id="${escapeHtml(f.id)}" data-code="${escapeHtml(f.code)}">`,
    `<title>${escapeHtml(`${f.code} — ${label}: ${f.message}`)}</title>`,
    `<rect class="cg-box" width="${NODE_W}" height="${NODE_H}" rx="8"${n.role === 'root' ? ` style="stroke:${colour}"` : ''}/>`,
    `<rect width="6" height="${NODE_H}" rx="3" fill="${n.role === 'explained' ? QUIET_COLOUR : colour}"/>`,
    `<text class="cg-level" x="18" y="22" fill="${colour}">${escapeHtml(level)}</text>`,
    `<text class="cg-code" x="18" y="43">${escapeHtml(f.code)}</text>`,
    `<text class="cg-res" x="18" y="63">${escapeHtml(truncateUnits(label, LABEL_CHARS))}</text>`,
    '</g></a>',
  ].join('');
}

// The correlation records why each edge exists as "<cause id>: <rule>" in the effect's evidence.
function linkReason(effect: GraphNode, causeId: string): string | undefined {
  const links = effect.finding?.evidence.causalLinks;
  if (!Array.isArray(links)) return undefined;
  const hit = links.map(String).find((l) => l.startsWith(`${causeId}: `));
  return hit?.slice(causeId.length + 2);
}

// The text alternative: each edge as a sentence, so a screen reader gets the chain the picture shows.
function describe(graph: CausalGraph): string {
  const name = new Map(graph.nodes.map((n) => [n.id, n.finding ? `${n.finding.code} (${resourceLabel(n.finding)})` : `${n.hidden} more findings`]));
  return graph.edges.map((e) => `${name.get(e.from)} is caused by ${name.get(e.to)}.`).join(' ');
}
