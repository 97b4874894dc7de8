/**
 * CIDR-keyed items (route entries, node pod CIDRs) parsed once and indexed, so each lookup costs
 * O(prefix lengths present + log n) instead of a scan (5,000 nodes × 5,000 entries would be 25 million
 * comparisons). IPv4 keys are numbers: no text is built or parsed to look a network up.
 */
import { isCidr, parseCidr, type Cidr, type Cidr4, type Cidr6 } from '../net/cidr';

export interface Indexed<T> {
  item: T;
  cidr: Cidr;
}

/**
 * The network number of an IPv4 network (its address without the host bits): below 2^prefix, so for every prefix up
 * to /30 a small integer V8 hashes without allocating, where `base × 64 + prefix` was a heap number per lookup.
 */
const v4Net = (base: number, prefix: number) => (prefix === 0 ? 0 : base >>> (32 - prefix));

/** What a lookup that finds nothing returns (never written to). */
const NONE: readonly never[] = Object.freeze([]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The first index in `sorted` whose CIDR's address is not below `base`. */
function lowerBound<B extends number | bigint>(sorted: readonly { cidr: { base: B } }[], base: B): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].cidr.base < base) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An index of items by CIDR; items whose CIDR does not parse are left out. */
export class CidrIndex<T> {
  /** By prefix length, then by network number. */
  private readonly v4 = new Map<number, Map<number, Indexed<T>[]>>();
  private readonly v6 = new Map<string, Indexed<T>[]>();
  /** The IPv4 prefix lengths held, ascending: a lookup masks only to these. */
  private readonly v4Prefixes: number[];
  private readonly v6Prefixes: number[];
  private readonly sorted4: (Indexed<T> & { cidr: Cidr4 })[] = [];
  private readonly sorted6: (Indexed<T> & { cidr: Cidr6 })[] = [];

  constructor(items: readonly T[], cidrOf: (item: T) => string | Cidr | { error: string }) {
    const prefixes4 = new Set<number>();
    const prefixes6 = new Set<number>();
    for (const item of items) {
      const raw = cidrOf(item);
      const cidr = typeof raw === 'string' ? parseCidr(raw) : raw;
      if (!isCidr(cidr)) continue;
      if (cidr.family === 4) {
        const entry = { item, cidr };
        let nets = this.v4.get(cidr.prefix);
        if (!nets) this.v4.set(cidr.prefix, (nets = new Map()));
        push(nets, v4Net(cidr.base, cidr.prefix), entry);
        prefixes4.add(cidr.prefix);
        this.sorted4.push(entry);
      } else {
        const entry = { item, cidr };
        push(this.v6, cidr.text, entry);
        prefixes6.add(cidr.prefix);
        this.sorted6.push(entry);
      }
    }
    this.v4Prefixes = [...prefixes4].sort((a, b) => a - b);
    this.v6Prefixes = [...prefixes6].sort((a, b) => a - b);
    this.sorted4.sort((a, b) => a.cidr.base - b.cidr.base);
    this.sorted6.sort((a, b) => (a.cidr.base < b.cidr.base ? -1 : a.cidr.base > b.cidr.base ? 1 : 0));
  }

  /** Items whose CIDR is exactly this one (canonical comparison). */
  exact(c: Cidr): readonly Indexed<T>[] {
    return (c.family === 4 ? this.v4.get(c.prefix)?.get(v4Net(c.base, c.prefix)) : this.v6.get(c.text)) ?? NONE;
  }

  /** Items that overlap this CIDR without being equal to it: those containing it and those inside it. */
  overlapping(c: Cidr): readonly Indexed<T>[] {
    return c.family === 4 ? this.overlapping4(c) : this.overlapping6(c);
  }

  // A route check looks up every node in every table and almost always finds nothing: no array is made for that.
  private overlapping4(c: Cidr4): readonly Indexed<T>[] {
    let out: Indexed<T>[] | undefined;
    for (const q of this.v4Prefixes) {
      if (q >= c.prefix) break;
      const found = this.v4.get(q)?.get(v4Net(c.base, q));
      if (found) (out ??= []).push(...found);
    }
    const end = c.base + 2 ** (32 - c.prefix);
    for (let i = lowerBound(this.sorted4, c.base); i < this.sorted4.length && this.sorted4[i].cidr.base < end; i++) {
      if (this.sorted4[i].cidr.prefix > c.prefix) (out ??= []).push(this.sorted4[i]);
    }
    return out ?? NONE;
  }

  private overlapping6(c: Cidr6): readonly Indexed<T>[] {
    const out: Indexed<T>[] = [];
    for (const q of this.v6Prefixes) {
      if (q >= c.prefix) break;
      const bits = BigInt(128 - q);
      const masked = parseCidr(`${v6Text((c.base >> bits) << bits)}/${q}`);
      const found = isCidr(masked) ? this.v6.get(masked.text) : undefined;
      if (found) out.push(...found);
    }
    const end = c.base + (1n << BigInt(128 - c.prefix));
    for (let i = lowerBound(this.sorted6, c.base); i < this.sorted6.length && this.sorted6[i].cidr.base < end; i++) {
      if (this.sorted6[i].cidr.prefix > c.prefix) out.push(this.sorted6[i]);
    }
    return out;
  }

  /** Every indexed item, IPv4 before IPv6, each by address. */
  all(): Indexed<T>[] {
    return [...this.sorted4, ...this.sorted6];
  }
}

/** Uncompressed IPv6 text of a 128-bit address, for parseCidr to canonicalise. */
function v6Text(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}
