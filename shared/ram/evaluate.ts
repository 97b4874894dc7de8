/**
 * RAM's evaluation of one request against the policies attached to an identity (shared/ram/README.md): any
 * matching Deny anywhere ⇒ explicitDeny; else any matching Allow ⇒ allow; else implicitDeny. Statements whose
 * conditions cannot be decided offline make the decision `indeterminate` when they could change it. Pure and
 * order-independent: the statements are evaluated one by one and the results sorted before anything is decided.
 */
import { evaluateConditions } from './conditions';
import { reasonsFor } from './explain';
import type { AttachedPolicy, ConditionExplain, Decision, DefiniteDecision, MatchedStatement, ParsedStatement, RamRequest } from './model';
import { DEFAULT_EVALUATION_OPTIONS, type EvaluationOptions } from './options';
import { ALL_RESOURCES } from './arn';
import { hasWildcard, wildcardMatch } from './wildcard';

export type StatementOutcome = 'applies' | 'indeterminate' | 'actionMismatch' | 'principalMismatch' | 'resourceMismatch' | 'conditionFails';

/** One statement's evaluation, kept whole so explanations can name near misses too. */
export interface StatementResult {
  policy: AttachedPolicy;
  statement: ParsedStatement;
  outcome: StatementOutcome;
  /** The Action patterns that matched the request (for NotAction: empty, as none may match). */
  actionHits: string[];
  /** The Resource patterns that matched the request; empty when the statement has no Resource (trust policies). */
  resourceHits: string[];
  conditions: ConditionExplain[];
}

/** True when a Resource pattern grants the request's resource under the options. */
function resourceMatches(pattern: string, resource: string, options: EvaluationOptions): boolean {
  if (resource === ALL_RESOURCES && options.allResourcesRequest === 'anyPattern') return true;
  return wildcardMatch(pattern, resource, { ignoreCase: options.resources === 'insensitive' });
}

function principalMatches(s: ParsedStatement, request: RamRequest): boolean {
  if (!s.principal) return true;
  if (!request.principal) return false;
  const { type, id } = request.principal;
  // Service principals are DNS names, compared case-insensitively; RAM ARNs and IdP names are not.
  return (s.principal[type] ?? []).some((p) => wildcardMatch(p, id, { ignoreCase: type === 'Service' }));
}

/** Evaluates one statement against the request, stopping at the first element that does not match. */
function evaluateStatement(policy: AttachedPolicy, s: ParsedStatement, request: RamRequest, options: EvaluationOptions): StatementResult {
  const result = (outcome: StatementOutcome, extra: Partial<StatementResult> = {}): StatementResult => ({
    policy,
    statement: s,
    outcome,
    actionHits: [],
    resourceHits: [],
    conditions: [],
    ...extra,
  });
  const actionHits = s.actions.filter((p) => wildcardMatch(p, request.action, { ignoreCase: true }));
  const actionMatches = s.actionElement === 'Action' ? actionHits.length > 0 : actionHits.length === 0;
  if (!actionMatches) return result('actionMismatch', { actionHits });
  if (!principalMatches(s, request)) return result('principalMismatch', { actionHits });
  const resourceHits = (s.resources ?? []).filter((p) => resourceMatches(p, request.resource, options));
  if (s.resources && resourceHits.length === 0) return result('resourceMismatch', { actionHits });
  const { outcome, explains } = evaluateConditions(s.conditions, request.context, options);
  const map = { holds: 'applies', fails: 'conditionFails', indeterminate: 'indeterminate' } as const;
  return result(map[outcome], { actionHits, resourceHits, conditions: explains });
}

/** A statement's action patterns split for lookup: those without a wildcard, lower-cased, and the rest. */
interface ActionPatterns {
  count: number;
  literals: Set<string>;
  wildcards: string[];
}

// A fix that narrows `vpc:*` to the 400 actions it meant leaves a statement of 400 literal patterns, which its proof
// then matches against each of those 400 actions: looked up, not compared one by one. Keyed by the parsed array.
const splitPatterns = new WeakMap<readonly string[], ActionPatterns>();

/**
 * True when one of the statement's Action (or NotAction) patterns matches the action. A decision depends on the
 * action only through these answers: principals, resources and conditions do not read it.
 */
export function statementNamesAction(s: ParsedStatement, action: string): boolean {
  return anyActionMatches(s.actions, action);
}

/** True when some action pattern matches the action, case-insensitively as RAM matches actions. */
function anyActionMatches(patterns: readonly string[], action: string): boolean {
  let split = splitPatterns.get(patterns);
  if (!split || split.count !== patterns.length) {
    split = { count: patterns.length, literals: new Set(), wildcards: [] };
    // Without `*` or `?`, a pattern matches exactly the text equal to it (case aside).
    for (const p of patterns)
      if (hasWildcard(p)) split.wildcards.push(p);
      else split.literals.add(p.toLowerCase());
    splitPatterns.set(patterns, split);
  }
  return split.literals.has(action.toLowerCase()) || split.wildcards.some((p) => wildcardMatch(p, action, { ignoreCase: true }));
}

