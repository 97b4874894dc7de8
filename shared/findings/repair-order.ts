/**
 * The one remediation order every view shares: the root cause's own fix first, then outward — what the root explains,
 * nearest first — since repairing a cause often clears its effects, and a symptom repaired before its cause returns.
 */

/** A finding as far as the order needs it: its id and the ids of its causes. */
export interface Linked {
  id: string;
  causedBy: readonly string[];
}

/**
 * `findings` reachable from the root along causal edges, in repair order: the root first, then breadth-first outward
 * (nearest effect first; among equals, in the order given). Findings the root does not explain are left out; an absent
 * root gives an empty list. For a correlated chain (symptom first, root last) this is the chain reversed.
 */
export function repairOrder<T extends Linked>(rootId: string, findings: readonly T[]): T[] {
  const root = findings.find((f) => f.id === rootId);
  if (!root) return [];
  const effects = new Map<string, T[]>();
  for (const f of findings) for (const c of f.causedBy) effects.set(c, [...(effects.get(c) ?? []), f]);
  const seen = new Set([rootId]);
  const out: T[] = [root];
  for (let i = 0; i < out.length; i++) {
    for (const e of effects.get(out[i].id) ?? []) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(e);
    }
  }
  return out;
}
