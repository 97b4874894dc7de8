/**
 * Proves a RAM change with the engine: evaluates the required actions and every action the changed statements can
 * touch, before and after, and lists each decision that differs. Only statements that differ between the two
 * policy sets can change a decision, so the actions they name (expanded over the SDK models' action catalogue)
 * are the complete set to evaluate.
 */
import catalogue from '../ram/actions.json';
import { decide as decideRequest, statementNamesAction } from '../ram/evaluate';
import { DEFAULT_EVALUATION_OPTIONS } from '../ram/options';
import type { AttachedPolicy, DecisionKind, ParsedStatement, RequestContext } from '../ram/model';
import { evaluateRequiredAction, type RequiredAction } from '../ram/profiles';
import { hasWildcard, wildcardMatch } from '../ram/wildcard';
import type { DecisionChange, RamProof } from './types';

const CATALOGUE = catalogue as Record<string, string[]>;

let everyAction: readonly string[] | undefined;

/** Every catalogued action as `service:Action` (built once: a proof expands many patterns over it). */
function allCatalogued(): readonly string[] {
  everyAction ??= Object.entries(CATALOGUE).flatMap(([svc, actions]) => actions.map((a) => `${svc}:${a}`));
  return everyAction;
}

/** Catalogued actions a pattern matches (case-insensitively, as RAM matches actions). */
export function catalogueMatches(pattern: string): string[] {
  const lower = pattern.toLowerCase();
  const svc = lower.slice(0, lower.indexOf(':') + 1);
  // A pattern whose service part holds no wildcard can match only that service's actions.
  const candidates = svc !== '' && !hasWildcard(svc) ? servicePrefixed(svc) : allCatalogued();
  return candidates.filter((a) => wildcardMatch(pattern, a, { ignoreCase: true }));
}

const byService = new Map<string, readonly string[]>();

/** The catalogued actions whose lower-cased text starts with `prefix` (`vpc:`). */
function servicePrefixed(prefix: string): readonly string[] {
  let found = byService.get(prefix);
  if (!found) byService.set(prefix, (found = allCatalogued().filter((a) => a.toLowerCase().startsWith(prefix))));
  return found;
}

/** True when the catalogue knows the service a pattern names (so its wildcard can be expanded exactly). */
export function catalogued(pattern: string): boolean {
  const svc = pattern.split(':')[0]?.toLowerCase();
  return svc !== undefined && Object.hasOwn(CATALOGUE, svc);
}

function statementKeys(policies: readonly AttachedPolicy[]): Map<string, ParsedStatement> {
  const out = new Map<string, ParsedStatement>();
  for (const p of policies) for (const [i, s] of p.document.statements.entries()) out.set(`${p.name}\u0000${s.text}\u0000${i}`, s);
  return out;
}

/** The statements in one set and not the other (by policy and text). */
function changedStatements(before: readonly AttachedPolicy[], after: readonly AttachedPolicy[]): ParsedStatement[] {
  const texts = (ps: readonly AttachedPolicy[]) => new Set(ps.flatMap((p) => p.document.statements.map((s) => `${p.name}\u0000${s.text}`)));
  const a = texts(before);
  const b = texts(after);
  const out: ParsedStatement[] = [];
  for (const [key, s] of statementKeys(before)) if (!b.has(key.split('\u0000').slice(0, 2).join('\u0000'))) out.push(s);
  for (const [key, s] of statementKeys(after)) if (!a.has(key.split('\u0000').slice(0, 2).join('\u0000'))) out.push(s);
  return out;
}

/** The concrete actions whose decisions the changed statements could alter. */
function universe(changed: readonly ParsedStatement[], required: readonly RequiredAction[], all: readonly AttachedPolicy[]): string[] {
  const out = new Set<string>();
  const named = all.flatMap((p) => p.document.statements.flatMap((s) => s.actions));
  const add = (pattern: string) => {
    for (const a of catalogueMatches(pattern)) out.add(a);
    // Outside the catalogue a pattern stands for itself: a literal action, or "some action it matches".
    if (!catalogued(pattern) || !hasWildcard(pattern)) out.add(pattern);
  };
  for (const s of changed) {
    if (s.actionElement === 'NotAction') {
      for (const a of allCatalogued()) out.add(a);
      for (const p of named) if (!catalogued(p)) out.add(p);
    } else s.actions.forEach(add);
  }
  for (const r of required) for (const f of [r.action, ...(r.alternatives ?? [])]) out.add(f);
  return [...out].sort();
}

const allowed = (d: DecisionKind) => d === 'allow';

// A plan proves several candidate changes against the same `before`: its decisions are made once per policy set.
const decided = new WeakMap<readonly AttachedPolicy[], WeakMap<RequestContext, Map<string, DecisionKind>>>();

