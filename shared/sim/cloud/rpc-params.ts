/** The parameters of one RPC request (query string or form body) and the validation the actions share. */
import { invalidParameter, missingParameter, type CloudError } from './errors';

/** Parameters every signed RPC request carries; they are not filters of the query. */
const COMMON_PARAMS = new Set(['AccessKeyId', 'Action', 'Format', 'SecurityToken', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'SignatureType', 'Timestamp', 'Version']);

interface IntRule {
  default: number;
  min: number;
  max: number;
}

/** Read access to RPC parameters with the API's error answers for missing and malformed values. */
export class RpcParams {
  constructor(readonly values: ReadonlyMap<string, string>) {}

  /** The value, or undefined when absent or empty (pop-core sends `X=` for an empty string). */
  get(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined || v === '' ? undefined : v;
  }

  /** The value, or a MissingParameter error. */
  required(name: string): string {
    const v = this.get(name);
    if (v === undefined) throw missingParameter(name);
    return v;
  }

  /** An integer parameter in [min, max]; anything else is InvalidParameter. */
  int(name: string, rule: IntRule): number {
    const v = this.get(name);
    if (v === undefined) return rule.default;
    if (!/^-?\d+$/.test(v)) throw invalidParameter(name);
    const n = Number(v);
    if (n < rule.min || n > rule.max) throw invalidParameter(name);
    return n;
  }

  /** A boolean parameter (`true`/`false`), undefined when absent. */
  bool(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw invalidParameter(name);
    return v === 'true';
  }

  /** A parameter holding a JSON array of strings (ECS `InstanceIds`), at most `max` long. */
  jsonStrings(name: string, max: number, malformed: () => CloudError): string[] | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      throw malformed();
    }
    if (!Array.isArray(parsed) || parsed.length > max || !parsed.every((x) => typeof x === 'string')) throw malformed();
    return parsed as string[];
  }

  /** Identifies the query apart from its paging parameters: a NextToken is valid only within one scope. */
  scope(action: string, pagingParams: readonly string[]): string {
    const filters = [...this.values.entries()].filter(([k]) => !COMMON_PARAMS.has(k) && !pagingParams.includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `${action}?${filters.map(([k, v]) => `${k}=${v}`).join('&')}`;
  }
}
