/**
 * The engine's switches for behaviour Alibaba Cloud does not document (shared/ram/README.md lists these as UNVERIFIED).
 * Each default is the reading the reference recommends or the one that cannot turn an unverified fact into `allow`.
 */
import type { PolicyKind } from './model';

export interface ParseOptions {
  /** `identity` requires Resource and forbids Principal; `trust` requires Principal and makes Resource optional. */
  kind: PolicyKind;
  /**
   * `Statement` as one object instead of an array. The documented grammar is `"Statement": [ <statement>, ... ]`;
   * whether RAM accepts a bare object is UNVERIFIED. Default `reject`: such a document gets RAM_POLICY_INVALID (an
   * unknown, never a wrong verdict); `accept` wraps it in an array.
   */
  singleStatement: 'reject' | 'accept';
  /**
   * Operators RAM does not document (`...IfExists`, `Null`, `ForAnyValue:...`; their absence is UNVERIFIED).
   * Default `invalid`: the document does not parse. `indeterminate`: it parses, and any statement whose condition
   * uses such an operator is indeterminate (Zelkova-style "unsupported construct").
   */
  unknownOperators: 'invalid' | 'indeterminate';
}

export interface EvaluationOptions {
  /**
   * A condition on a key the request context does not hold (undocumented by RAM). Default `indeterminate`: the
   * auditor cannot know the key offline, so the statement may or may not apply. `awsDefault` is the reference's
   * AWS-like rule: the condition is false, except for negated operators, where it is true. A key whose context
   * value is `null` (known absent) always follows the `awsDefault` rule.
   */
  missingKey: 'indeterminate' | 'awsDefault';
  /**
   * Negated operators (StringNotEquals, StringNotLike, NotIpAddress, ...) with several values. RAM says only "values
   * of one key are ORed". Default `noneMatch` = NOT(any value matches) (AWS semantics, the common reading);
   * `anyMismatch` = (some value does not match), the literal OR of negations.
   */
  negatedOperators: 'noneMatch' | 'anyMismatch';
  /**
   * Condition key names compared to context keys. RAM documents element names and operators as case-sensitive
   * but says nothing of keys; default `insensitive` (as AWS, and so `acs:sourceip` cannot dodge a Deny).
   */
  conditionKeys: 'insensitive' | 'sensitive';
  /**
   * Resource patterns against the request ARN. RAM documents actions as case-insensitive and says nothing of
   * resources; default `sensitive` (resource IDs such as `vtb-bp1...` and OSS object names are case-sensitive).
   */
  resources: 'sensitive' | 'insensitive';
  /**
   * Requests for APIs that authorise on "All Resources" (resource `*`). The exact rule is UNVERIFIED. Default
   * `literal`: the request ARN is the one-character string `*`, which only a pattern such as `*` matches (so a
   * statement scoped to `acs:ecs:*:*:instance/*` does not grant an All-Resources API). `anyPattern`: every resource
   * pattern matches such a request.
   */
  allResourcesRequest: 'literal' | 'anyPattern';
}

export const DEFAULT_PARSE_OPTIONS: Readonly<ParseOptions> = Object.freeze({
  kind: 'identity',
  singleStatement: 'reject',
  unknownOperators: 'invalid',
});

export const DEFAULT_EVALUATION_OPTIONS: Readonly<EvaluationOptions> = Object.freeze({
  missingKey: 'indeterminate',
  negatedOperators: 'noneMatch',
  conditionKeys: 'insensitive',
  resources: 'sensitive',
  allResourcesRequest: 'literal',
});
