/** JSON output that can carry integer literals wider than a double, as the real APIs write account IDs. */

/** An integer written into JSON as its exact digits (pop-core's json-bigint reads >15 digits as a BigNumber). */
export class RawInteger {
  constructor(readonly digits: string) {
    if (!/^-?\d+$/.test(digits)) throw new TypeError(`not an integer literal: ${digits}`);
  }
}

/** A JSON object as the simulator builds it. */
export type JsonObject = Record<string, unknown>;

/** Serialises like JSON.stringify, except that RawInteger values are written as bare number literals. */
export function toJson(value: unknown): string {
  if (value instanceof RawInteger) return value.digits;
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
