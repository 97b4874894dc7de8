// esbuild plugins that keep code a function invocation never runs out of the function bundles' cold load, without
// changing what runs: client-node's KubeConfig without its generated API, one YAML parser, and ali-oss and the
// packages only a rare configuration reaches carried inside the bundle as text, compiled on first use.
// scripts/build.js and scripts/bench.js use them; the command line, whose start-up no benchmark bounds, bundles the
// packages as they are.
const path = require('node:path');

const root = path.join(__dirname, '..');
const CLIENT_NODE = path.join(root, 'node_modules/@kubernetes/client-node/dist');
const VIRTUAL = 'ack-drift-virtual';
const EMBEDDED = 'ack-drift-embedded';

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

/** The embedded module that holds the LAZY packages (but ali-oss, which has its own), as the stand-ins require it. */
const LAZY_MODULE = 'ack-drift-lazy';

/**
 * Packages only a rare configuration reaches, as their importers (`from`, the directory they resolve it from) use
 * them: each import becomes an object whose properties require the package from LAZY_MODULE on first read (or,
 * `construct`, a function constructing its export), so a run that never reaches one does not even compile its code.
 */
const LAZY = [
  // A kubeconfig proxy-url (socks), an oidc, azure or gcp auth-provider, an http(s) proxy-url.
  { name: 'socks-proxy-agent', from: CLIENT_NODE, importer: /client-node\/dist\/config\.js$/, names: ['SocksProxyAgent'] },
  { name: 'hpagent', from: CLIENT_NODE, importer: /client-node\/dist\/config\.js$/, names: ['HttpProxyAgent', 'HttpsProxyAgent'] },
  { name: 'openid-client', from: CLIENT_NODE, importer: /client-node\/dist\/oidc_auth\.js$/, names: ['discovery', 'refreshTokenGrant'] },
  { name: 'jsonpath-plus', from: CLIENT_NODE, importer: /client-node\/dist\/(azure|gcp)_auth\.js$/, names: ['JSONPath'] },
  // pop-core's ROA client parses XML answers only; CS answers JSON.
  { name: 'xml2js', from: path.join(root, 'node_modules/@alicloud/pop-core/lib'), importer: /@alicloud\/pop-core\/lib\/roa\.js$/, names: ['Parser'] },
  // fc2 constructs an OSS client only to upload code or layers; dispatch only invokes. ali-oss is its own module.
  { name: 'ali-oss', from: path.join(root, 'node_modules/@alicloud/fc2/lib'), importer: /@alicloud\/fc2\/(lib|es5)\/client\.js$/, construct: true, ownFile: true },
];

/** The CommonJS text that stands for a LAZY package in the bundle. */
function lazySource(l) {
  const target = l.ownFile ? `require(${JSON.stringify(l.name)})` : `require(${JSON.stringify(LAZY_MODULE)})[${JSON.stringify(l.name)}]`;
  const load = `let loaded;\nconst load = () => (loaded ??= ${target});\n`;
  if (l.construct) return `${load}module.exports = function (...args) {\n  return new (load())(...args);\n};\n`;
  return `${load}${l.names.map((n) => `Object.defineProperty(exports, ${JSON.stringify(n)}, { enumerable: true, get: () => load()[${JSON.stringify(n)}] });`).join('\n')}\n`;
}

const virtual = (name, contents, resolveDir) => ({ path: name, namespace: VIRTUAL, pluginData: { contents, resolveDir } });
const exactly = (name) => new RegExp(`^${name.replace(/[.]/g, '\\.')}$`);
const loadVirtual = (b) => b.onLoad({ filter: /.*/, namespace: VIRTUAL }, (a) => ({ contents: a.pluginData.contents, resolveDir: a.pluginData.resolveDir, loader: 'js' }));

/** The plugin for the function bundles (and the benchmark's audit process, which measures them). */
const functionPlugin = {
  name: 'ack-drift-function-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (a) => (a.importer === path.join(CLIENT_NODE, 'config.js') ? virtual('client-node-gen', GEN_INDEX, CLIENT_NODE) : undefined));
    b.onResolve({ filter: /^js-yaml$/ }, (a) => (a.importer.startsWith(CLIENT_NODE) ? virtual('js-yaml', JS_YAML, root) : undefined));
    for (const l of LAZY) b.onResolve({ filter: exactly(l.name) }, (a) => (a.namespace !== VIRTUAL && l.importer.test(a.importer) ? virtual(`lazy:${l.name}`, lazySource(l), l.from) : undefined));
    loadVirtual(b);
  },
};

