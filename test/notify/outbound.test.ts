/**
 * Outbound safety: which addresses are refused (with and without allowPrivateNetwork), that a refusal opens no
 * socket, https-only, no redirects, DNS answers vetted once and pinned (rebinding), and SNI/Host kept on the pinned IP.
 * Only 127.0.0.1 is ever contacted; every other address is refused before a connection or stubbed at DNS.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { checkOutboundUrl, refusalFor, vetDestination, type ResolveAll } from '../../shared/notify/outbound';
import type { Report } from '../../shared/report/schema';
import { answers, bigReport, fastDeliver, startReceiver, type Receiver } from './support';

const report: Report = bigReport(3);
const open: Receiver[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  open.push(r);
  return r;
}

function options(extra: { allowHttp?: boolean; allowPrivateNetwork?: boolean; attempts?: number } = {}) {
  return { deliveryId: 'dlv-outbound-1', deadline: Date.now() + 10_000, ...extra };
}

describe('refusalFor', () => {
  const ALWAYS: [string, RegExp][] = [
    ['169.254.169.254', /link-local/],
    ['100.100.100.200', /metadata service/],
    ['100.64.1.1', /100\.64\.0\.0\/10/],
    ['100.127.255.254', /100\.64\.0\.0\/10/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['224.0.0.1', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::ffff:100.100.100.200', /metadata service.*inside IPv6/],
    ['::ffff:169.254.169.254', /link-local/],
    ['::ffff:0:6464:64c8', /metadata service/], // SIIT form of 100.100.100.200
    ['64:ff9b::6464:64c8', /metadata service/], // NAT64
    ['2002:a9fe:a9fe::1', /link-local/], // 6to4 of 169.254.169.254
    ['fe80::1%eth0', /not a plain IP/],
    // Issue #10 item 15: ranges the first vetting missed.
    ['64:ff9b:1::a00:1', /local-use NAT64/],
    ['fec0::1', /site-local/],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', /Teredo/],
    ['192.0.0.170', /192\.0\.0\.0\/24/],
    ['198.18.0.1', /benchmarking/],
    ['198.19.255.254', /benchmarking/],
    ['100::1', /discard-only/],
  ];
  const PRIVATE: [string, RegExp][] = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['::1', /loopback/],
    ['::ffff:127.0.0.1', /loopback.*inside IPv6/],
    ['::7f00:1', /loopback/], // IPv4-compatible form
    ['10.1.2.3', /RFC 1918/],
    ['172.20.0.1', /RFC 1918/],
    ['192.168.1.1', /RFC 1918/],
    ['fd00::1', /unique local/],
  ];

  it.each(ALWAYS)('%s is refused even with allowPrivateNetwork', (ip, why) => {
    expect(refusalFor(ip, {})).toMatch(why);
    expect(refusalFor(ip, { allowPrivateNetwork: true })).toMatch(why);
  });

  it.each(PRIVATE)('%s is refused unless allowPrivateNetwork', (ip, why) => {
    expect(refusalFor(ip, {})).toMatch(why);
    expect(refusalFor(ip, {})).toMatch(/allowPrivateNetwork/);
    expect(refusalFor(ip, { allowPrivateNetwork: true })).toBeUndefined();
  });

  it.each(['47.96.0.1', '8.8.8.8', '203.119.0.1', '2001:4860:4860::8888', '2408:4000::1'])('%s (public) is allowed', (ip) => {
    expect(refusalFor(ip, {})).toBeUndefined();
  });
});

describe('checkOutboundUrl', () => {
  it('https only unless allowHttp; names the host, never the path or query', () => {
    const http = checkOutboundUrl('http://hooks.example/robot/send?access_token=SECRET123', {});
    expect(http).toEqual({ refused: 'plain http to hooks.example is refused: https only unless allowHttp is set' });
    expect('url' in checkOutboundUrl('http://hooks.example/x', { allowHttp: true })).toBe(true);
    expect(checkOutboundUrl('ftp://hooks.example/SECRET123', { allowHttp: true })).toEqual({ refused: 'scheme ftp: to hooks.example is refused: https only' });
    expect(checkOutboundUrl('not a url SECRET123', {})).toEqual({ refused: 'the webhook URL is not a valid URL' });
    expect(checkOutboundUrl('https://user:SECRET123@hooks.example/', {})).toEqual({ refused: 'credentials in the URL for hooks.example are refused' });
  });
});

describe('delivery to refused destinations opens no socket', () => {
  it.each([
    ['https://169.254.169.254/latest/meta-data/ram/security-credentials/role', /link-local/],
    ['https://100.100.100.200/latest/meta-data/', /metadata service/],
    ['https://100.64.1.1/hook?key=SECRETKEY0001', /100\.64\.0\.0\/10/],
    ['https://[::ffff:100.100.100.200]/hook', /metadata service/],
    ['https://0.0.0.0/hook', /unspecified/],
  ])('%s, even with allowPrivateNetwork', async (url, why) => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const [res] = await fastDeliver().deliver(report, [{ kind: 'generic', name: 'meta', url }], options({ allowPrivateNetwork: true }));
    expect(res).toMatchObject({ target: 'meta', ok: false, attempts: 0 });
    expect(res.error).toMatch(why);
    expect(res.error).not.toContain('/latest');
    expect(res.error).not.toContain('SECRETKEY0001');
    expect(connect).not.toHaveBeenCalled();
  });

  it.each(['127.0.0.1', '[::1]', '[::ffff:127.0.0.1]', '2130706433'])('loopback %s without allowPrivateNetwork (the receiver sees no connection)', async (host) => {
    const r = await receiver(() => answers.generic());
    const port = new URL(r.origin).port;
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const [res] = await fastDeliver().deliver(report, [{ kind: 'generic', name: 'lo', url: `http://${host}:${port}/hook` }], options({ allowHttp: true }));
    expect(res).toMatchObject({ ok: false, attempts: 0 });
    expect(res.error).toMatch(/loopback, refused unless allowPrivateNetwork/);
    expect(connect).not.toHaveBeenCalled();
    expect(r.connections).toBe(0);
  });

  it('plain http without allowHttp, even to an allowed address', async () => {
    const r = await receiver(() => answers.generic());
    const [res] = await fastDeliver().deliver(report, [{ kind: 'slack', name: 's', url: `${r.origin}/services/T/B/SLACKTOKEN99` }], options({ allowPrivateNetwork: true }));
    expect(res).toMatchObject({ ok: false, attempts: 0 });
    expect(res.error).toMatch(/plain http to 127\.0\.0\.1:\d+ is refused/);
    expect(res.error).not.toContain('SLACKTOKEN99');
    expect(r.connections).toBe(0);
  });

  it('the same loopback receiver is reached once allowPrivateNetwork and allowHttp are set (the control)', async () => {
    const r = await receiver(() => answers.generic());
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const [res] = await fastDeliver().deliver(report, [{ kind: 'generic', name: 'lo', url: `${r.origin}/hook` }], options({ allowHttp: true, allowPrivateNetwork: true }));
    expect(res).toMatchObject({ ok: true, attempts: 1 });
    expect(connect).toHaveBeenCalled();
  });
});

describe('redirects', () => {
  it('a 302 is a failed delivery naming the status; the Location is never requested', async () => {
    const elsewhere = await receiver(() => answers.generic());
    const r = await receiver(() => ({ status: 302, headers: { location: `${elsewhere.origin}/latest/meta-data/` } }));
    const [res] = await fastDeliver().deliver(report, [{ kind: 'generic', name: 'g', url: `${r.origin}/hook` }], options({ allowHttp: true, allowPrivateNetwork: true, attempts: 3 }));
    expect(res).toMatchObject({ ok: false, attempts: 1 });
    expect(res.error).toContain('HTTP 302 redirect, not followed');
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe('DNS: every answer vetted, the vetted address pinned', () => {
  const stub = (answer: (n: number) => { address: string; family: number }[]) => {
    const calls: string[] = [];
    const resolveAll: ResolveAll = async (host) => {
      calls.push(host);
      return answer(calls.length);
    };
    return { resolveAll, calls };
  };

  it('one bad record refuses the host (an attacker orders the records)', async () => {
    const { resolveAll } = stub(() => [
      { address: '47.96.0.1', family: 4 },
      { address: '100.100.100.200', family: 4 },
    ]);
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const [res] = await fastDeliver({ resolveAll }).deliver(report, [{ kind: 'dingtalk', name: 'd', url: 'https://hooks.example.test/robot/send?access_token=TOKEN0123456789' }], options());
    expect(res).toMatchObject({ ok: false, attempts: 0 });
    expect(res.error).toBe('refused: hooks.example.test resolves to 100.100.100.200, which is the Alibaba Cloud metadata service, never a webhook destination');
    expect(connect).not.toHaveBeenCalled();
  });

  it('localhost resolving to loopback is refused without allowPrivateNetwork', async () => {
    const { resolveAll } = stub(() => [{ address: '::1', family: 6 }]);
    const [res] = await fastDeliver({ resolveAll }).deliver(report, [{ kind: 'wecom', name: 'w', url: 'https://localhost/cgi-bin/webhook/send?key=K' }], options());
    expect(res.error).toMatch(/localhost resolves to ::1, which is loopback/);
  });

  it('rebinding: retries reuse the first vetted address; Host keeps the name', async () => {
    const r = await receiver((_q, n) => (n < 3 ? { status: 503 } : answers.generic()));
    const port = new URL(r.origin).port;
    const { resolveAll, calls } = stub((n) => [{ address: n === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }]);
    const [res] = await fastDeliver({ resolveAll }).deliver(
      report,
      [{ kind: 'generic', name: 'g', url: `http://hooks.example.test:${port}/hook` }],
      options({ allowHttp: true, allowPrivateNetwork: true }),
    );
    expect(res).toMatchObject({ ok: true, attempts: 3 });
    expect(calls).toEqual(['hooks.example.test']);
    expect(r.requests.map((q) => q.headers.host)).toEqual(Array(3).fill(`hooks.example.test:${port}`));
  });

  it('every vetted record is tried: a first address that refuses the connection does not lose the alert', async () => {
    const r = await receiver(() => answers.generic());
    const port = new URL(r.origin).port;
    // 127.0.0.2 is loopback too, but nothing listens on it: the connection is refused there, then made to 127.0.0.1.
    const { resolveAll } = stub(() => [
      { address: '127.0.0.2', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]);
    const [res] = await fastDeliver({ resolveAll }).deliver(
      report,
      [{ kind: 'generic', name: 'g', url: `http://hooks.example.test:${port}/hook` }],
      options({ allowHttp: true, allowPrivateNetwork: true, attempts: 1 }),
    );
    expect(res).toMatchObject({ ok: true, attempts: 1 });
    expect(r.requests).toHaveLength(1);
  });

  it('a DNS lookup that never answers times out as a temporary failure', async () => {
    const never: ResolveAll = () => new Promise(() => {});
    const started = Date.now();
    const vetting = await vetDestination(new URL('https://slow.example.test/hook'), {}, never, 200);
    expect(vetting).toEqual({ dnsFailure: 'slow.example.test did not resolve (ETIMEOUT)', transient: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('NXDOMAIN is permanent; a temporary DNS failure is retried', async () => {
    const nx: ResolveAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const [gone] = await fastDeliver({ resolveAll: nx }).deliver(report, [{ kind: 'lark', name: 'l', url: 'https://nowhere.example.test/open-apis/bot/v2/hook/HOOK0123456789' }], options());
    expect(gone).toMatchObject({ ok: false, attempts: 1 });
    expect(gone.error).toBe('nowhere.example.test: nowhere.example.test did not resolve (ENOTFOUND) (permanent, not retried)');

    const r = await receiver(() => answers.lark());
    let n = 0;
    const flaky: ResolveAll = async () => {
      if (++n < 3) throw Object.assign(new Error('try again'), { code: 'EAI_AGAIN' });
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const port = new URL(r.origin).port;
    const [ok] = await fastDeliver({ resolveAll: flaky }).deliver(
      report,
      [{ kind: 'lark', name: 'l', url: `http://bot.example.test:${port}/hook` }],
      options({ allowHttp: true, allowPrivateNetwork: true }),
    );
    expect(ok).toMatchObject({ ok: true, attempts: 3 });
  });

  it('https to the pinned address sends the host name as SNI (TLS), and a failed handshake names no path', async () => {
    const seen: string[] = [];
    const server = tls.createServer({ SNICallback: (name, cb) => (seen.push(name), cb(new Error('no certificate here'))) });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { resolveAll } = stub(() => [{ address: '127.0.0.1', family: 4 }]);
      const [res] = await fastDeliver({ resolveAll }).deliver(
        report,
        [{ kind: 'slack', name: 's', url: `https://robot.example.test:${port}/services/T1/B1/SLACKSECRET0001` }],
        options({ allowPrivateNetwork: true, attempts: 1 }),
      );
      expect(seen).toEqual(['robot.example.test']);
      expect(res).toMatchObject({ ok: false, attempts: 1 });
      expect(res.error).toMatch(/^robot\.example\.test:\d+: network error ECONNRESET/);
      expect(res.error).not.toContain('SLACKSECRET0001');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
