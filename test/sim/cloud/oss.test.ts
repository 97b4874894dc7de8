/**
 * The OSS simulator against the real ali-oss client: the real endpoint name with the simulator's port and a lookup
 * pinned to 127.0.0.1, V1 and V4 signatures with an STS token, presigned URLs opened by plain HTTP GET, XML errors.
 */
import { get as httpGet } from 'node:http';
import OSS = require('ali-oss');
import { OssBuckets, startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import { pinnedAgent, pinnedLookup, simOssEndpoint } from '../../../shared/sim/oss-lookup';
import { seedScenario } from './support';

const BUCKET = 'ack-drift-reports';
const STS = { accessKeyId: 'STS.NUossTestKey', accessKeySecret: 'oss-test-secret', securityToken: 'CAISossTestToken' };
let sim: CloudSimulator;
let offsetMs = 0;
const agent = pinnedAgent({ keepAlive: false });

function client(over: Partial<OSS.Options> = {}): OSS {
  return new OSS({
    region: 'oss-cn-hangzhou',
    endpoint: simOssEndpoint(sim.url, 'cn-hangzhou'),
    bucket: BUCKET,
    accessKeyId: STS.accessKeyId,
    accessKeySecret: STS.accessKeySecret,
    stsToken: STS.securityToken,
    refreshSTSToken: async () => ({ accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, stsToken: STS.securityToken }),
    refreshSTSTokenInterval: 3_600_000,
    agent,
    timeout: 5000,
    ...over,
  });
}

/** A plain HTTP GET through the pinned lookup (what a browser does with a link). */
function open(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { lookup: pinnedLookup }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

async function failure(p: Promise<unknown>): Promise<{ status?: number; code?: string; requestId?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { status?: number; code?: string; requestId?: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  const scenario = seedScenario();
  scenario.auditor = { ...scenario.auditor, ...STS };
  scenario.faults = [{ target: 'cloud', match: { action: 'GetObject', path: '/faulty.json' }, effect: { status: 503, code: 'ServiceUnavailable' } }];
  sim = await startCloudSimulator(scenario, { oss: new OssBuckets({ [BUCKET]: 'cn-hangzhou' }), now: () => new Date(Date.now() + offsetMs) });
});
afterAll(() => sim?.close());

describe.each([
  ['V1', false],
  ['V4', true],
])('signature %s', (name, v4) => {
  const key = `runs/${name}/report.json`;

  it('puts, heads, gets, lists and deletes', async () => {
    const oss = client({ authorizationV4: v4 });
    await oss.put(key, Buffer.from('{"ok":true}'), { mime: 'application/json' });
    expect((await oss.head(key)).res.headers['content-length']).toBe('11');
    expect((await oss.get(key)).content.toString()).toBe('{"ok":true}');
    const listed = await oss.listV2({ prefix: `runs/${name}/`, 'max-keys': 10 });
    expect(listed.objects?.map((o) => o.name)).toEqual([key]);
    await oss.delete(key);
    expect(await failure(oss.get(key))).toMatchObject({ status: 404, code: 'NoSuchKey' });
  });

  it('refuses to overwrite with x-oss-forbid-overwrite: 409 FileAlreadyExists', async () => {
    const oss = client({ authorizationV4: v4 });
    const claim = `claims/${name}`;
    await oss.put(claim, Buffer.from('a'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
    expect(await failure(oss.put(claim, Buffer.from('b'), { headers: { 'x-oss-forbid-overwrite': 'true' } }))).toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await oss.get(claim)).content.toString()).toBe('a');
  });

  it('rejects a wrong secret, a missing token and another region, with OSS codes', async () => {
    expect(await failure(client({ authorizationV4: v4, accessKeySecret: 'wrong' }).get('x'))).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await failure(client({ authorizationV4: v4, stsToken: undefined, refreshSTSToken: undefined }).get('x'))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    const elsewhere = client({ authorizationV4: v4, region: 'oss-cn-shanghai', endpoint: simOssEndpoint(sim.url, 'cn-shanghai') });
    expect(await failure(elsewhere.get('x'))).toMatchObject({ status: 403, code: 'AccessDenied' });
  });
});

describe('lists', () => {
  it('pages with continuation tokens and folds common prefixes', async () => {
    const oss = client({ authorizationV4: true });
    for (const k of ['fleet/a/latest.json', 'fleet/a/2026/x.json', 'fleet/b/latest.json', 'fleet/c/latest.json', 'fleet/fleet.json']) await oss.put(k, Buffer.from(k));
    const first = await oss.listV2({ prefix: 'fleet/', delimiter: '/', 'max-keys': 2 });
    expect([...(first.objects ?? []).map((o) => o.name), ...(first.prefixes ?? [])]).toEqual(['fleet/a/', 'fleet/b/']);
    expect(first.isTruncated).toBe(true);
    const second = await oss.listV2({ prefix: 'fleet/', delimiter: '/', 'max-keys': 2, 'continuation-token': first.nextContinuationToken });
    expect([...(second.objects ?? []).map((o) => o.name), ...(second.prefixes ?? [])]).toEqual(['fleet/fleet.json', 'fleet/c/']);
    expect(second.isTruncated).toBe(false);
    expect(await failure(oss.listV2({ 'max-keys': 1001 }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});

describe('presigned URLs', () => {
  const key = 'links/report.html';

  beforeAll(async () => {
    offsetMs = 0;
    await client().put(key, Buffer.from('<html>report</html>'), { mime: 'text/html' });
  });
  afterEach(() => {
    offsetMs = 0;
  });

  it('V1 opens by plain GET before its expiry, and is refused after', async () => {
    const url = client().signatureUrl(key, { expires: 600 });
    expect(url).toMatch(/^http:\/\/ack-drift-reports\.oss-cn-hangzhou\.aliyuncs\.com:\d+\/links\/report\.html\?OSSAccessKeyId=/);
    expect(await open(url)).toEqual({ status: 200, body: '<html>report</html>' });
    offsetMs = 601_000;
    const late = await open(url);
    expect(late.status).toBe(403);
    expect(late.body).toMatch(/<Code>AccessDenied<\/Code>\s*<Message>Request has expired\.<\/Message>/);
  });

  it('V4 opens by plain GET before its expiry, and is refused after', async () => {
    const url = await client({ authorizationV4: true }).signatureUrlV4('GET', 600, undefined, key);
    expect(url).toContain('x-oss-signature-version=OSS4-HMAC-SHA256');
    expect(url).toContain('x-oss-security-token=');
    expect(await open(url)).toEqual({ status: 200, body: '<html>report</html>' });
    offsetMs = 601_000;
    expect((await open(url)).status).toBe(403);
  });

  it('a tampered link and an unsigned one are refused', async () => {
    const url = await client({ authorizationV4: true }).signatureUrlV4('GET', 600, undefined, key);
    expect((await open(url.replace('report.html', 'other.html'))).status).toBe(403);
    const bare = url.split('?')[0];
    expect(await open(bare)).toMatchObject({ status: 403, body: expect.stringContaining('<Code>AccessDenied</Code>') });
  });
});

describe('faults and denials', () => {
  it('a fault rule answers in OSS form', async () => {
    await client().put('faulty.json', Buffer.from('{}'));
    expect(await failure(client().get('faulty.json'))).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    expect(sim.calls['oss:GetObject']).toBeGreaterThan(0);
  });

  it('the pinned lookup refuses every name outside aliyuncs.com', async () => {
    await expect(open('http://example.com/')).rejects.toThrow(/ENOTFOUND/);
  });
});
