/** JSON output that can carry integer literals wider than a double, as the real APIs write account IDs. */

/** An integer written into JSON as its exact digits (pop-core's json-bigint reads >15 digits as a BigNumber). */
export class RawInteger {
  constructor(readonly digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new TypeError(`not an integer literal: ${digits}`);
  }
}

/** A JSON object as the simulator builds it. */
export type JsonObject = Record<string, unknown>;

/**
 * True when JSON.stringify writes the value exactly as toJson does: JSON primitives, and arrays and plain objects
 * of them, with no RawInteger, toJSON method, function or symbol anywhere inside.
 */
function plain(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object') return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !plain(value[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (Object.hasOwn(value, key) && (key === 'toJSON' || !plain((value as JsonObject)[key]))) return false;
  return true;
}

/** Serialises like JSON.stringify, except that RawInteger values are written as bare number literals. */
export function toJson(value: unknown): string {
  if (value instanceof RawInteger) return value.digits;
  // The simulator answers every request through here: native serialisation wherever no literal needs writing by hand.
  if (plain(value)) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A scenario record as a plain object, so that its unknown extra keys travel with it. */
export function recordOf(value: object): JsonObject {
  return { ...(value as JsonObject) };
}
