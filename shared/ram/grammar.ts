/**
 * The RAM policy grammar (alibaba-apis.md §4.1–4.2) as JSON Schema, checked with ajv, and the translation of ajv's
 * errors into sentences that name the JSON path (`Statement[2].Effect: ...`). Every schema node carries a
 * `description` written to complete those sentences ("must be <description>", "... is not <description>").
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CONDITION_OPERATORS, OPERATORS, toCidr, toDateMs, type ValueFamily } from './operators';
import { type ParseOptions } from './options';

/** More statements than this is no policy a person wrote (RAM caps documents at 6,144 characters). */
export const MAX_STATEMENTS = 1000;

/**
 * Action syntax: `*`, or `<service>:<action>` of ASCII letters, digits, `-`, `_`, `.` and the wildcards. Anything
 * else — a fullwidth colon, a zero-width space, a Cyrillic look-alike, a space, a comma — is rejected rather than
 * normalised: RAM would never match it the way its author meant.
 */
const ACTION_PATTERN = '^(\\*|[A-Za-z0-9_.*?-]+:[A-Za-z0-9_.*?-]+)$';

/** Resource syntax: wildcards only (`*`), or an `acs:` ARN pattern without control or bidi-control characters. */
const RESOURCE_PATTERN = '^(?:[*?]+|acs:[^\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*)$';

const NUMBER_PATTERN = '^-?\\d+(\\.\\d+)?$';

interface Leaf {
  type: string | string[];
  description: string;
  pattern?: string;
  format?: string;
}

/** RAM accepts one value or an array of values wherever several are allowed ("the two forms are equivalent"). */
function oneOrMany(leaf: Leaf): object {
  const types = Array.isArray(leaf.type) ? leaf.type : [leaf.type];
  return { ...leaf, type: [...types, 'array'], minItems: 1, items: leaf };
}

const VALUE_LEAF: Record<ValueFamily, Leaf> = {
  String: { type: ['string', 'number', 'boolean'], description: 'a string, number or boolean' },
  Numeric: { type: ['number', 'string'], pattern: NUMBER_PATTERN, description: 'a number' },
  Date: { type: 'string', format: 'ram-date', description: 'an ISO 8601 date such as 2012-11-11T23:59:59Z' },
  Bool: { type: ['boolean', 'string'], pattern: '^(true|false)$', description: 'true or false' },
  IpAddress: { type: 'string', format: 'ram-ip', description: 'an IP address or CIDR block' },
};

function operatorBlock(family: ValueFamily): object {
  return {
    type: 'object',
    minProperties: 1,
    propertyNames: { minLength: 1 },
    additionalProperties: oneOrMany(VALUE_LEAF[family]),
    description: 'an object of condition keys',
  };
}

const FAMILIES: readonly ValueFamily[] = ['String', 'Numeric', 'Date', 'Bool', 'IpAddress'];

function policySchema(options: ParseOptions): object {
  // Shared definitions, referenced rather than inlined, keep the generated validator to one function per value family.
  const $defs = {
    ...Object.fromEntries(FAMILIES.map((f) => [f, operatorBlock(f)])),
    actions: oneOrMany({ type: 'string', pattern: ACTION_PATTERN, description: 'an action ("*" or <service>:<action> in ASCII letters, digits, "-", "_", "." and the wildcards * and ?)' }),
  };
  const operators = Object.fromEntries(CONDITION_OPERATORS.map((op) => [op, { $ref: `#/$defs/${OPERATORS[op].family}` }]));
  const action = { $ref: '#/$defs/actions' };
  const principalName = { type: 'string', pattern: '^\\S+$', description: 'a principal name' };
  const statement = {
    type: 'object',
    description: 'a statement object',
    additionalProperties: false,
    required: options.kind === 'trust' ? ['Effect', 'Principal'] : ['Effect', 'Resource'],
    allOf: [
      { not: { required: ['Action', 'NotAction'] }, description: 'has both Action and NotAction; a statement has exactly one of them' },
      { anyOf: [{ required: ['Action'] }, { required: ['NotAction'] }], description: 'has neither Action nor NotAction; a statement has exactly one of them' },
    ],
    properties: {
      Sid: { type: 'string', description: 'a string' },
      Effect: { enum: ['Allow', 'Deny'], description: '"Allow" or "Deny" (case-sensitive)' },
      Action: action,
      NotAction: action,
      Resource: oneOrMany({ type: 'string', pattern: RESOURCE_PATTERN, description: 'a resource ("*" or an acs:<service>:<region>:<account>:<relative-id> pattern)' }),
      Condition: {
        type: 'object',
        description: 'an object of condition operators',
        properties: operators,
        additionalProperties: options.unknownOperators === 'invalid' ? false : { $ref: '#/$defs/String' },
      },
      ...(options.kind === 'trust'
        ? {
            Principal: {
              type: 'object',
              description: 'an object naming Service, RAM or Federated principals',
              minProperties: 1,
              additionalProperties: false,
              properties: { Service: oneOrMany(principalName), RAM: oneOrMany(principalName), Federated: oneOrMany(principalName) },
            },
          }
        : {}),
    },
  };
  return {
    $defs,
    type: 'object',
    description: 'a policy document object',
    additionalProperties: false,
    required: ['Version', 'Statement'],
    properties: {
      Version: { const: '1', description: 'the string "1"' },
      Statement: { type: 'array', minItems: 1, maxItems: MAX_STATEMENTS, items: statement, description: 'an array of statements' },
    },
  };
}

const validators = new Map<string, ValidateFunction>();

/** The compiled validator for one set of parse options (compiled once, on first use). */
export function policyValidator(options: ParseOptions): ValidateFunction {
  const id = `${options.kind}/${options.unknownOperators}`;
  let v = validators.get(id);
  if (!v) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
    ajv.addFormat('ram-date', { type: 'string', validate: (s: string) => toDateMs(s) !== undefined });
    ajv.addFormat('ram-ip', { type: 'string', validate: (s: string) => toCidr(s) !== undefined });
    v = ajv.compile(policySchema(options));
    validators.set(id, v);
  }
  return v;
}

/** Formats a path of keys and indexes the way the messages show it: `Statement[0].Condition.IpAddress["acs:SourceIp"]`. */
export function formatPath(parts: readonly (string | number)[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || '(document)';
}

function pathOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Escapes everything outside printable ASCII as `\uXXXX`, so odd Unicode in a message is visible, not rendered. */
export function printable(text: string): string {
  // Per UTF-16 unit, so an astral character shows as its surrogate pair, exactly as JSON would escape it.
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Quotes a value for a message: JSON, shortened to 80 characters, odd Unicode escaped. */
export function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return printable(text.length > 80 ? `${text.slice(0, 77)}...` : text);
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
