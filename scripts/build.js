// Bundles the command line (and, later, each function) with esbuild: one CommonJS file each, fast to load.
const { buildSync } = require('esbuild');
const path = require('node:path');

const root = path.join(__dirname, '..');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none' };

buildSync({ ...common, entryPoints: [path.join(root, 'shared/cli/main.ts')], outfile: path.join(root, 'dist/cli.js'), external: ['proxy-agent'] });
