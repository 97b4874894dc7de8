/**
 * scripts/bundle-plugins.js: the function bundles' trimmed imports still do what the packages they stand for do.
 * KubeConfig is bundled with the plugins and run in a fresh process (YAML through the one parser, proxy agents from
 * the embedded lazy module, compiled on first use); each lazy stand-in is checked against the real package it loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  embeddedSources(esbuild: typeof build, options: BuildOptions): Promise<Record<string, string>>;
  embedPlugin(sources: Record<string, string>): Plugin;
  functionPlugin: Plugin;
  LAZY: Lazy[];
  LAZY_MODULE: string;
  lazySource(l: Lazy): string;
};
const { embeddedSources, embedPlugin, functionPlugin, LAZY, LAZY_MODULE, lazySource } = plugins;
const { common } = require('../../scripts/bundle-options.js') as { common: BuildOptions };

/** The package as its importer resolves it. */
const realOf = (l: Lazy) => require(require.resolve(l.name, { paths: [l.from] })) as Record<string, unknown>;

/** Evaluates a stand-in as a CommonJS module whose require is recorded and answered with the real package. */
function standIn(l: Lazy): { exports: Record<string, unknown>; required: string[] } {
  const required: string[] = [];
  const module = { exports: {} as Record<string, unknown> };
  const req = (id: string) => {
    required.push(id);
    return id === LAZY_MODULE ? { [l.name]: realOf(l) } : realOf(l);
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
    expect(s.required).toEqual([l.ownFile ? l.name : LAZY_MODULE]);
  });

  describe("client-node's KubeConfig bundled with the plugins", () => {
    let dir: string;
    let metaInputs: string[];
    let sources: Record<string, string>;
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
      // Not minified, as the bundle here is not: the agents keep their class names.
      sources = await embeddedSources(build, { ...common, minify: false });
      const plugins = [functionPlugin, embedPlugin(sources)];
      const r = await build({ ...common, nodePaths: [join(ROOT, 'node_modules')], metafile: true, plugins, entryPoints: [entry], outfile: join(dir, 'out.js') });
      metaInputs = Object.keys(r.metafile.inputs);
      // The lazy module's code alone, as a file, to read what it gives.
      writeFileSync(join(dir, 'lazy.js'), sources[LAZY_MODULE]);
    }, 60_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    // The bundle's agent for a kubeconfig, and the embedded modules compiled (vm.compileFunction's filenames) meanwhile.
    const agentFor = (yamlText: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '-e',
            `const vm = require('node:vm'), compile = vm.compileFunction, compiled = [];
vm.compileFunction = (code, params, o) => (compiled.push(o.filename.slice(o.filename.indexOf('#'))), compile(code, params, o));
require(process.argv[1]).agentFor(process.argv[2]).then((r) => process.stdout.write(JSON.stringify({ ...r, compiled })))`,
            join(dir, 'out.js'),
            yamlText,
          ],
          { encoding: 'utf8' },
        ),
      ) as { server: string; agent: string; compiled: string[] };

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

    it(`bundles neither the generated API nor js-yaml, and what ${LAZY_MODULE} holds only as text`, () => {
      expect(metaInputs.filter((i) => i.includes('client-node/dist/gen/models/') || i.includes('client-node/dist/gen/apis/'))).toEqual([]);
      expect(metaInputs.filter((i) => /node_modules\/(js-yaml|socks|socks-proxy-agent|hpagent|openid-client|jsonpath-plus)\//.test(i))).toEqual([]);
      expect(metaInputs.some((i) => i.includes('node_modules/yaml/'))).toBe(true);
      expect(metaInputs).toContain(`ack-drift-embedded:${LAZY_MODULE}`);
      expect(readdirSync(dir).sort()).toEqual(['entry.ts', 'lazy.js', 'out.js']);
    });

    it(`${LAZY_MODULE} gives each package it holds, with the names its importers read`, async () => {
      const file = require(join(dir, 'lazy.js')) as Record<string, Record<string, unknown>>;
      const held = LAZY.filter((l) => !l.ownFile);
      expect(Object.keys(file)).toEqual(held.map((l) => l.name));
      for (const l of held) for (const n of l.names ?? []) expect(file[l.name][n]).toEqual(expect.any(Function));
      // pop-core's use of xml2js: an XML error answer parsed into an object.
      const { Parser } = file.xml2js as { Parser: new (o: object) => { parseStringPromise(x: string): Promise<unknown> } };
      await expect(new Parser({ explicitArray: false }).parseStringPromise('<Error><Code>Forbidden</Code></Error>')).resolves.toEqual({ Error: { Code: 'Forbidden' } });
    });

    it('parses YAML (not only JSON) and builds the agent each proxy-url asks for', () => {
      // Class names as esbuild left them: it may suffix a digit where two modules declare the same name.
      // Without a proxy nothing embedded is compiled; a proxy compiles the lazy module, once.
      expect(agentFor(kubeconfig(''))).toEqual({ server: 'https://127.0.0.1:6443', agent: expect.stringMatching(/^Agent\d*$/), compiled: [] });
      expect(agentFor(kubeconfig('socks5://127.0.0.1:1080'))).toMatchObject({ agent: expect.stringMatching(/^SocksProxyAgent\d*$/), compiled: [`#${LAZY_MODULE}`] });
      expect(agentFor(kubeconfig('http://127.0.0.1:3128'))).toMatchObject({ agent: expect.stringMatching(/^HttpsProxyAgent\d*$/), compiled: [`#${LAZY_MODULE}`] });
    });
  });
});
