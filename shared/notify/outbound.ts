/**
 * Outbound safety for webhook URLs (docs/reliability.md, promise 8): https only, and
 * every address the host resolves to is vetted before a socket opens; the caller then connects to the vetted addresses.
 *
 * Policy. Always refused, whatever the options: the metadata service 100.100.100.200 and the rest of the shared range
 * 100.64.0.0/10 (Alibaba Cloud internal endpoints), link-local 169.254.0.0/16 and fe80::/10 (metadata on every cloud),
 * unspecified (0.0.0.0/8, ::), multicast and reserved ranges, IETF assignments (192.0.0.0/24), benchmarking
 * (198.18.0.0/15), site-local fec0::/10, local-use NAT64 64:ff9b:1::/48, discard-only 100::/64 and Teredo 2001::/32
 * (tunnels whose far end no rule here can judge): no alert needs them and some serve credentials.
 * Refused unless `allowPrivateNetwork`: loopback (127.0.0.0/8, ::1) and private networks (RFC 1918, fc00::/7), which
 * a relay inside the VPC may legitimately use and tests use. IPv4 embedded in IPv6 (mapped ::ffff:a.b.c.d, SIIT,
 * compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged as the IPv4 address it carries.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { cidrContainsIp, isCidr, parseCidr, type Cidr } from '../net/cidr';

export interface OutboundPolicy {
  allowHttp?: boolean;
  allowPrivateNetwork?: boolean;
}

export interface VettedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (dns.lookup with `all: true` by default; tests pass a stub). */
export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Every address the host resolves to, all vetted, in the resolver's order: a connection tries each in turn. */
export type Vetting = { addresses: VettedAddress[] } | { refused: string } | { dnsFailure: string; transient: boolean };

interface Rule {
  cidr: Cidr;
  what: string;
  /** Unlocked by allowPrivateNetwork. */
  privateNetwork: boolean;
}

// First match wins, so the metadata service is named before the range that contains it.
const RULES: Rule[] = (
  [
    ['100.100.100.200/32', 'the Alibaba Cloud metadata service', false],
    ['100.64.0.0/10', 'in the shared range 100.64.0.0/10 (Alibaba Cloud internal services)', false],
    ['169.254.0.0/16', 'link-local (metadata services live there)', false],
    ['0.0.0.0/8', 'an unspecified address', false],
    ['224.0.0.0/4', 'multicast', false],
    ['240.0.0.0/4', 'reserved or broadcast', false],
    ['192.0.0.0/24', 'IETF protocol assignments (192.0.0.0/24)', false],
    ['198.18.0.0/15', 'the benchmarking range 198.18.0.0/15', false],
    ['127.0.0.0/8', 'loopback', true],
    ['10.0.0.0/8', 'a private (RFC 1918) address', true],
    ['172.16.0.0/12', 'a private (RFC 1918) address', true],
    ['192.168.0.0/16', 'a private (RFC 1918) address', true],
    ['::/128', 'the unspecified address', false],
    ['fe80::/10', 'link-local', false],
    ['fec0::/10', 'site-local (deprecated, routed as private)', false],
    ['64:ff9b:1::/48', 'local-use NAT64 (64:ff9b:1::/48), which reaches private IPv4 networks', false],
    ['100::/64', 'the discard-only range 100::/64', false],
    ['2001::/32', 'Teredo (2001::/32), which tunnels to an IPv4 address', false],
    ['ff00::/8', 'multicast', false],
    ['::1/128', 'loopback', true],
    ['fc00::/7', 'a unique local (private) address', true],
  ] as const
).map(([text, what, privateNetwork]) => {
  const cidr = parseCidr(text);
  if (!isCidr(cidr)) throw new Error(`bad built-in range ${text}`);
  return { cidr, what, privateNetwork };
});

/** How long one DNS lookup may take before the attempt counts as a temporary DNS failure. */
export const DNS_TIMEOUT_MS = 5000;

