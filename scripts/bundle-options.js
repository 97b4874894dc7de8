// esbuild options shared by scripts/build.js (the shipped bundles) and scripts/bench.js (the benchmark's audit
// process), so the benchmark measures the code as it ships.
const path = require('node:path');

const root = path.join(__dirname, '..');

// fc2 reaches proxy-agent through ali-oss → urllib; it is never called, and cannot be resolved for bundling.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none', external: ['proxy-agent'] };

// pop-core parses every response with json-bigint; shared/net/json-parse.ts hands texts without big numbers to
// the native JSON.parse and the rest to json-bigint itself (same results, a fraction of the CPU).
const POP_CORE_ALIASES = { 'json-bigint': path.join(root, 'shared/net/json-parse.ts') };

// node-fetch 2 (client-node) takes `Url.URL || whatwgUrl.URL`: Node's URL always wins, yet whatwg-url and its
// 260 KB of Unicode tables would be parsed at every cold start. Node's `url` module, which has URL, stands in.
// `debug` becomes a silent stub: with DEBUG set, pop-core's ROA client, httpx and fc2 would print STS tokens.
const FUNCTION_ALIASES = { ...POP_CORE_ALIASES, 'whatwg-url': 'url', debug: path.join(__dirname, 'debug-noop.js') };

module.exports = { common, POP_CORE_ALIASES, FUNCTION_ALIASES };
