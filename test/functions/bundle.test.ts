/**
 * The deployable bundles: `node scripts/build.js` writes <dist>/<fn>/index.js, one file (here into a directory of the
 * test's own, so that tests loading dist/ meanwhile are not disturbed); the audit bundle carries no fc2, and neither
 * bundle carries ali-oss as code: it is embedded as text, compiled only when an archive is configured; each
 * function's directory, copied alone as FC deploys it (s.yaml `code: ./dist/<fn>`), loads in a fresh Node process and
 * answers a real invocation against the simulators.
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import type { Scenario } from '../../shared/scenario/schema';
import { CANARY, fcContext, invokeEvent, leakedCanaries, startReceiver, stsSeedScenario, timerEvent, ROOT, type Receiver } from './support';

const run = promisify(execFile);

interface Metafile {
  inputs: Record<string, unknown>;
}

let dir: string;
const dist = () => join(dir, 'dist');
const meta = (fn: string) => JSON.parse(readFileSync(join(dist(), 'meta', `${fn}.json`), 'utf8')) as Metafile;

// Loads the handler from the bundle given in argv, invokes it with the event and context from the environment
// (an FC instance would), and writes the result, the files loaded, the embedded modules compiled (the filenames the
// bundle gives vm.compileFunction, recorded by a wrapper set before it loads) and the host names looked up to the
// file named in argv; logs go to stdout as on FC. With TEST_OFFLINE, a lookup of any name but localhost fails
// (ENOTFOUND), so a client aimed at a real endpoint gets no further than its own process.
const INVOKER = `
const vm = require('node:vm');
const compiled = [];
const compileFunction = vm.compileFunction;
vm.compileFunction = (code, params, options) => {
  compiled.push(options && options.filename);
  return compileFunction(code, params, options);
};
const dns = require('node:dns');
const lookups = [];
const lookup = dns.lookup;
dns.lookup = (host, options, callback) => {
  lookups.push(host);
  const cb = typeof options === 'function' ? options : callback;
  if (!process.env.TEST_OFFLINE || host === 'localhost') return lookup(host, options, callback);
  process.nextTick(() => cb(Object.assign(new Error('getaddrinfo ENOTFOUND ' + host), { code: 'ENOTFOUND', hostname: host })));
};
const { handler } = require(process.argv[1]);
const loadedAtStart = Object.keys(require.cache);
const compiledAtStart = [...compiled];
const { writeFileSync } = require('node:fs');
const done = (result) => writeFileSync(process.argv[2], JSON.stringify({ result, loadedAtStart, loaded: Object.keys(require.cache), compiledAtStart, compiled, lookups }));
handler(Buffer.from(process.env.TEST_EVENT, 'base64'), JSON.parse(process.env.TEST_CONTEXT)).then(done, (e) => done({ error: e.message }));
`;

interface Invocation {
  result: Record<string, unknown>;
  /** Files in require.cache once the bundle was loaded, and after the invocation. */
  loadedAtStart: string[];
  loaded: string[];
  /** Filenames given to vm.compileFunction once the bundle was loaded, and after the invocation. */
  compiledAtStart: string[];
  compiled: string[];
  lookups: string[];
  stdout: string;
  stderr: string;
  code: string;
}

let scenario: Scenario;
let sims: Simulators;
let receiver: Receiver;

let invocations = 0;

/** Copies dist/<fn>/ alone into a fresh directory (FC's code directory, as s.yaml deploys it) and invokes it in a new process. */
async function invokeBundle(fn: string, event: Buffer, env: NodeJS.ProcessEnv): Promise<Invocation> {
  const code = join(dir, 'fc', `${fn}-${++invocations}`);
  mkdirSync(code, { recursive: true });
  for (const file of readdirSync(join(dist(), fn))) copyFileSync(join(dist(), fn, file), join(code, file));
  const out = join(dir, `${fn}-${invocations}-result.json`);
  const context = fcContext(scenario, { function: { name: `ack-drift-${fn}`, timeout: 120 } });
  const { stdout, stderr } = await run(process.execPath, ['-e', INVOKER, join(code, 'index.js'), out], {
    cwd: code,
    env: { PATH: process.env.PATH, ...env, TEST_EVENT: event.toString('base64'), TEST_CONTEXT: JSON.stringify(context) },
    timeout: 60_000,
  });
  const written = JSON.parse(readFileSync(out, 'utf8')) as Omit<Invocation, 'stdout' | 'stderr' | 'code'>;
  return { ...written, stdout, stderr, code };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ack-drift-bundle-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), dist()], { cwd: ROOT, timeout: 120_000 });
  scenario = stsSeedScenario();
  sims = await startSimulators(scenario);
  receiver = await startReceiver();
}, 180_000);

