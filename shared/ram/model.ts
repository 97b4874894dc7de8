/**
 * The RAM engine's data: parsed policies, requests and decisions. Everything here is plain JSON-serialisable data
 * (no Maps, no functions), so parsed policies and decisions can travel in an inventory or a report as they are.
 */

export type Effect = 'Allow' | 'Deny';

/** A value as written in a Condition block (RAM docs quote numbers and booleans, but JSON ones occur too). */
export type Scalar = string | number | boolean;

/** Identity policies are attached to users and roles; trust policies say who may assume a role. */
export type PolicyKind = 'identity' | 'trust';

export type PrincipalType = 'Service' | 'RAM' | 'Federated';

export type Principal = Partial<Record<PrincipalType, string[]>>;

export interface ParsedCondition {
  /** The operator as written; `known` is false only when parsing was told to keep undocumented operators. */
  operator: string;
  known: boolean;
  key: string;
  values: Scalar[];
}

export interface ParsedStatement {
  /** 0-based position in the document's Statement array (the `Statement[i]` of error paths). */
  index: number;
  sid?: string;
  effect: Effect;
  /** Which element the action patterns came from: `NotAction` means "every action except these". */
  actionElement: 'Action' | 'NotAction';
  actions: string[];
  /** Resource patterns; absent in trust policies, whose resource is the role that carries them. */
  resources?: string[];
  principal?: Principal;
  conditions: ParsedCondition[];
  /** The statement exactly as written, serialised once: evidence for reports and explanations. */
  text: string;
}

export interface ParsedPolicy {
  version: '1';
  kind: PolicyKind;
  statements: ParsedStatement[];
}

export type ParseResult = { ok: true; policy: ParsedPolicy; warnings: string[] } | { ok: false; errors: string[] };

/**
 * One request-context value. An array is a multi-valued key; `null` means "known to be absent from the request"
 * (for example no `acs:SourceVpc` over the internet), which differs from a key left out (= not known offline).
 */
export type ContextValue = string | string[] | number | boolean | null;

export type RequestContext = Record<string, ContextValue>;

export interface RamRequest {
  /** `<service>:<action>`, matched literally (a `*` in the request is a character, not a wildcard). */
  action: string;
  /** The ARN the API authorises, or `*` for APIs that authorise on all resources. */
  resource: string;
  context: RequestContext;
  /** Who calls; only trust-policy statements (those with a Principal) look at it. */
  principal?: { type: PrincipalType; id: string };
}

export interface AttachedPolicy {
  name: string;
  type: 'System' | 'Custom';
  version: string;
  document: ParsedPolicy;
  /** Where it is attached when not at account scope: `resource group rg-…`, `control policy on folder fd-…`. */
  scope?: string;
}

export type DecisionKind = 'allow' | 'explicitDeny' | 'implicitDeny' | 'indeterminate';

export type DefiniteDecision = Exclude<DecisionKind, 'indeterminate'>;

export interface ConditionExplain {
  operator: string;
  key: string;
  values: Scalar[];
  /** What the request context holds for the key (redacted for secret-like keys); absent when it holds nothing. */
  contextValue?: ContextValue;
  outcome: 'holds' | 'fails' | 'indeterminate';
  /** Why the outcome is not simply a comparison: missing key, unparseable context value, unknown operator. */
  note?: string;
}

export interface MatchedStatement {
  policy: string;
  policyType: 'System' | 'Custom';
  version: string;
  /** 0-based statement index. */
  statement: number;
  sid?: string;
  effect: Effect;
  /** `definite`: action, resource and every condition hold; `indeterminate`: some condition cannot be decided. */
  match: 'definite' | 'indeterminate';
  /** The policy's attachment scope when it is not the account (AttachedPolicy.scope). */
  scope?: string;
  statementText: string;
  conditions?: ConditionExplain[];
}

export interface Decision {
  decision: DecisionKind;
  /** Statements that apply or may apply, sorted by policy name, version, type and index. */
  matched: MatchedStatement[];
  /** Human sentences: the deciding statements first, then near misses, then the rule that decided. */
  reasons: string[];
  /** Only for `indeterminate`: the definite decisions the undecided conditions could still lead to. */
  possibleDecisions?: DefiniteDecision[];
}
