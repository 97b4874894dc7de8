/** The causal graph of a report as layers and columns: symptoms on top, root causes below, each chain in a column. */
import type { Report } from './schema';
import type { ReportFinding } from './root-cause-view';

export type NodeRole = 'symptom' | 'chain' | 'root' | 'explained' | 'more';

export interface GraphNode {
  /** The finding id, or `more-<layer>` for the node that stands for findings left out. */
  id: string;
  finding?: ReportFinding;
  /** For a `more` node: how many findings it stands for. */
  hidden?: number;
  role: NodeRole;
  layer: number;
  column: number;
}

/** An edge of the causal graph, effect → cause (as `causedBy`). */
export interface GraphEdge {
  from: string;
  to: string;
}

export interface CausalGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  layers: number;
  columns: number;
  /** Root causes not drawn (beyond the limit). */
  omittedRootCauses: number;
}

export interface GraphLimits {
  rootCauses: number;
  /** Findings explained by a root cause but on none of the chains, per layer; the rest become one `more` node. */
  explainedPerLayer: number;
}

const DEFAULT_LIMITS: GraphLimits = { rootCauses: 6, explainedPerLayer: 3 };

/** Lays out the findings on the root-cause chains and the findings those roots explain. Deterministic. */
export function causalGraph(report: Report, limits: GraphLimits = DEFAULT_LIMITS): CausalGraph {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const shown = report.rootCauses.filter((rc) => byId.has(rc.findingId)).slice(0, limits.rootCauses);
  const chains = shown.map((rc) => rc.chain.filter((id) => byId.has(id)));
  const onChain = new Set(chains.flat());
  const members = new Set([...onChain, ...shown.flatMap((rc) => [rc.findingId, ...rc.explains].filter((id) => byId.has(id)))]);

  const causesOf = new Map<string, string[]>();
  const effectsOf = new Map<string, string[]>();
  for (const id of [...members].sort()) {
    const causes = byId
      .get(id)!
      .causedBy.filter((c) => members.has(c) && c !== id)
      .sort();
    causesOf.set(id, causes);
    for (const c of causes) effectsOf.set(c, [...(effectsOf.get(c) ?? []), id]);
  }

  const depth = depthsFromSymptoms(members, effectsOf);
  // A finding off the chains is an effect of some chain member: draw it one layer above its nearest cause, beside
  // that cause, rather than on the symptoms' row with a long edge across the graph.
  const offChain = [...members].filter((id) => !onChain.has(id)).sort((a, b) => depth.get(b)! - depth.get(a)! || a.localeCompare(b));
  for (const id of offChain) {
    const causes = causesOf.get(id)!;
    if (causes.length) depth.set(id, Math.max(depth.get(id)!, Math.min(...causes.map((c) => depth.get(c)!)) - 1));
  }

  const roots = new Set(shown.map((rc) => rc.findingId));
  const symptoms = new Set(chains.map((c) => c[0]));
  const role = (id: string): NodeRole => (roots.has(id) ? 'root' : symptoms.has(id) ? 'symptom' : onChain.has(id) ? 'chain' : 'explained');
  const nodes: GraphNode[] = [];
  const placed = new Set<string>();
  let columns = 0;
  for (const chain of chains) {
    const fresh = chain.filter((id) => !placed.has(id));
    for (const id of fresh) {
      nodes.push({ id, finding: byId.get(id), role: role(id), layer: depth.get(id)!, column: columns });
      placed.add(id);
    }
    if (fresh.length) columns += 1;
  }

  const columnOf = new Map(nodes.map((n) => [n.id, n.column]));
  const nearest = (id: string) => Math.min(...causesOf.get(id)!.map((c) => columnOf.get(c) ?? Infinity));
  const byLayer = new Map<number, string[]>();
  for (const id of offChain) byLayer.set(depth.get(id)!, [...(byLayer.get(depth.get(id)!) ?? []), id]);
  let sideColumns = 0;
  for (const layer of [...byLayer.keys()].sort((a, b) => a - b)) {
    const ids = byLayer.get(layer)!.sort((a, b) => nearest(a) - nearest(b) || a.localeCompare(b));
    const kept = ids.slice(0, limits.explainedPerLayer);
    kept.forEach((id, i) => {
      nodes.push({ id, finding: byId.get(id), role: 'explained', layer, column: columns + i });
      placed.add(id);
    });
    if (ids.length > kept.length) nodes.push({ id: `more-${layer}`, hidden: ids.length - kept.length, role: 'more', layer, column: columns + kept.length });
    sideColumns = Math.max(sideColumns, kept.length + (ids.length > kept.length ? 1 : 0));
  }

  const edges = nodes
    .filter((n) => n.finding)
    .flatMap((n) =>
      causesOf
        .get(n.id)!
        .filter((c) => placed.has(c))
        .map((to) => ({ from: n.id, to })),
    );
  return {
    nodes,
    edges,
    layers: nodes.length ? Math.max(...nodes.map((n) => n.layer)) + 1 : 0,
    columns: columns + sideColumns,
    omittedRootCauses: report.rootCauses.length - shown.length,
  };
}

/** Longest path from a symptom (a finding nothing else is caused by) down to each finding; cycles are cut. */
function depthsFromSymptoms(members: Set<string>, effectsOf: Map<string, string[]>): Map<string, number> {
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    visiting.add(id);
    let d = 0;
    for (const e of effectsOf.get(id) ?? []) if (!visiting.has(e)) d = Math.max(d, visit(e) + 1);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const id of [...members].sort()) visit(id);
  return depth;
}
