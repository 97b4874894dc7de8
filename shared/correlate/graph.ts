/** Turns links into `causedBy` edges, root causes with what they explain, and honest "cause not identified" notes. */
import { severityRank } from '../findings/base';
import { codesWithRole } from '../findings/catalogue';
import type { Coverage, Finding } from '../findings/types';
import { NO_BACKEND_REASONS } from '../checks/apiservices';
import { resourceLabel } from '../findings/label';
import type { FindingOf } from '../findings/types';
import { findLinks } from './rules';

export interface RootCause {
  findingId: string;
  explains: string[];
  chain: string[];
}

const SYMPTOMS = codesWithRole('symptom');

/** Adds causedBy edges to the findings (returning new objects) and derives the root causes. Deterministic. */
export function correlate(input: readonly Finding[], coverage: readonly Coverage[] = []): { findings: Finding[]; rootCauses: RootCause[] } {
  const findings = input.map((f) => ({ ...f, causedBy: [] as string[], evidence: { ...f.evidence } }) as Finding);
  const byId = new Map(findings.map((f) => [f.id, f]));
  const rules = new Map<string, string[]>();
  for (const link of findLinks(findings)) {
    const effect = byId.get(link.effect.id)!;
    if (!effect.causedBy.includes(link.cause.id)) effect.causedBy.push(link.cause.id);
    rules.set(link.effect.id, [...(rules.get(link.effect.id) ?? []), `${link.cause.id}: ${link.rule}`]);
  }
  for (const f of findings) {
    f.causedBy.sort();
    if (rules.has(f.id)) f.evidence.causalLinks = rules.get(f.id);
    if (SYMPTOMS.has(f.code) && f.status === 'fail' && f.causedBy.length === 0) f.evidence.cause = { identified: false, ruledOut: ruledOut(f, coverage) };
    if (f.code === 'ROUTE_ORPHANED' && f.status === 'fail') explainOrphan(f, byId, coverage);
  }

  const effectsOf = new Map<string, string[]>();
  for (const f of findings) for (const c of f.causedBy) effectsOf.set(c, [...(effectsOf.get(c) ?? []), f.id]);

  const roots = findings.filter((f) => f.status === 'fail' && f.causedBy.length === 0 && effectsOf.has(f.id));
  const rootCauses = roots.map((root) => {
    const explains = new Set<string>();
    const stack = [root.id];
    while (stack.length) for (const e of effectsOf.get(stack.pop()!) ?? []) if (!explains.has(e)) explains.add(e), stack.push(e);
    return { findingId: root.id, explains: [...explains].sort(), chain: longestChain(root.id, effectsOf, byId) };
  });
  rootCauses.sort((a, b) => rank(byId.get(a.findingId)!) - rank(byId.get(b.findingId)!) || b.chain.length - a.chain.length || a.findingId.localeCompare(b.findingId));
  return { findings, rootCauses };
}

function rank(f: Finding): number {
  return severityRank(f.severity);
}

/** The symptom → … → root path ending at the root: the most visible symptom first, then the longest path. */
function longestChain(rootId: string, effectsOf: Map<string, string[]>, byId: Map<string, Finding>): string[] {
  const best = (id: string, seen: Set<string>): string[] => {
    let longest: string[] = [];
    for (const e of [...(effectsOf.get(id) ?? [])].sort()) {
      if (seen.has(e)) continue;
      const path = best(e, new Set([...seen, e]));
      // A chain that starts at a symptom people see (a stuck namespace, an unavailable API) beats a longer one that starts
      // at a side effect; among equals, the longer chain wins.
      const head = (p: string[]) => (p.length ? symptomRank(byId.get(p[0])!) : Number.MAX_SAFE_INTEGER);
      const sev = (p: string[]) => (p.length ? rank(byId.get(p[0])!) : Number.MAX_SAFE_INTEGER);
      const better = head(path) < head(longest) || (head(path) === head(longest) && (path.length > longest.length || (path.length === longest.length && sev(path) < sev(longest))));
      if (better) longest = path;
    }
    return [...longest, id];
  };
  return best(rootId, new Set([rootId]));
}

function symptomRank(f: Finding): number {
  return f.code === 'NAMESPACE_STUCK_TERMINATING' ? 0 : f.code === 'APISERVICE_UNAVAILABLE' ? 1 : 2;
}

function ruledOut(f: Finding, coverage: readonly Coverage[]): string[] {
  if (f.code === 'NAMESPACE_STUCK_TERMINATING') {
    const gvs = f.evidence.failingGroupVersions;
    return gvs.length ? [`no unavailable APIService was found for ${gvs.join(', ')}`] : ['discovery is not failing for this namespace, so no APIService is involved'];
  }
  if (f.code !== 'APISERVICE_UNAVAILABLE') return [];
  const reason = f.evidence.reason;
  if (NO_BACKEND_REASONS.has(reason)) return [`${reason}: the backend has nothing to reach, so the network is not the cause`];
  const nodes = f.evidence.nodes;
  if (!nodes.length) return ['the backend has no addresses on known nodes'];
  if (f.evidence.podRouteNodes && f.evidence.podRouteNodes.length === 0) return [`the backend uses the host network of ${nodes.join(', ')}, so no pod route is involved`];
  // "No drift" is only a finding when the route check read everything; otherwise the network was not ruled out.
  const routes = coverage.find((c) => c.check === 'routes');
  if (routes?.status === 'complete') return [`no route drift was found for the backend node(s) ${nodes.join(', ')}`];
  if (routes?.status === 'not_applicable') return [`pod routes do not apply (${routes.reason})`];
  return [`the routes of the backend node(s) ${nodes.join(', ')} could not be verified (${routes?.reason ?? 'routes not checked'})`];
}

/**
 * Says whether the route controller was denied deleting an orphaned route or missed it. It removes a deleted node's
 * route only when it sees the node gone while it still holds the route in its in-memory cache (`nodeCache`, filled
 * by its syncs: pkg/controller/route/route_controller.go), so a CCM that was down or had just restarted when the node
 * went never removes it. "Missed" needs the RAM check to have judged the CCM's identity whole.
 */
function explainOrphan(f: FindingOf<'ROUTE_ORPHANED'>, byId: Map<string, Finding>, coverage: readonly Coverage[]): void {
  const causes = f.causedBy.map((id) => byId.get(id)).filter((c): c is Finding => c !== undefined);
  const ram = coverage.find((c) => c.check === 'ram');
  if (causes.length > 0) {
    f.evidence.deletion = 'denied';
    f.message += ` The route controller was denied the delete: ${causes.map((c) => `${c.code} on ${resourceLabel(c)} (${c.id})`).join(', ')}.`;
  } else if (ram?.status === 'complete') {
    f.evidence.deletion = 'missed';
    f.message += [
      " No RAM denial of the delete the route controller's version uses for deleted nodes was found, so it missed it: it removes a node's route only when it sees the node",
      'deleted while the route is in its in-memory cache, so a CCM that was down or had just restarted then never removes it.',
    ].join(' ');
  } else {
    f.evidence.deletion = 'unknown';
    f.message += ` Whether the route controller missed the delete or was denied it is unknown: its RAM permissions were not fully judged (${ram?.reason ?? 'the RAM check did not run'}).`;
  }
}