function decideOnce(policies: readonly AttachedPolicy[], context: RequestContext, action: string, resource: string): DecisionKind {
  let byContext = decided.get(policies);
  if (!byContext) decided.set(policies, (byContext = new WeakMap()));
  let memo = byContext.get(context);
  if (!memo) byContext.set(context, (memo = new Map()));
  const key = `${action}\u0000${resource}`;
  let d = memo.get(key);
  if (d === undefined) memo.set(key, (d = decideRequest({ action, resource, context }, policies)));
  return d;
}

/** Re-evaluates `after` against `before`: the required actions' decisions and every other decision that changes. */
export function proveChange(before: readonly AttachedPolicy[], after: readonly AttachedPolicy[], required: readonly RequiredAction[], context: RequestContext): RamProof {
  const changed = changedStatements(before, after);
  const actions = universe(changed, required, [...before, ...after]);
  const resources = [...new Set([...required.map((r) => r.resource), '*'])];
  const requiredKeys = new Set(required.map((r) => `${r.action}\u0000${r.resource}`));
  // A decision depends on the resource only through which Resource patterns match it: one representative per
  // class of resources is exact, and keeps a cluster with many route tables cheap.
  const patterns = [...new Set([...before, ...after].flatMap((p) => p.document.statements.flatMap((st) => st.resources ?? [])))];
  const classOf = new Map<string, string>();
  const representative = new Map<string, string>();
  for (const r of resources) {
    const signature = r === '*' ? '*' : patterns.map((p) => (wildcardMatch(p, r, { ignoreCase: DEFAULT_EVALUATION_OPTIONS.resources === 'insensitive' }) ? '1' : '0')).join('');
    classOf.set(r, signature);
    if (!representative.has(signature)) representative.set(signature, r);
  }
  // Likewise a decision depends on the action only through which statements name it: the ~400 actions a `vpc:*`
  // expands to fall in a handful of classes, and one representative of each is evaluated.
  const statements = [...before, ...after].flatMap((p) => p.document.statements);
  const actionClass = new Map<string, string>();
  const actionRepresentative = new Map<string, string>();
  for (const action of actions) {
    const signature = statements.map((st) => (statementNamesAction(st, action) ? '1' : '0')).join('');
    actionClass.set(action, signature);
    if (!actionRepresentative.has(signature)) actionRepresentative.set(signature, action);
  }
  const memo = new Map<string, [DecisionKind, DecisionKind]>();
  const requiredMemo = new Map<string, [DecisionKind, DecisionKind]>();
  const decide = (action: string, resource: string): [DecisionKind, DecisionKind] => {
    const signature = actionClass.get(action)!;
    const key = `${signature}\u0000${classOf.get(resource)}`;
    let d = memo.get(key);
    if (!d) {
      const rep = representative.get(classOf.get(resource)!)!;
      const repAction = actionRepresentative.get(signature)!;
      d = [decideOnce(before, context, repAction, rep), decideOnce(after, context, repAction, rep)];
      memo.set(key, d);
    }
    return d;
  };
  // Actions that change identically on the same resources share one group.
  const groups = new Map<string, DecisionChange>();
  if (changed.length > 0) {
    for (const action of actions) {
      const byTransition = new Map<string, { before: DecisionKind; after: DecisionKind; resources: string[] }>();
      for (const resource of resources) {
        if (requiredKeys.has(`${action}\u0000${resource}`)) continue;
        const [b, a] = decide(action, resource);
        if (a === b) continue;
        const t = byTransition.get(`${b}>${a}`) ?? { before: b, after: a, resources: [] };
        t.resources.push(resource);
        byTransition.set(`${b}>${a}`, t);
      }
      for (const t of byTransition.values()) {
        const key = `${t.before}>${t.after}>${t.resources.join('\u0000')}`;
        const g = groups.get(key) ?? { actions: [], resources: t.resources, before: t.before, after: t.after, effective: allowed(t.before) !== allowed(t.after) };
        g.actions.push(action);
        groups.set(key, g);
      }
    }
  }
  const diffs = [...groups.values()];
  return {
    // Required actions on resources of one class decide alike too (many route tables, one pattern).
    required: required.map((r) => {
      const cls = classOf.get(r.resource) ?? r.resource;
      const key = `${r.action}\u0000${cls}`;
      let d = requiredMemo.get(key);
      if (!d) {
        const rep = { ...r, resource: representative.get(cls) ?? r.resource };
        d = [evaluateRequiredAction(rep, context, before).decision, evaluateRequiredAction(rep, context, after).decision];
        requiredMemo.set(key, d);
      }
      return { action: r.action, resource: r.resource, before: d[0], after: d[1] };
    }),
    changed: diffs,
    evaluated: { actions: actions.length, resources },
  };
}

/** True when every required action is allowed after the change. */
export function provesRequired(proof: RamProof): boolean {
  return proof.required.every((r) => r.after === 'allow');
}

/** How many (action, resource) decisions a proof lists as changed; `effectiveOnly` counts only allowed ↔ denied. */
export function changeCount(proof: RamProof, effectiveOnly = false): number {
  return proof.changed.filter((c) => !effectiveOnly || c.effective).reduce((n, c) => n + c.actions.length * c.resources.length, 0);
}