const systemResolveAll: ResolveAll = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** `resolveAll` bounded by `ms`: getaddrinfo has no timeout of its own and may block for the resolver's retries. */
function withTimeout(resolveAll: ResolveAll, hostname: string, ms: number): ReturnType<ResolveAll> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no DNS answer within ${ms} ms`), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([resolveAll(hostname), timeout]).finally(() => clearTimeout(timer));
}

// DNS answers that may succeed on a later attempt; NXDOMAIN and "no data" will not.
const TRANSIENT_DNS = new Set(['EAI_AGAIN', 'ETIMEOUT', 'ESERVFAIL', 'ECONNREFUSED', 'ECANCELLED']);

/** Parses a webhook URL and applies the scheme rules; the refusal names the host only (robot URLs carry tokens). */
export function checkOutboundUrl(raw: string, policy: OutboundPolicy): { url: URL } | { refused: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refused: 'the webhook URL is not a valid URL' };
  }
  if (url.protocol === 'http:' && !policy.allowHttp) return { refused: `plain http to ${url.host} is refused: https only unless allowHttp is set` };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refused: `scheme ${url.protocol} to ${url.host} is refused: https only` };
  if (url.username || url.password) return { refused: `credentials in the URL for ${url.host} are refused` };
  return { url };
}

/** Why the address must not be contacted under the policy, or undefined when it may be. */
export function refusalFor(ip: string, policy: OutboundPolicy): string | undefined {
  const family = isIP(ip);
  if (family === 0 || ip.includes('%')) return 'not a plain IP address';
  if (family === 6) {
    const bytes = ipaddr.IPv6.parse(ip).toByteArray();
    const v4 = embeddedIPv4(bytes);
    if (v4) {
      const inner = refusalFor(v4, policy);
      if (inner) return `${inner} (IPv4 ${v4} inside IPv6)`;
    }
    return ruleRefusal(ipaddr.fromByteArray(bytes).toString(), policy);
  }
  return ruleRefusal(ip, policy);
}

/**
 * Resolves the URL's host and vets every address it resolves to (one bad record refuses the host: an attacker
 * controls the order). Returns the addresses to connect to, so the request cannot be re-resolved elsewhere.
 */
export async function vetDestination(url: URL, policy: OutboundPolicy, resolveAll: ResolveAll = systemResolveAll, dnsTimeoutMs = DNS_TIMEOUT_MS): Promise<Vetting> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    const why = refusalFor(host, policy);
    return why ? { refused: `${host} is ${why}` } : { addresses: [{ address: host, family: isIP(host) === 6 ? 6 : 4 }] };
  }
  let records: { address: string; family: number }[];
  try {
    records = await withTimeout(resolveAll, host, dnsTimeoutMs);
  } catch (e) {
    const code = String((e as NodeJS.ErrnoException).code ?? 'ERROR');
    return { dnsFailure: `${host} did not resolve (${code})`, transient: TRANSIENT_DNS.has(code) };
  }
  if (records.length === 0) return { dnsFailure: `${host} resolved to no address`, transient: false };
  for (const r of records) {
    const why = refusalFor(r.address, policy);
    if (why) return { refused: `${host} resolves to ${r.address}, which is ${why}` };
  }
  // All of them, deduplicated: when the first address does not answer, the next one may.
  const unique = [...new Set(records.map((r) => r.address))];
  return { addresses: unique.map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 })) };
}

function ruleRefusal(ip: string, policy: OutboundPolicy): string | undefined {
  const rule = RULES.find((r) => cidrContainsIp(r.cidr, ip));
  if (!rule) return undefined;
  if (rule.privateNetwork) return policy.allowPrivateNetwork ? undefined : `${rule.what}, refused unless allowPrivateNetwork is set`;
  return `${rule.what}, never a webhook destination`;
}

// The IPv4 address an IPv6 address carries, for the forms that reach it: mapped, SIIT, compatible, NAT64, 6to4.
function embeddedIPv4(b: number[]): string | undefined {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number) => b.slice(at, at + 4).join('.');
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
  if (zeros(0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(10, 12)) return v4(12);
  if (zeros(0, 12) && !zeros(12, 15)) return v4(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return undefined;
}