/** esbuild options (beside `common`) for LAZY_MODULE's code at `outfile`: each package, resolved as its importer would, runs on first read. */
function lazyModuleOptions(outfile) {
  const inFile = LAZY.filter((l) => !l.ownFile);
  const entry = inFile.map((l) => `Object.defineProperty(exports, ${JSON.stringify(l.name)}, { enumerable: true, get: () => require(${JSON.stringify(`lazy-package:${l.name}`)}) });`);
  const plugin = {
    name: 'ack-drift-lazy-file',
    setup(b) {
      b.onResolve({ filter: /^lazy-entry$/ }, () => virtual('lazy-entry', entry.join('\n'), root));
      for (const l of inFile) b.onResolve({ filter: exactly(`lazy-package:${l.name}`) }, () => virtual(`lazy-package:${l.name}`, `module.exports = require(${JSON.stringify(l.name)});`, l.from));
      loadVirtual(b);
    },
  };
  return { entryPoints: ['lazy-entry'], outfile, plugins: [plugin] };
}

/** The packages the function bundles must leave to LAZY_MODULE, as metafile input path prefixes (from the root). */
const LAZY_PACKAGE_DIRS = LAZY.filter((l) => !l.ownFile).map((l) => {
  const file = path.relative(root, require.resolve(l.name, { paths: [l.from] }));
  const dir = `node_modules/${l.name}/`;
  return file.slice(0, file.lastIndexOf(dir) + dir.length);
});

/**
 * Builds the code of the embedded modules, ali-oss (with urllib, iconv-lite, mime…, 0.9 MB) and LAZY_MODULE, minified
 * unless `options` say otherwise, with `esbuild` (its `build`) and the function bundles' `options`: name -> CommonJS text.
 */
async function embeddedSources(esbuild, options) {
  const text = async (o) => (await esbuild({ minify: true, ...options, ...o, write: false, outfile: 'embedded.js' })).outputFiles[0].text;
  return { 'ali-oss': await text({ entryPoints: [require.resolve('ali-oss', { paths: [root] })] }), [LAZY_MODULE]: await text(lazyModuleOptions('embedded.js')) };
}

/**
 * The module that stands for an embedded one: its code as a string literal, which V8 only scans when the bundle
 * loads (code there would be pre-parsed, the most of what it costs at load), compiled and run on the first require,
 * with the bundle's own require, __filename and __dirname; esbuild's __commonJS wrapper runs it once. The filename
 * (index.js#<name>) names it in stack traces.
 */
function embeddedModule(name, source) {
  const params = ['exports', 'require', 'module', '__filename', '__dirname'];
  return [
    `const source = ${JSON.stringify(source)};`,
    `const run = require("node:vm").compileFunction(source, ${JSON.stringify(params)}, { filename: __filename + ${JSON.stringify(`#${name}`)} });`,
    'run.call(module.exports, module.exports, require, module, __filename, __dirname);',
  ].join('\n');
}

/**
 * The plugin that resolves ali-oss (oss-store.ts's require, and fc2's through its stand-in) and LAZY_MODULE to
 * embedded modules holding `sources` (embeddedSources); with functionPlugin before it, for the function bundles.
 */
function embedPlugin(sources) {
  return {
    name: 'ack-drift-embedded',
    setup(b) {
      b.onResolve({ filter: /^ali-oss$/ }, () => ({ path: 'ali-oss', namespace: EMBEDDED }));
      b.onResolve({ filter: exactly(LAZY_MODULE) }, (a) => (a.namespace === VIRTUAL ? { path: LAZY_MODULE, namespace: EMBEDDED } : undefined));
      b.onLoad({ filter: /.*/, namespace: EMBEDDED }, (a) => ({ contents: embeddedModule(a.path, sources[a.path]), resolveDir: root, loader: 'js' }));
    },
  };
}

module.exports = { embeddedSources, embedPlugin, EMBEDDED, functionPlugin, lazyModuleOptions, LAZY, LAZY_MODULE, LAZY_PACKAGE_DIRS, lazySource };