/**
 * The outcome evaluateStatement would give, without building its explanation: stops at the first pattern that
 * decides each element (the proof of a fix evaluates thousands of requests and reads only their decisions).
 */
function statementOutcome(s: ParsedStatement, request: RamRequest, options: EvaluationOptions): StatementOutcome {
  const actionHit = anyActionMatches(s.actions, request.action);
  if (actionHit !== (s.actionElement === 'Action')) return 'actionMismatch';
  if (!principalMatches(s, request)) return 'principalMismatch';
  if (s.resources && !s.resources.some((p) => resourceMatches(p, request.resource, options))) return 'resourceMismatch';
  const { outcome } = evaluateConditions(s.conditions, request.context, options);
  return outcome === 'holds' ? 'applies' : outcome === 'fails' ? 'conditionFails' : 'indeterminate';
}

/** How many statements apply, or may apply (undecided conditions), by effect. */
interface Tally {
  deny: number;
  maybeDeny: number;
  allow: number;
  maybeAllow: number;
}

/** RAM's rule over the tally: a Deny wins, then an Allow; undecided statements that could change that decide nothing. */
function decisionOf(t: Tally): { decision: Decision['decision']; possible?: DefiniteDecision[] } {
  if (t.deny > 0) return { decision: 'explicitDeny' };
  // Every undecided Deny could fail, leaving whatever the Allows give; treated independently (an over-approximation).
  if (t.maybeDeny > 0) {
    return { decision: 'indeterminate', possible: t.allow > 0 ? ['allow', 'explicitDeny'] : t.maybeAllow > 0 ? ['allow', 'explicitDeny', 'implicitDeny'] : ['explicitDeny', 'implicitDeny'] };
  }
  if (t.allow > 0) return { decision: 'allow' };
  if (t.maybeAllow > 0) return { decision: 'indeterminate', possible: ['allow', 'implicitDeny'] };
  return { decision: 'implicitDeny' };
}

function tally(t: Tally, outcome: StatementOutcome, effect: 'Allow' | 'Deny'): void {
  const deny = effect === 'Deny';
  if (outcome === 'applies') {
    if (deny) t.deny++;
    else t.allow++;
  } else if (outcome === 'indeterminate') {
    if (deny) t.maybeDeny++;
    else t.maybeAllow++;
  }
}

/** evaluate(…).decision, without the matched statements and the explanation. */
export function decide(request: RamRequest, policies: readonly AttachedPolicy[], options: Partial<EvaluationOptions> = {}): Decision['decision'] {
  const opts: EvaluationOptions = { ...DEFAULT_EVALUATION_OPTIONS, ...options };
  const t: Tally = { deny: 0, maybeDeny: 0, allow: 0, maybeAllow: 0 };
  for (const p of policies) for (const s of p.document.statements) tally(t, statementOutcome(s, request, opts), s.effect);
  return decisionOf(t).decision;
}

/** Code-unit order, so sorting never depends on the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPosition(a: StatementResult, b: StatementResult): number {
  return (
    compare(a.policy.name, b.policy.name) ||
    compare(a.policy.version, b.policy.version) ||
    compare(a.policy.type, b.policy.type) ||
    compare(a.policy.scope ?? '', b.policy.scope ?? '') ||
    a.statement.index - b.statement.index
  );
}

/** The order of `Decision.matched`: policy name, version, type, statement index. */
export function compareMatched(a: MatchedStatement, b: MatchedStatement): number {
  return compare(a.policy, b.policy) || compare(a.version, b.version) || compare(a.policyType, b.policyType) || a.statement - b.statement;
}

function toMatched(r: StatementResult): MatchedStatement {
  return {
    policy: r.policy.name,
    policyType: r.policy.type,
    version: r.policy.version,
    statement: r.statement.index,
    ...(r.statement.sid !== undefined ? { sid: r.statement.sid } : {}),
    effect: r.statement.effect,
    match: r.outcome === 'applies' ? 'definite' : 'indeterminate',
    ...(r.policy.scope !== undefined ? { scope: r.policy.scope } : {}),
    statementText: r.statement.text,
    ...(r.conditions.length > 0 ? { conditions: r.conditions } : {}),
  };
}

/** Evaluates a request against every statement of every policy and explains the decision. */
export function evaluate(request: RamRequest, policies: readonly AttachedPolicy[], options: Partial<EvaluationOptions> = {}): Decision {
  const opts: EvaluationOptions = { ...DEFAULT_EVALUATION_OPTIONS, ...options };
  const results = policies.flatMap((p) => p.document.statements.map((s) => evaluateStatement(p, s, request, opts))).sort(byPosition);
  const t: Tally = { deny: 0, maybeDeny: 0, allow: 0, maybeAllow: 0 };
  for (const r of results) tally(t, r.outcome, r.statement.effect);
  const { decision, possible } = decisionOf(t);

  return {
    decision,
    matched: results.filter((r) => r.outcome === 'applies' || r.outcome === 'indeterminate').map(toMatched),
    reasons: reasonsFor(decision, results, request, { policyCount: policies.length, resourcesIgnoreCase: opts.resources === 'insensitive' }),
    ...(possible ? { possibleDecisions: possible } : {}),
  };
}
