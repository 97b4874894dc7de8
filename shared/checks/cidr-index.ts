/**
 * CIDR-keyed items (route entries, node pod CIDRs) parsed once and indexed, so each lookup costs
 * O(prefix length + log n) instead of a scan (5,000 nodes × 5,000 entries would be 25 million comparisons).
 */
import { bigintToV4, isCidr, parseCidr, type Cidr } from '../net/cidr';

export interface Indexed<T> {
  item: T;
  cidr: Cidr;
}

function maskedText(c: Cidr, prefix: number): string {
  const bits = BigInt((c.family === 4 ? 32 : 128) - prefix);
  const base = (c.base >> bits) << bits;
  if (c.family === 4) return `${bigintToV4(base)}/${prefix}`;
  const parsed = parseCidr(`${v6(base)}/${prefix}`);
  return isCidr(parsed) ? parsed.text : '';
}

function v6(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

/** An index of items by CIDR; items whose CIDR does not parse are left out. */
export class CidrIndex<T> {
  private readonly byText = new Map<string, Indexed<T>[]>();
  private readonly sorted: Indexed<T>[];

  constructor(items: readonly T[], cidrOf: (item: T) => string | Cidr) {
    const parsed: Indexed<T>[] = [];
    for (const item of items) {
      const raw = cidrOf(item);
      const cidr = typeof raw === 'string' ? parseCidr(raw) : raw;
      if (!isCidr(cidr)) continue;
      const entry = { item, cidr };
      parsed.push(entry);
      const list = this.byText.get(cidr.text);
      if (list) list.push(entry);
      else this.byText.set(cidr.text, [entry]);
    }
    this.sorted = parsed.sort((a, b) => a.cidr.family - b.cidr.family || (a.cidr.base < b.cidr.base ? -1 : a.cidr.base > b.cidr.base ? 1 : 0));
  }

  /** Items whose CIDR is exactly this one (canonical comparison). */
  exact(c: Cidr): Indexed<T>[] {
    return this.byText.get(c.text) ?? [];
  }

  /** Items that overlap this CIDR without being equal to it: those containing it and those inside it. */
  overlapping(c: Cidr): Indexed<T>[] {
    const out: Indexed<T>[] = [];
    for (let q = 0; q < c.prefix; q++) out.push(...(this.byText.get(maskedText(c, q)) ?? []));
    const size = 1n << BigInt((c.family === 4 ? 32 : 128) - c.prefix);
    const end = c.base + size;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.sorted[mid].cidr;
      if (m.family < c.family || (m.family === c.family && m.base < c.base)) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length; i++) {
      const p = this.sorted[i];
      if (p.cidr.family !== c.family || p.cidr.base >= end) break;
      if (p.cidr.prefix > c.prefix) out.push(p);
    }
    return out;
  }

  /** Every indexed item, by family and address. */
  all(): Indexed<T>[] {
    return this.sorted;
  }
}
