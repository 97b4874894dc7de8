/**
 * CIDR arithmetic for the route checks: parsing as the CCM does, canonical form, containment and overlap. IPv4 is
 * held in plain numbers (a node route check parses and compares thousands); only IPv6 needs bigints.
 */
import ipaddr from 'ipaddr.js';

/** An IPv4 network: the address as an unsigned 32-bit number, so parsing, masking and sorting stay in plain numbers. */
export interface Cidr4 {
  /** Canonical text, network address and prefix (`172.16.1.0/24`). */
  text: string;
  family: 4;
  prefix: number;
  /** The network address, 0 … 2^32 − 1. */
  base: number;
}

/** An IPv6 network; its 128-bit address needs a bigint. */
export interface Cidr6 {
  /** Canonical text (`fd00::/64`). */
  text: string;
  family: 6;
  prefix: number;
  base: bigint;
}

export type Cidr = Cidr4 | Cidr6;

const V4_PART = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const STRICT_V4 = new RegExp(`^${V4_PART}(\\.${V4_PART}){3}$`);

function toBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** The IPv4 netmask of a prefix length as an unsigned 32-bit number (`/24` → 0xffffff00). */
export function v4Mask(prefix: number): number {
  // `<< 32` would shift by 0 in JavaScript, hence the explicit /0.
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Dotted-quad text of an IPv4 address held as an unsigned 32-bit number. */
export function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The IPv4 network `base/prefix` (host bits cleared). */
export function cidr4(address: number, prefix: number): Cidr4 {
  const base = (address & v4Mask(prefix)) >>> 0;
  return { text: `${v4Text(base)}/${prefix}`, family: 4, prefix, base };
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
  return plainV4(text) ?? parseAny(text);
}

const DOT = 0x2e;
const SLASH = 0x2f;
const ZERO = 0x30;

/**
 * The common case without a regex: `a.b.c.d/p`, octets without leading zeros up to 255, a prefix up to 32 without
 * a leading zero. Undefined for anything else, which parseAny then judges (and words the error for).
 */
function plainV4(text: string): Cidr4 | undefined {
  let address = 0;
  let i = 0;
  for (let octet = 0; octet < 4; octet++) {
    const start = i;
    let value = 0;
    while (i < text.length && i - start < 3) {
      const c = text.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0 || value > 255 || (digits > 1 && text.charCodeAt(start) === ZERO)) return undefined;
    if (text.charCodeAt(i++) !== (octet < 3 ? DOT : SLASH)) return undefined;
    address = address * 256 + value;
  }
  const start = i;
  let prefix = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return undefined;
    prefix = prefix * 10 + c;
  }
  const digits = i - start;
  if (digits === 0 || digits > 2 || prefix > 32 || (digits > 1 && text.charCodeAt(start) === ZERO)) return undefined;
  // Canonical already when no host bit is set: the text is kept rather than built again.
  return (address & v4Mask(prefix)) >>> 0 === address ? { text, family: 4, prefix, base: address } : cidr4(address, prefix);
}

function parseAny(text: string): Cidr | { error: string } {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim() === text ? text : '');
  if (!m) return { error: `"${text}" is not a CIDR` };
  const [, addr, p] = m;
  const prefix = Number(p);
  if (STRICT_V4.test(addr)) {
    if (prefix > 32) return { error: `"${text}": prefix /${prefix} is out of range for IPv4` };
    const [a, b, c, d] = addr.split('.');
    return cidr4(((Number(a) << 24) | (Number(b) << 16) | (Number(c) << 8) | Number(d)) >>> 0, prefix);
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
  if (outer.prefix > inner.prefix) return false;
  if (outer.family === 4) return inner.family === 4 && (inner.base & v4Mask(outer.prefix)) >>> 0 === outer.base;
  if (inner.family !== 6) return false;
  const bits = BigInt(128 - outer.prefix);
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
