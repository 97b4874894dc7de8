// esbuild plugins that keep code a function invocation never runs out of the function bundles' cold load, without
// changing what runs: client-node's KubeConfig without its generated API, one YAML parser, and the packages only a
// rare configuration reaches loaded on first use. scripts/build.js and scripts/bench.js use them; the command line,
// whose start-up no benchmark bounds, bundles the packages as they are.
const path = require('node:path');

const root = path.join(__dirname, '..');
const CLIENT_NODE = path.join(root, 'node_modules/@kubernetes/client-node/dist');
const VIRTUAL = 'ack-drift-virtual';

// client-node's config.js (KubeConfig) takes two names from the generated API's index, which loads the whole
// generated client (every API class and 700 model classes) to give them; the names come from their own modules here.
// If config.js ever imports another name, esbuild fails the build on the missing export.
const GEN_INDEX = [
  `export { createConfiguration } from ${JSON.stringify(path.join(CLIENT_NODE, 'gen/configuration.js'))};`,
  `export { ServerConfiguration } from ${JSON.stringify(path.join(CLIENT_NODE, 'gen/servers.js'))};`,
].join('\n');

// config.js parses a kubeconfig with js-yaml's `load`, ack-drift with `yaml` (shared/collect/kubeconfig.ts, which
// hands config.js JSON of what it vetted): one parser serves both, and js-yaml is not bundled.
const JS_YAML = ["import { parse } from 'yaml';", '/** js-yaml `load`, as config.js calls it. */', 'export function load(text) {', '  return parse(text);', '}', 'export default { load };'].join('\n');

/**
 * Packages only a rare configuration reaches, as their importers use them: each import becomes an object whose
 * properties require the package on first read (or, `construct`, a function constructing its export), so a run
 * that never reaches one neither parses its code fully nor runs its top level.
 */
const LAZY = [
  // A kubeconfig proxy-url (socks), an oidc, azure or gcp auth-provider, an http(s) proxy-url.
  { name: 'socks-proxy-agent', importer: /client-node\/dist\/config\.js$/, names: ['SocksProxyAgent'] },
  { name: 'hpagent', importer: /client-node\/dist\/config\.js$/, names: ['HttpProxyAgent', 'HttpsProxyAgent'] },
  { name: 'openid-client', importer: /client-node\/dist\/oidc_auth\.js$/, names: ['discovery', 'refreshTokenGrant'] },
  { name: 'jsonpath-plus', importer: /client-node\/dist\/(azure|gcp)_auth\.js$/, names: ['JSONPath'] },
  // pop-core's ROA client parses XML answers only; CS answers JSON.
  { name: 'xml2js', importer: /@alicloud\/pop-core\/lib\/roa\.js$/, names: ['Parser'] },
  // fc2 constructs an OSS client only to upload code or layers; dispatch only invokes.
  { name: 'ali-oss', importer: /@alicloud\/fc2\/(lib|es5)\/client\.js$/, construct: true },
];

/** The CommonJS text that stands for a LAZY package. */
function lazySource(l) {
  const load = `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(l.name)}));\n`;
  if (l.construct) return `${load}module.exports = function (...args) {\n  return new (load())(...args);\n};\n`;
  return `${load}${l.names.map((n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`).join('\n')}\n`;
}

/** The plugin for the function bundles (and the benchmark's audit process, which measures them). */
const functionPlugin = {
  name: 'ack-drift-function-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (a) =>
      a.importer === path.join(CLIENT_NODE, 'config.js') ? { path: 'client-node-gen', namespace: VIRTUAL, pluginData: { contents: GEN_INDEX, resolveDir: CLIENT_NODE } } : undefined,
    );
    b.onResolve({ filter: /^js-yaml$/ }, (a) => (a.importer.startsWith(CLIENT_NODE) ? { path: 'js-yaml', namespace: VIRTUAL, pluginData: { contents: JS_YAML, resolveDir: root } } : undefined));
    for (const l of LAZY) {
      b.onResolve({ filter: new RegExp(`^${l.name.replace(/[.]/g, '\\.')}$`) }, (a) =>
        a.namespace !== VIRTUAL && l.importer.test(a.importer)
          ? { path: `lazy:${l.name}`, namespace: VIRTUAL, pluginData: { contents: lazySource(l), resolveDir: path.dirname(a.importer) } }
          : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: VIRTUAL }, (a) => ({ contents: a.pluginData.contents, resolveDir: a.pluginData.resolveDir, loader: 'js' }));
  },
};

module.exports = { functionPlugin, LAZY, lazySource };
