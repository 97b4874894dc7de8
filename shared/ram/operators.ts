/**
 * What each RAM condition operator means (shared/ram/README.md), as data: the value family it compares and the
 * positive test it negates. How several values, keys and operators combine lives in conditions.ts.
 */
import { isCidr, parseCidr, cidrContains, type Cidr } from '../net/cidr';
import type { Scalar } from './model';
import { wildcardMatch } from './wildcard';

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'IpAddress',
  'NotIpAddress',
] as const;

export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];

export type ValueFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'IpAddress';

/** A context value the operator cannot compare (e.g. `acs:SourceIp` = "somewhere"): the condition is undecidable. */
export interface Unusable {
  unusable: string;
}

export interface OperatorSpec {
  family: ValueFamily;
  /** Negated operators are the NOT of a positive test; conditions.ts decides how NOT meets several values. */
  negated: boolean;
  /** The positive test of one context value against one policy value (policy values were validated at parse). */
  test(contextValue: Scalar, policyValue: Scalar): boolean | Unusable;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads a number written as a JSON number or a decimal string ("10", "-2.5"); undefined otherwise. */
function toNumber(v: Scalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  return typeof v === 'string' && NUMBER.test(v) ? Number(v) : undefined;
}

/**
 * Reads an ISO 8601 date or date-time (`2012-11-11`, `2012-11-11T23:59:59Z`, with offset or fraction) as epoch
 * milliseconds. A date-time without offset is taken as UTC (never the machine's zone, so results do not depend on
 * where the auditor runs). Impossible dates (Feb 30, hour 24) are rejected rather than rolled over.
 */
export function toDateMs(v: Scalar): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = DATE.exec(v);
  if (!m) return undefined;
  const nums = m.slice(1, 7).map((x) => Number(x ?? '0'));
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const utc = Date.UTC(nums[0], nums[1] - 1, nums[2], nums[3], nums[4], nums[5]);
  const check = new Date(utc);
  const valid =
    check.getUTCFullYear() === nums[0] &&
    check.getUTCMonth() === nums[1] - 1 &&
    check.getUTCDate() === nums[2] &&
    check.getUTCHours() === nums[3] &&
    check.getUTCMinutes() === nums[4] &&
    check.getUTCSeconds() === nums[5];
  if (!valid) return undefined;
  let offsetMin = 0;
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return undefined;
    offsetMin = (digits[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return utc + fraction - offsetMin * 60_000;
}

/** Reads `true`/`false` as JSON booleans or lower-case strings (RAM quotes them); undefined otherwise. */
function toBool(v: Scalar): boolean | undefined {
  if (typeof v === 'boolean') return v;
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Reads an IP address (as a /32 or /128) or a CIDR, with the CCM's strict parser (no leading zeros). */
export function toCidr(v: Scalar): Cidr | undefined {
  if (typeof v !== 'string') return undefined;
  const c = parseCidr(v.includes('/') ? v : `${v}/${v.includes(':') ? 128 : 32}`);
  return isCidr(c) ? c : undefined;
}

function unusable(v: Scalar, what: string): Unusable {
  return { unusable: `context value ${JSON.stringify(v)} is not ${what}` };
}

function numeric(cmp: (a: number, b: number) => boolean): OperatorSpec['test'] {
  return (c, p) => {
    const a = toNumber(c);
    const b = toNumber(p);
    return a === undefined || b === undefined ? unusable(c, 'a number') : cmp(a, b);
  };
}

function date(cmp: (a: number, b: number) => boolean): OperatorSpec['test'] {
  return (c, p) => {
    const a = toDateMs(c);
    const b = toDateMs(p);
    return a === undefined || b === undefined ? unusable(c, 'an ISO 8601 date') : cmp(a, b);
  };
}

const equals: OperatorSpec['test'] = (c, p) => String(c) === String(p);
const equalsIgnoreCase: OperatorSpec['test'] = (c, p) => String(c).toLowerCase() === String(p).toLowerCase();
const like: OperatorSpec['test'] = (c, p) => wildcardMatch(String(p), String(c));
const bool: OperatorSpec['test'] = (c, p) => {
  const a = toBool(c);
  return a === undefined ? unusable(c, 'true or false') : a === toBool(p);
};
const inCidr: OperatorSpec['test'] = (c, p) => {
  const host = typeof c === 'string' && !c.includes('/') ? toCidr(c) : undefined;
  const net = toCidr(p);
  return host === undefined || net === undefined ? unusable(c, 'an IP address') : cidrContains(net, host);
};

// Comparisons read "context <op> policy value": NumericLessThan holds when the request's value is smaller.
export const OPERATORS: Readonly<Record<ConditionOperatorName, OperatorSpec>> = {
  StringEquals: { family: 'String', negated: false, test: equals },
  StringNotEquals: { family: 'String', negated: true, test: equals },
  StringEqualsIgnoreCase: { family: 'String', negated: false, test: equalsIgnoreCase },
  StringNotEqualsIgnoreCase: { family: 'String', negated: true, test: equalsIgnoreCase },
  StringLike: { family: 'String', negated: false, test: like },
  StringNotLike: { family: 'String', negated: true, test: like },
  NumericEquals: { family: 'Numeric', negated: false, test: numeric((a, b) => a === b) },
  NumericNotEquals: { family: 'Numeric', negated: true, test: numeric((a, b) => a === b) },
  NumericLessThan: { family: 'Numeric', negated: false, test: numeric((a, b) => a < b) },
  NumericLessThanEquals: { family: 'Numeric', negated: false, test: numeric((a, b) => a <= b) },
  NumericGreaterThan: { family: 'Numeric', negated: false, test: numeric((a, b) => a > b) },
  NumericGreaterThanEquals: { family: 'Numeric', negated: false, test: numeric((a, b) => a >= b) },
  DateEquals: { family: 'Date', negated: false, test: date((a, b) => a === b) },
  DateNotEquals: { family: 'Date', negated: true, test: date((a, b) => a === b) },
  DateLessThan: { family: 'Date', negated: false, test: date((a, b) => a < b) },
  DateLessThanEquals: { family: 'Date', negated: false, test: date((a, b) => a <= b) },
  DateGreaterThan: { family: 'Date', negated: false, test: date((a, b) => a > b) },
  DateGreaterThanEquals: { family: 'Date', negated: false, test: date((a, b) => a >= b) },
  Bool: { family: 'Bool', negated: false, test: bool },
  IpAddress: { family: 'IpAddress', negated: false, test: inCidr },
  NotIpAddress: { family: 'IpAddress', negated: true, test: inCidr },
};

/** True when the name is one of the 21 operators RAM documents (case-sensitive, as RAM's operators are). */
export function isConditionOperator(name: string): name is ConditionOperatorName {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name);
}
