/**
 * A statement's Condition block against a request context, with RAM's combination rules (shared/ram/README.md):
 * values of one key OR, keys under one operator AND, operators AND. The result is three-valued: a condition that
 * needs what the auditor cannot know offline is `indeterminate`, and AND treats it as Kleene logic does (one
 * failing condition makes the block fail whatever the undecided ones would say).
 */
import type { ConditionExplain, ContextValue, ParsedCondition, RequestContext } from './model';
import { isConditionOperator, OPERATORS, type ValueFamily } from './operators';
import type { EvaluationOptions } from './options';

/** Global keys RAM documents, by the value family their operators should compare (lower-cased names). */
const GLOBAL_KEYS: Readonly<Record<string, ValueFamily>> = {
  'acs:currenttime': 'Date',
  'acs:securetransport': 'Bool',
  'acs:sourceip': 'IpAddress',
  'acs:mfapresent': 'Bool',
  'acs:sourcevpc': 'String',
  'acs:accessid': 'String',
  'acs:useragent': 'String',
};
const GLOBAL_KEY_PREFIXES = ['acs:resourcetag/', 'acs:requesttag/'];

/** AccessKey IDs identify a credential; explanations show only enough to recognise it. */
const REDACTED_KEYS = new Set(['acs:accessid']);

type ConditionOutcome = ConditionExplain['outcome'];

/** The value family of a documented global key, `unknown` for an undocumented `acs:` key, undefined for service keys. */
export function globalKeyFamily(key: string): ValueFamily | 'unknown' | undefined {
  const k = key.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(GLOBAL_KEYS, k)) return GLOBAL_KEYS[k];
  if (GLOBAL_KEY_PREFIXES.some((p) => k.startsWith(p))) return 'String';
  return k.startsWith('acs:') ? 'unknown' : undefined;
}

/**
 * Finds a key in the context. With case-insensitive keys, several context entries may differ only by case: their
 * values are merged in key order, so the answer never depends on object insertion order.
 */
function lookup(context: RequestContext, key: string, options: EvaluationOptions): { value: ContextValue } | undefined {
  if (options.conditionKeys === 'sensitive') {
    return Object.prototype.hasOwnProperty.call(context, key) ? { value: context[key] } : undefined;
  }
  const names = Object.keys(context)
    .filter((k) => k.toLowerCase() === key.toLowerCase())
    .sort();
  if (names.length === 0) return undefined;
  if (names.length === 1) return { value: context[names[0]] };
  const merged = names.flatMap((n) => {
    const v = context[n];
    return v === null ? [] : Array.isArray(v) ? v : [String(v)];
  });
  return { value: merged.length > 0 ? merged : null };
}

function redact(key: string, value: ContextValue): ContextValue {
  if (!REDACTED_KEYS.has(key.toLowerCase()) || value === null) return value;
  const hide = (s: string): string => `${s.slice(0, 4)}****`;
  return Array.isArray(value) ? value.map(hide) : hide(String(value));
}

/** Evaluates one operator/key pair; the explanation says why, including for missing keys and unusable values. */
function evaluateCondition(c: ParsedCondition, context: RequestContext, options: EvaluationOptions): ConditionExplain {
  const base = { operator: c.operator, key: c.key, values: c.values };
  if (!c.known || !isConditionOperator(c.operator)) {
    return { ...base, outcome: 'indeterminate', note: `${c.operator} is not an operator RAM documents; the engine cannot evaluate it` };
  }
  const spec = OPERATORS[c.operator];
  // The reference's AWS-like rule for a key the request does not carry: false, except negated operators (true).
  const absent: ConditionOutcome = spec.negated ? 'holds' : 'fails';
  const found = lookup(context, c.key, options);
  if (!found) {
    return options.missingKey === 'indeterminate'
      ? { ...base, outcome: 'indeterminate', note: `the request context has no ${c.key}; it cannot be known offline` }
      : { ...base, outcome: absent, note: `the request context has no ${c.key}` };
  }
  const contextValues = found.value === null ? [] : Array.isArray(found.value) ? found.value : [found.value];
  if (contextValues.length === 0) return { ...base, outcome: absent, note: `${c.key} is absent from the request` };

  let anyMatch = false;
  let anyMismatch = false;
  for (const cv of contextValues) {
    for (const pv of c.values) {
      const r = spec.test(cv, pv);
      if (typeof r === 'object') return { ...base, contextValue: redact(c.key, found.value), outcome: 'indeterminate', note: r.unusable };
      if (r) anyMatch = true;
      else anyMismatch = true;
    }
  }
  const holds = !spec.negated ? anyMatch : options.negatedOperators === 'noneMatch' ? !anyMatch : anyMismatch;
  return { ...base, contextValue: redact(c.key, found.value), outcome: holds ? 'holds' : 'fails' };
}

/** Evaluates a whole Condition block (AND of every operator/key pair), explaining every pair. */
export function evaluateConditions(conditions: readonly ParsedCondition[], context: RequestContext, options: EvaluationOptions): { outcome: ConditionOutcome; explains: ConditionExplain[] } {
  const explains = conditions.map((c) => evaluateCondition(c, context, options));
  const outcome: ConditionOutcome = explains.some((e) => e.outcome === 'fails') ? 'fails' : explains.some((e) => e.outcome === 'indeterminate') ? 'indeterminate' : 'holds';
  return { outcome, explains };
}
