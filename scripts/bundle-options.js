// esbuild options shared by scripts/build.js (the shipped bundles) and scripts/bench.js (the benchmark's audit
// process), so the benchmark measures the code as it ships.
const path = require('node:path');

const root = path.join(__dirname, '..');

// The one place the bundles' Node.js version is named (the test transform reads it too): Function Compute's newest
// Node.js runtime is nodejs20 (s.yaml), though Node 20 reached its end of life in April 2026; moving to a newer
// runtime is this target and s.yaml's `runtime`.
const NODE_TARGET = 'node20';

// fc2 reaches proxy-agent through ali-oss → urllib; it is never called, and cannot be resolved for bundling.
const common = { bundle: true, platform: 'node', target: NODE_TARGET, format: 'cjs', logLevel: 'warning', legalComments: 'none', external: ['proxy-agent'] };

// pop-core parses every response with json-bigint; shared/net/json-parse.ts hands texts without big numbers to
// the native JSON.parse and the rest to json-bigint itself (same results, a fraction of the CPU).
const POP_CORE_ALIASES = { 'json-bigint': path.join(root, 'shared/net/json-parse.ts') };

// node-fetch 2 (client-node) takes `Url.URL || whatwgUrl.URL`: Node's URL always wins, yet whatwg-url and its
// 260 KB of Unicode tables would be parsed at every cold start. Node's `url` module, which has URL, stands in.
// `debug` becomes a silent stub in every bundle, the command line's too: with DEBUG set, pop-core's ROA client,
// httpx and fc2 would print STS tokens and bearer tokens.
const SILENT_DEBUG = { debug: path.join(__dirname, 'debug-noop.js') };
const FUNCTION_ALIASES = { ...POP_CORE_ALIASES, 'whatwg-url': 'url', ...SILENT_DEBUG };
const CLI_ALIASES = { ...POP_CORE_ALIASES, ...SILENT_DEBUG };

module.exports = { NODE_TARGET, common, POP_CORE_ALIASES, FUNCTION_ALIASES, CLI_ALIASES };
