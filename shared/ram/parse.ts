/**
 * Reads a RAM policy document — JSON text (a UTF-8 BOM is accepted) or an already-parsed value — into a
 * ParsedPolicy, or into errors that each name the JSON path of the bad element. Never throws: bounds are checked
 * before parsing, and anything unexpected becomes an error sentence.
 */
import { type ConditionOperatorName, isConditionOperator, OPERATORS } from './operators';
import { globalKeyFamily } from './conditions';
import { describeErrors, policyValidator, printable } from './grammar';
import { MAX_DOCUMENT_BYTES, scanJsonText, scanJsonValue } from './json-guard';
import type { Effect, ParsedCondition, ParsedPolicy, ParseResult, Principal, PrincipalType, Scalar } from './model';
import { DEFAULT_PARSE_OPTIONS, type ParseOptions } from './options';
import { hasWildcard } from './wildcard';
import { formatPath, type Validator } from '../util/validation';

type OneOrMany<T> = T | T[];

/** The document as the grammar guarantees it once ajv has accepted it. */
interface RawStatement {
  Sid?: string;
  Effect: Effect;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  Principal?: Partial<Record<PrincipalType, OneOrMany<string>>>;
  Condition?: Record<string, Record<string, OneOrMany<Scalar>>>;
}

interface RawPolicy {
  Version: '1';
  Statement: RawStatement[];
}

const MAX_ERRORS = 20;

function list<T>(v: OneOrMany<T>): T[] {
  return Array.isArray(v) ? v : [v];
}

function readText(text: string): { value: unknown } | { errors: string[] } {
  // UTF-16 length never exceeds the UTF-8 byte count, so the cheap test runs first.
  if (text.length > MAX_DOCUMENT_BYTES || Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
    return { errors: [`document larger than ${MAX_DOCUMENT_BYTES} bytes (RAM's own limit is 6,144 characters)`] };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const scan = scanJsonText(body);
  if (scan.length > 0) return { errors: scan };
  try {
    return { value: JSON.parse(body) };
  } catch (err) {
    return { errors: [`not valid JSON: ${printable(err instanceof Error ? err.message : String(err))}`] };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function conditionsOf(block: RawStatement['Condition']): ParsedCondition[] {
  const out: ParsedCondition[] = [];
  for (const [operator, keys] of Object.entries(block ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      out.push({ operator, known: isConditionOperator(operator), key, values: list(values) });
    }
  }
  return out;
}

function principalOf(raw: NonNullable<RawStatement['Principal']>): Principal {
  const out: Principal = {};
  for (const type of ['Service', 'RAM', 'Federated'] as const) {
    const v = raw[type];
    if (v !== undefined) out[type] = list(v);
  }
  return out;
}

/** Lints: legal constructs that rarely mean what their author wanted, reported as warnings, never silently fixed. */
function lint(doc: RawPolicy): string[] {
  const warnings: string[] = [];
  doc.Statement.forEach((s, i) => {
    if (s.Effect === 'Allow' && s.NotAction !== undefined) {
      warnings.push(`${formatPath(['Statement', i, 'NotAction'])}: Allow with NotAction allows every action except those listed`);
    }
    for (const c of conditionsOf(s.Condition)) {
      const where = formatPath(['Statement', i, 'Condition', c.operator, c.key]);
      if (!c.known) {
        warnings.push(`${where}: ${c.operator} is not documented by RAM; statements using it are indeterminate`);
        continue;
      }
      const family = OPERATORS[c.operator as ConditionOperatorName].family;
      const keyFamily = globalKeyFamily(c.key);
      if (keyFamily === 'unknown') warnings.push(`${where}: ${c.key} is not a global condition key RAM documents`);
      else if (keyFamily && keyFamily !== family) {
        warnings.push(`${where}: ${c.key} holds ${keyFamily === 'IpAddress' ? 'an IP address' : `a ${keyFamily} value`}; ${c.operator} compares it as ${family}`);
      }
      if (/^String(Not)?Equals/.test(c.operator) && c.values.some((v) => typeof v === 'string' && hasWildcard(v))) {
        warnings.push(`${where}: ${c.operator} is literal, so * and ? match only themselves; StringLike matches patterns`);
      }
    }
  });
  return warnings;
}

function build(doc: RawPolicy, options: ParseOptions): ParsedPolicy {
  return {
    version: '1',
    kind: options.kind,
    statements: doc.Statement.map((s, index) => ({
      index,
      ...(s.Sid !== undefined ? { sid: s.Sid } : {}),
      effect: s.Effect,
      actionElement: s.Action !== undefined ? 'Action' : 'NotAction',
      actions: list(s.Action ?? s.NotAction ?? []),
      ...(s.Resource !== undefined ? { resources: list(s.Resource) } : {}),
      ...(s.Principal !== undefined ? { principal: principalOf(s.Principal) } : {}),
      conditions: conditionsOf(s.Condition),
      text: JSON.stringify(s),
    })),
  };
}

function validate(data: unknown, options: ParseOptions, validator: Validator<unknown>): ParseResult {
  // Only when asked: RAM's grammar has no single-statement form (see ParseOptions.singleStatement).
  const wrap = options.singleStatement === 'accept' && isObject(data) && isObject(data.Statement);
  const doc = wrap && isObject(data) ? { ...data, Statement: [data.Statement] } : data;
  if (!validator(doc)) {
    let errors = describeErrors(validator.errors ?? [], options);
    if (wrap) errors = errors.map((e) => e.replace(/^Statement\[0\]/, 'Statement'));
    const more = errors.length - MAX_ERRORS;
    return { ok: false, errors: more > 0 ? [...errors.slice(0, MAX_ERRORS), `... and ${more} more errors`] : errors };
  }
  const raw = doc as RawPolicy;
  return { ok: true, policy: build(raw, options), warnings: lint(raw) };
}

/**
 * Parses and validates a RAM policy document (text or parsed JSON) against the grammar; every error names its
 * JSON path, e.g. `Statement[2].Effect: must be "Allow" or "Deny" (case-sensitive), got "allow"`.
 */
export function parsePolicy(input: unknown, options: Partial<ParseOptions> = {}): ParseResult {
  const opts: ParseOptions = { ...DEFAULT_PARSE_OPTIONS, ...options };
  const validator = policyValidator(opts);
  try {
    if (typeof input === 'string') {
      const read = readText(input);
      return 'errors' in read ? { ok: false, errors: read.errors } : validate(read.value, opts, validator);
    }
    const scan = scanJsonValue(input);
    return scan.length > 0 ? { ok: false, errors: scan } : validate(input, opts, validator);
  } catch (err) {
    // A getter or proxy in a caller-built object can throw; that is bad input, not a crash.
    return { ok: false, errors: [`document could not be read: ${printable(err instanceof Error ? err.message : String(err))}`] };
  }
}
