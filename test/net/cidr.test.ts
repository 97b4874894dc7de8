import fc from 'fast-check';
import { cidrContains, cidrOverlaps, isCidr, parseCidr, type Cidr } from '../../shared/net/cidr';
import { CidrIndex } from '../../shared/checks/cidr-index';

function parsed(text: string): Cidr {
  const c = parseCidr(text);
  if (!isCidr(c)) throw new Error(c.error);
  return c;
}

describe('parseCidr (as Go net.ParseCIDR, the CCM parser)', () => {
  it.each([
    ['172.16.1.0/24', '172.16.1.0/24'],
    ['172.16.1.5/24', '172.16.1.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['10.0.0.1/32', '10.0.0.1/32'],
    ['fd00:0:0:0::1/64', 'fd00::/64'],
    ['2001:DB8::/32', '2001:db8::/32'],
  ])('canonicalises %s to %s', (input, canonical) => {
    expect(parsed(input).text).toBe(canonical);
  });

  it.each(['010.0.0.0/8', '172.16.1.0/33', '172.16.1.0', '', ' 172.16.1.0/24', '256.0.0.0/8', '1.2.3/24', 'fd00::/129', 'fe80::1%eth0/64', 'abc/24'])('rejects %j with a reason', (input) => {
    const c = parseCidr(input);
    expect(isCidr(c)).toBe(false);
    expect((c as { error: string }).error).toMatch(/CIDR|range|IPv4/);
  });
});

describe('parseCidr on IPv4 texts, against the regular-expression reading it had before its fast path', () => {
  // The reading of Go's net.ParseCIDR as written before the hand-rolled scanner: the scanner must agree on every text.
  const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
  const reference = (text: string): { text: string; base: number; prefix: number } | 'error' => {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim() === text ? text : '');
    if (!m || !new RegExp(`^${OCTET}(\\.${OCTET}){3}$`).test(m[1]) || Number(m[2]) > 32) return 'error';
    const prefix = Number(m[2]);
    const n = m[1].split('.').reduce((a, o) => a * 256 + Number(o), 0);
    const base = n - (prefix === 32 ? 0 : n % 2 ** (32 - prefix));
    return { text: `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.')}/${prefix}`, base, prefix };
  };
  const agrees = (text: string) => {
    const c = parseCidr(text);
    const r = reference(text);
    expect(isCidr(c) ? { text: c.text, base: c.base, prefix: c.prefix } : 'error').toEqual(r);
  };

  it('agrees on dotted texts with leading zeros, wide octets and prefixes, spaces and stray characters', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('0', '00', '01', '007', '255', '256', '1000', '', ' 1', 'a'));
    const prefix = fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '00', '08', '024', '032', '100', '3 ', '-1'));
    fc.assert(
      fc.property(fc.array(part, { minLength: 3, maxLength: 5 }), prefix, fc.constantFrom('', ' ', '/', '.'), (parts, p, tail) => agrees(`${parts.join('.')}/${p}${tail}`)),
      {
        numRuns: 3000,
      },
    );
    for (const t of ['1.2.3.4/32', '255.255.255.255/0', '10.1.2.3/8', '10.0.0.0/8', '0.0.0.0/0', '1.2.3.4//8', '1.2.3.4/8/8', '1.2.3.4.5/8', '1..3.4/8', '1.2.3.4/']) agrees(t);
  });
});

const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([n, p]) => `${[24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')}/${p}`);
const v6 = fc.tuple(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 128 })).map(([g, p]) => `${g.map((x) => x.toString(16)).join(':')}/${p}`);
const anyCidr = fc.oneof(v4, v6);

function range(c: Cidr): [bigint, bigint] {
  const bits = BigInt((c.family === 4 ? 32 : 128) - c.prefix);
  const base = BigInt(c.base);
  return [base, base + (1n << bits) - 1n];
}

describe('CIDR properties', () => {
  it('canonical form is a fixed point', () => {
    fc.assert(fc.property(anyCidr, (t) => parsed(parsed(t).text).text === parsed(t).text));
  });
  it('containment agrees with bigint range arithmetic', () => {
    fc.assert(
      fc.property(anyCidr, anyCidr, (a, b) => {
        const [x, y] = [parsed(a), parsed(b)];
        const [xl, xh] = range(x);
        const [yl, yh] = range(y);
        const expected = x.family === y.family && xl <= yl && yh <= xh;
        return cidrContains(x, y) === expected;
      }),
    );
  });
  it('overlap is symmetric and matches range intersection', () => {
    fc.assert(
      fc.property(anyCidr, anyCidr, (a, b) => {
        const [x, y] = [parsed(a), parsed(b)];
        const [xl, xh] = range(x);
        const [yl, yh] = range(y);
        const expected = x.family === y.family && xl <= yh && yl <= xh;
        return cidrOverlaps(x, y) === expected && cidrOverlaps(y, x) === expected;
      }),
    );
  });
  it('IPv4 and IPv6 never contain each other', () => {
    fc.assert(fc.property(v4, v6, (a, b) => !cidrOverlaps(parsed(a), parsed(b))));
  });
});

describe('CidrIndex', () => {
  it('finds exactly what a scan finds: equal CIDRs, and overlapping ones apart from equal', () => {
    fc.assert(
      fc.property(fc.array(anyCidr, { maxLength: 40 }), anyCidr, (items, probe) => {
        const index = new CidrIndex(items, (t) => t);
        const p = parsed(probe);
        const scanExact = items.filter((t) => parsed(t).text === p.text).sort();
        const scanOverlap = items.filter((t) => parsed(t).text !== p.text && cidrOverlaps(parsed(t), p)).sort();
        expect(
          index
            .exact(p)
            .map((x) => x.item)
            .sort(),
        ).toEqual(scanExact);
        expect(
          index
            .overlapping(p)
            .map((x) => x.item)
            .sort(),
        ).toEqual(scanOverlap);
      }),
    );
  });
  it('finds overlaps among nearby IPv4 CIDRs (dense cases)', () => {
    const near = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 })).map(([n, p]) => `10.0.${n}.${n % 7}/${p}`);
    fc.assert(
      fc.property(fc.array(near, { maxLength: 60 }), near, (items, probe) => {
        const index = new CidrIndex(items, (t) => t);
        const p = parsed(probe);
        const scan = items.filter((t) => parsed(t).text !== p.text && cidrOverlaps(parsed(t), p)).sort();
        expect(
          index
            .overlapping(p)
            .map((x) => x.item)
            .sort(),
        ).toEqual(scan);
      }),
    );
  });
});
