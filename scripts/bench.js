// Builds the benchmark (bench/*.ts) with esbuild and runs it; arguments pass through (--json, --nodes N).
const { buildSync } = require('esbuild');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['proxy-agent'] };
for (const name of ['bench', 'audit-child']) {
  buildSync({ ...common, entryPoints: [path.join(root, 'bench', `${name}.ts`)], outfile: path.join(root, 'dist', 'bench', `${name}.js`) });
}
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
