/** CIDR arithmetic for the route checks: parsing as the CCM does, canonical form, containment and overlap. */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  /** Canonical text, network address and prefix (`172.16.1.0/24`, `fd00::/64`). */
  text: string;
  family: 4 | 6;
  prefix: number;
  /** The network address as a bigint, for containment arithmetic. */
  base: bigint;
}

const V4_PART = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const STRICT_V4 = new RegExp(`^${V4_PART}(\\.${V4_PART}){3}$`);

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** True when the text is an address and a prefix length in range (host bits may be set). */
export function isCidrSyntax(text: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) return false;
  const prefix = Number(m[2]);
  if (/^[0-9.]+$/.test(m[1])) return /^\d{1,3}(\.\d{1,3}){3}$/.test(m[1]) && m[1].split('.').every((p) => Number(p) <= 255) && prefix <= 32;
  return ipaddr.IPv6.isValid(m[1]) && prefix <= 128;
}

/**
 * Parses a CIDR the way Go's net.ParseCIDR does (the CCM's parser): rejects leading zeros and out-of-range
 * prefixes, and returns the canonical network (host bits cleared). Returns an error string instead of throwing.
 */
export function parseCidr(text: string): Cidr | { error: string } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim() === text ? text : '');
  if (!m) return { error: `"${text}" is not a CIDR` };
  const [, addr, p] = m;
  const prefix = Number(p);
  if (STRICT_V4.test(addr)) {
    if (prefix > 32) return { error: `"${text}": prefix /${prefix} is out of range for IPv4` };
    const bytes = ipaddr.IPv4.parse(addr).toByteArray();
    const mask = prefix === 0 ? 0n : ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - prefix)) - 1n);
    const base = toBigInt(bytes) & mask;
    return { text: `${bigintToV4(base)}/${prefix}`, family: 4, prefix, base };
  }
  if (/^[0-9.]+$/.test(addr)) return { error: `"${text}" is not a valid IPv4 CIDR (leading zeros or bad octet)` };
  if (!ipaddr.IPv6.isValid(addr) || addr.includes('%')) return { error: `"${text}" is not a CIDR` };
  if (prefix > 128) return { error: `"${text}": prefix /${prefix} is out of range for IPv6` };
  const v6 = ipaddr.IPv6.parse(addr);
  const full = (1n << 128n) - 1n;
  const mask = prefix === 0 ? 0n : full ^ ((1n << BigInt(128 - prefix)) - 1n);
  const base = toBigInt(v6.toByteArray()) & mask;
  return { text: `${bigintToV6(base)}/${prefix}`, family: 6, prefix, base };
}

/** Dotted-quad text of an IPv4 address held as a bigint. */
export function bigintToV4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String(Number((v >> s) & 255n))).join('.');
}

function bigintToV6(v: bigint): string {
  const bytes: number[] = [];
  for (let s = 120n; s >= 0n; s -= 8n) bytes.push(Number((v >> s) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

/** True when the value is a parsed CIDR rather than a parse error. */
export function isCidr(v: Cidr | { error: string }): v is Cidr {
  return (v as Cidr).text !== undefined;
}

/** True when `outer` contains every address of `inner` (same family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const bits = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return outer.base >> bits === inner.base >> bits;
}

/** True when the two CIDRs share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** True when the address (v4 or v6 text) lies inside the CIDR. */
export function cidrContainsIp(cidr: Cidr, ip: string): boolean {
  const host = parseCidr(`${ip}/${ip.includes(':') ? 128 : 32}`);
  return isCidr(host) && cidrContains(cidr, host);
}
