/**
 * The RAM policy grammar's validators (precompiled from grammar-schema.ts by scripts/validators.ts) and the
 * translation of their errors into sentences that name the JSON path (`Statement[2].Effect: ...`).
 */
import { type ErrorObject, formatPath, pathOf, type Validator, validatorOf } from '../util/validation';
import * as generated from './grammar.validators';
import { MAX_STATEMENTS } from './grammar-schema';
import { CONDITION_OPERATORS } from './operators';
import type { ParseOptions } from './options';
import { graphemePrefix } from '../util/truncate';

const VALIDATORS: Record<ParseOptions['kind'], Record<ParseOptions['unknownOperators'], Validator<unknown>>> = {
  identity: { invalid: validatorOf(generated.identityStrict), indeterminate: validatorOf(generated.identityLenient) },
  trust: { invalid: validatorOf(generated.trustStrict), indeterminate: validatorOf(generated.trustLenient) },
};

/** The validator for one set of parse options. */
export function policyValidator(options: ParseOptions): Validator<unknown> {
  return VALIDATORS[options.kind][options.unknownOperators];
}

/** Escapes everything outside printable ASCII as `\uXXXX`, so odd Unicode in a message is visible, not rendered. */
export function printable(text: string): string {
  // Per UTF-16 unit, so an astral character shows as its surrogate pair, exactly as JSON would escape it.
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Quotes a value for a message: JSON, shortened to 80 characters, odd Unicode escaped. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return printable(text.length > 80 ? `${graphemePrefix(text, 77)}...` : text);
}

const REQUIRED_HINT: Readonly<Record<string, string>> = {
  Resource: ' in identity policies',
  Principal: ' in trust policies',
  Effect: ' ("Allow" or "Deny")',
};

const ELEMENTS = ['Version', 'Statement', 'Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'Condition', 'Principal'];

function describeUnknownKey(parts: (string | number)[], key: string, options: ParseOptions): string {
  const where = formatPath([...parts, key]);
  const inCondition = parts.length === 3 && parts[2] === 'Condition';
  if (inCondition) {
    const near = CONDITION_OPERATORS.find((op) => op.toLowerCase() === key.toLowerCase());
    return near
      ? `${where}: unknown condition operator (operators are case-sensitive; did you mean "${near}"?)`
      : `${where}: unknown condition operator; RAM documents ${CONDITION_OPERATORS.join(', ')}`;
  }
  if (key === 'NotResource') return `${where}: NotResource is not supported by RAM`;
  if (key === 'Principal' && options.kind === 'identity') return `${where}: Principal is only valid in trust (resource-based) policies`;
  const near = ELEMENTS.find((e) => e.toLowerCase() === key.toLowerCase());
  if (near) return `${where}: unknown element (element names are case-sensitive; did you mean "${near}"?)`;
  return `${where}: unknown element`;
}

function describe(e: ErrorObject, options: ParseOptions): string {
  const parts = pathOf(e.instancePath);
  const where = formatPath(parts);
  const what = typeof e.parentSchema?.description === 'string' ? e.parentSchema.description : undefined;
  switch (e.keyword) {
    case 'additionalProperties':
      return describeUnknownKey(parts, String(e.params.additionalProperty), options);
    case 'required': {
      const missing = String(e.params.missingProperty);
      const why = REQUIRED_HINT[missing] ?? '';
      return `${formatPath([...parts, missing])}: required${why}`;
    }
    case 'const':
    case 'enum':
      return `${where}: must be ${what}, got ${quote(e.data)}`;
    case 'not':
    case 'anyOf':
      return `${where}: ${what}`;
    case 'type': {
      if (where === 'Statement' && e.data !== null && typeof e.data === 'object') {
        return `Statement: must be an array of statements; RAM's grammar has no single-statement form (option singleStatement: 'accept' wraps it)`;
      }
      const many = Array.isArray(e.parentSchema?.type) && e.parentSchema.type.includes('array');
      return `${where}: must be ${what}${many ? ' or a non-empty array of them' : ''}, got ${quote(e.data)}`;
    }
    case 'pattern':
    case 'format':
      return `${where}: ${quote(e.data)} is not ${what}`;
    case 'minItems':
    case 'minProperties':
    case 'propertyNames':
      return `${where}: must not be empty`;
    case 'maxItems':
      return `${where}: more than ${MAX_STATEMENTS} statements`;
    default:
      return `${where}: ${e.message ?? 'invalid'}`;
  }
}

/** Turns ajv's errors into distinct path-named sentences, in document order. */
export function describeErrors(errors: readonly ErrorObject[], options: ParseOptions): string[] {
  // `propertyNames` reports once for the name and once more for the object; the first is enough.
  // The branches of the Action/NotAction anyOf each report a missing key; the anyOf's own sentence says it better.
  const useful = errors.filter((e) => !(e.keyword === 'minLength' && e.propertyName !== undefined) && !e.schemaPath.includes('/anyOf/'));
  return [...new Set(useful.map((e) => describe(e, options)))];
}