afterAll(async () => {
  await Promise.all([sims?.close(), receiver?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('scripts/build.js', () => {
  it('writes one CommonJS bundle per function', () => {
    for (const fn of ['audit', 'dispatch']) {
      expect(readdirSync(join(dist(), fn))).toEqual(['index.js']);
      expect(Object.keys(meta(fn).inputs)).toContain(`functions/${fn}/index.ts`);
    }
  });

  it('keeps fc2 out of the audit bundle (and in the dispatch one, which needs it)', () => {
    const inputs = (fn: string, re: RegExp) => Object.keys(meta(fn).inputs).filter((i) => re.test(i));
    expect(inputs('audit', /node_modules\/@alicloud\/fc2\//)).toEqual([]);
    expect(inputs('dispatch', /node_modules\/@alicloud\/fc2\//).length).toBeGreaterThan(0);
    const text = readFileSync(join(dist(), 'audit', 'index.js'), 'utf8');
    expect(text).not.toMatch(/@alicloud\/fc2|x-fc-invocation-type/);
  });

  it('ships one file per function, holding ali-oss (with urllib, iconv-lite, mime) and the lazy packages as text, not code', () => {
    for (const fn of ['audit', 'dispatch']) {
      expect(readdirSync(join(dist(), fn))).toEqual(['index.js']);
      const inputs = Object.keys(meta(fn).inputs);
      expect(inputs.filter((i) => /node_modules\/(ali-oss|urllib|iconv-lite)\//.test(i))).toEqual([]);
      // (@darabonba/typescript's own xml2js is bundled as code; pop-core's, at the top of node_modules, is not.)
      expect(inputs.filter((i) => /^node_modules\/(xml2js|openid-client|hpagent|jsonpath-plus|socks-proxy-agent)\//.test(i))).toEqual([]);
      // oss-store.ts's require (and, in dispatch, fc2's own) and the lazy stand-ins' reach the embedded modules.
      expect(inputs).toEqual(expect.arrayContaining(['ack-drift-embedded:ali-oss', 'ack-drift-embedded:ack-drift-lazy']));
      const text = readFileSync(join(dist(), fn, 'index.js'), 'utf8');
      expect(text).toContain('#ali-oss"');
      // ali-oss's V4 signer and xml2js's parser are in the bundle (as text: the metafile has neither package's code).
      expect(text).toContain('signatureUrlV4');
      expect(text).toContain('explicitArray');
    }
  });

  it('replaces the debug package with a silent stub in both bundles', () => {
    for (const fn of ['audit', 'dispatch']) {
      const inputs = Object.keys(meta(fn).inputs);
      expect(inputs).toContain('scripts/debug-noop.js');
      expect(inputs.filter((i) => /node_modules\/(.*\/)?debug\//.test(i))).toEqual([]);
    }
  });

  it("compiles no schema at run time: validators are precompiled, ajv's compiler is in neither bundle", () => {
    for (const fn of ['audit', 'dispatch']) {
      const inputs = Object.keys(meta(fn).inputs);
      expect(inputs.filter((i) => i.includes('node_modules/ajv/dist/compile/') || i.endsWith('node_modules/ajv/dist/ajv.js'))).toEqual([]);
      expect(inputs).toContain('shared/config/env-schema.validator.ts');
    }
  });

  it("builds neither the report's nor the environment's TypeBox schema at load: both are read as generated code", () => {
    for (const fn of ['audit', 'dispatch']) {
      const inputs = Object.keys(meta(fn).inputs);
      expect(inputs.filter((i) => i === 'shared/report/schema.ts' || i === 'shared/config/env-schema.ts')).toEqual([]);
      expect(inputs).toEqual(expect.arrayContaining(['shared/report/schema.validator.ts', 'shared/config/env-schema.validator.ts']));
    }
  });

  it('gives pop-core the native-first JSON parser in place of json-bigint (the audit bundle, which pages VPC lists)', () => {
    const inputs = Object.keys(meta('audit').inputs);
    expect(inputs).toContain('shared/net/json-parse.ts');
    // json-bigint stays, reached only through json-parse.ts for numbers a double cannot hold.
    expect(inputs).not.toContain('node_modules/json-bigint/index.js');
  });

  it('keeps client-node out of the dispatch bundle, which reads no cluster', () => {
    expect(Object.keys(meta('dispatch').inputs).filter((i) => i.includes('@kubernetes/client-node'))).toEqual([]);
  });
});

describe('the bundles in a fresh process', () => {
  const simEnv = () => ({
    ACK_DRIFT_REGIONS: scenario.region,
    ACK_DRIFT_ENDPOINT_VPC: sims.cloud.url,
    ACK_DRIFT_ENDPOINT_ECS: sims.cloud.url,
    ACK_DRIFT_ENDPOINT_RAM: sims.cloud.url,
    ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: sims.cloud.url,
    ACK_DRIFT_ENDPOINT_CS: sims.cloud.url,
    ACK_DRIFT_ENDPOINT_FC: sims.cloud.url,
    FC_REGION: scenario.region,
    FC_ACCOUNT_ID: scenario.accountId,
    // pop-core's ROA client, httpx and fc2 would print signed requests and the STS token with the real debug package.
    DEBUG: '*',
  });

  it('audit answers an invocation and alerts once, logging JSON lines with the request id and no secret', async () => {
    const env = {
      ...simEnv(),
      ACK_DRIFT_WEBHOOKS: '[{"kind":"generic","name":"oncall","url":"env:HOOK_URL","secret":"env:HOOK_SECRET"}]',
      HOOK_URL: `${receiver.url}/hook?token=${CANARY.urlToken}`,
      HOOK_SECRET: CANARY.webhookSecret,
      ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
      ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
    };
    const { result, stdout, stderr } = await invokeBundle('audit', invokeEvent({ clusterId: scenario.cluster.clusterId, region: scenario.region }), env);
    expect(result).toMatchObject({ clusterId: scenario.cluster.clusterId, status: 'degraded', deliveries: [expect.objectContaining({ ok: true, attempts: 1 })] });
    expect(receiver.received).toHaveLength(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['audit started', 'audit finished']));
    for (const l of lines) expect(l.requestId).toEqual(expect.any(String));
    expect(leakedCanaries(stdout + stderr + JSON.stringify(result))).toEqual([]);
  }, 60_000);

  it('audit compiles the embedded ali-oss only when an archive is configured, and still reports when OSS is unreachable', async () => {
    // Given the same invocation without and then with a bucket, offline: every name but localhost fails to resolve
    const event = invokeEvent({ clusterId: scenario.cluster.clusterId, region: scenario.region });
    const plain = await invokeBundle('audit', event, { ...simEnv(), TEST_OFFLINE: '1' });
    const archived = await invokeBundle('audit', event, { ...simEnv(), TEST_OFFLINE: '1', ACK_DRIFT_OSS_BUCKET: 'ack-drift-bundle-test', ACK_DRIFT_OSS_PREFIX: 'runs' });
    const embedded = (i: Invocation, name: string) => `${join(i.code, 'index.js')}#${name}`;
    // Then loading the bundle compiles nothing embedded, and a run without a bucket never compiles ali-oss either
    for (const run of [plain, archived]) {
      expect(run.loadedAtStart).toEqual([join(run.code, 'index.js')]);
      expect(run.loaded).toEqual([join(run.code, 'index.js')]);
      expect(run.compiledAtStart).toEqual([]);
    }
    expect(plain.compiled).toEqual([]);
    expect(plain.result).toMatchObject({ status: 'degraded' });
    // With a bucket ali-oss is compiled, once, and its client asks for the region's OSS endpoint, which is refused here;
    // neither run compiles the lazy packages (ack-drift-lazy): they serve configurations these runs do not have
    expect(archived.compiled).toEqual([embedded(archived, 'ali-oss')]);
    expect(archived.lookups.some((h) => h.startsWith('ack-drift-bundle-test.oss-cn-hangzhou'))).toBe(true);
    expect(archived.result).toMatchObject({ status: 'degraded' });
    expect(archived.stdout).toMatch(/"level":"?warn.*ENOTFOUND|ENOTFOUND.*"level":"?warn/);
    expect(archived.stdout).not.toMatch(/Cannot find module/);
  }, 60_000);

  it("dispatch lists the simulator's cluster and queues its audit through fc2, never loading fc2's ali-oss", async () => {
    const before = sims.cloud.fcInvocations.length;
    const { result, stdout, stderr, loaded, compiled, code } = await invokeBundle('dispatch', timerEvent(''), simEnv());
    expect(result).toMatchObject({ clusters: 1, invoked: 1, failed: [] });
    // fc2 requires ali-oss at its top, for code uploads only: scripts/bundle-plugins.js makes that require lazy.
    expect(loaded).toEqual([join(code, 'index.js')]);
    expect(compiled).toEqual([]);
    expect(stderr).toBe('');
    expect(leakedCanaries(stdout + stderr)).toEqual([]);
    expect(sims.cloud.fcInvocations.slice(before)).toEqual([
      expect.objectContaining({ functionName: 'ack-drift-audit', invocationType: 'Async', path: '/2023-03-30/functions/ack-drift-audit/invocations' }),
    ]);
  }, 60_000);
});
