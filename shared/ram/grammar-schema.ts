/**
 * The RAM policy grammar (shared/ram/README.md) as JSON Schema. Every schema node carries a `description`
 * written to complete the sentences grammar.ts tells ("must be <description>", "... is not <description>").
 * scripts/validators.ts compiles it ahead of time; nothing compiles it at run time.
 */
import { CONDITION_OPERATORS, OPERATORS, type ValueFamily } from './operators';
import type { ParseOptions } from './options';

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

/** The grammar for one policy kind and one reading of undocumented operators. */
export function policySchema(options: Pick<ParseOptions, 'kind' | 'unknownOperators'>): object {
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
