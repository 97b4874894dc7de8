/**
 * scripts/bundle-plugins.js: the function bundles' trimmed imports still do what the packages they stand for do.
 * KubeConfig is bundled with the plugin and run in a fresh process (YAML through the one parser, proxy agents from
 * the lazily loaded file beside it); each lazy stand-in is checked against the real package it loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';

interface Lazy {
  name: string;
  from: string;
  importer: RegExp;
  names?: string[];
  construct?: boolean;
  ownFile?: boolean;
}
const ROOT = join(__dirname, '../..');
const plugins = require('../../scripts/bundle-plugins.js') as {
  functionPlugin: Plugin;
  lazyFileOptions(outfile: string): BuildOptions;
  LAZY: Lazy[];
  LAZY_FILE: string;
  lazySource(l: Lazy): string;
};
const { functionPlugin, lazyFileOptions, LAZY, LAZY_FILE, lazySource } = plugins;
const { common } = require('../../scripts/bundle-options.js') as { common: BuildOptions };

/** The package as its importer resolves it. */
const realOf = (l: Lazy) => require(require.resolve(l.name, { paths: [l.from] })) as Record<string, unknown>;

/** Evaluates a stand-in as a CommonJS module whose require is recorded and answered with the real package. */
function standIn(l: Lazy): { exports: Record<string, unknown>; required: string[] } {
  const required: string[] = [];
  const module = { exports: {} as Record<string, unknown> };
  const req = (id: string) => {
    required.push(id);
    return id === `./${LAZY_FILE}` ? { [l.name]: realOf(l) } : realOf(l);
  };
  new Function('module', 'exports', 'require', lazySource(l))(module, module.exports, req);
  return { exports: module.exports, required };
}

describe('scripts/bundle-plugins.js', () => {
  it.each(LAZY.map((l) => [l.name, l]))('%s: the stand-in loads nothing until used, then gives the real package', (_name, l) => {
    const s = standIn(l);
    expect(s.required).toEqual([]);
    if (l.construct) {
      const options = { region: 'oss-cn-hangzhou', bucket: 'ack-drift-test', accessKeyId: 'id', accessKeySecret: 'secret' };
      const made = new (s.exports as unknown as new (o: unknown) => object)(options);
      expect(made).toBeInstanceOf(realOf(l) as unknown as new () => object);
    } else {
      expect(Object.keys(s.exports)).toEqual(l.names);
      for (const n of l.names ?? []) {
        expect(realOf(l)[n]).toEqual(expect.any(Function));
        expect(s.exports[n]).toBe(realOf(l)[n]);
      }
    }
    expect(s.required).toEqual([l.ownFile ? l.name : `./${LAZY_FILE}`]);
  });

  describe("client-node's KubeConfig bundled with the plugin", () => {
    let dir: string;
    let metaInputs: string[];
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ack-drift-plugins-'));
      const entry = join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export async function agentFor(yamlText: string) {
  const kc = new KubeConfig();
  kc.loadFromString(yamlText);
  const opts: Record<string, unknown> = {};
  await kc.applyToHTTPSOptions(opts);
  return { server: kc.getCurrentCluster()?.server, agent: (opts.agent as object).constructor.name };
}`,
      );
      const r = await build({ ...common, nodePaths: [join(ROOT, 'node_modules')], metafile: true, plugins: [functionPlugin], entryPoints: [entry], outfile: join(dir, 'out.js') });
      metaInputs = Object.keys(r.metafile.inputs);
      await build({ ...common, ...lazyFileOptions(join(dir, LAZY_FILE)) });
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const agentFor = (yamlText: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['-e', `require(process.argv[1]).agentFor(process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r)))`, join(dir, 'out.js'), yamlText], {
          encoding: 'utf8',
        }),
      ) as { server: string; agent: string };

    const kubeconfig = (proxy: string) =>
      [
        'apiVersion: v1',
        'clusters:',
        `- cluster: {server: 'https://127.0.0.1:6443', insecure-skip-tls-verify: true${proxy ? `, proxy-url: '${proxy}'` : ''}}`,
        '  name: c',
        'users:',
        '- {name: u, user: {token: t}}',
        'contexts:',
        '- {name: x, context: {cluster: c, user: u}}',
        'current-context: x',
      ].join('\n');

    it(`bundles neither the generated API nor js-yaml, nor what ${LAZY_FILE} holds`, () => {
      expect(metaInputs.filter((i) => i.includes('client-node/dist/gen/models/') || i.includes('client-node/dist/gen/apis/'))).toEqual([]);
      expect(metaInputs.filter((i) => /node_modules\/(js-yaml|socks|socks-proxy-agent|hpagent|openid-client|jsonpath-plus)\//.test(i))).toEqual([]);
      expect(metaInputs.some((i) => i.includes('node_modules/yaml/'))).toBe(true);
    });

    it(`${LAZY_FILE} gives each package it holds, with the names its importers read`, async () => {
      const file = require(join(dir, LAZY_FILE)) as Record<string, Record<string, unknown>>;
      const held = LAZY.filter((l) => !l.ownFile);
      expect(Object.keys(file)).toEqual(held.map((l) => l.name));
      for (const l of held) for (const n of l.names ?? []) expect(file[l.name][n]).toEqual(expect.any(Function));
      // pop-core's use of xml2js: an XML error answer parsed into an object.
      const { Parser } = file.xml2js as { Parser: new (o: object) => { parseStringPromise(x: string): Promise<unknown> } };
      await expect(new Parser({ explicitArray: false }).parseStringPromise('<Error><Code>Forbidden</Code></Error>')).resolves.toEqual({ Error: { Code: 'Forbidden' } });
    });

    it('parses YAML (not only JSON) and builds the agent each proxy-url asks for', () => {
      // Class names as esbuild left them: it may suffix a digit where two modules declare the same name.
      expect(agentFor(kubeconfig(''))).toEqual({ server: 'https://127.0.0.1:6443', agent: expect.stringMatching(/^Agent\d*$/) });
      expect(agentFor(kubeconfig('socks5://127.0.0.1:1080')).agent).toMatch(/^SocksProxyAgent\d*$/);
      expect(agentFor(kubeconfig('http://127.0.0.1:3128')).agent).toMatch(/^HttpsProxyAgent\d*$/);
    });
  });
});
