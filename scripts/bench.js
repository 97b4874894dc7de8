// Builds the function bundles (so the cold start measured is that of the current code) and the benchmark
// (bench/*.ts) with esbuild, then runs it; arguments pass through (--json, --nodes N). Build output goes to
// stderr: with --json, stdout carries the one JSON object alone.
const { build } = require('esbuild');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, stdio: ['ignore', 2, 2] });
if (built.status !== 0) {
  process.stderr.write('bench: scripts/build.js failed\n');
  process.exit(built.status ?? 1);
}
const { common, FUNCTION_ALIASES } = require('./bundle-options');
const { embeddedSources, embedPlugin, functionPlugin } = require('./bundle-plugins');

async function main() {
  const sources = await embeddedSources(build, { ...common, alias: FUNCTION_ALIASES });
  for (const name of ['bench', 'audit-child', 'sim-child']) {
    // The audit process is built as the function bundle is (minified, its imports trimmed, ali-oss and the rarely
    // reached packages embedded as text), so its load time is comparable.
    const child = name === 'audit-child';
    await build({
      ...common,
      minify: child,
      plugins: child ? [functionPlugin, embedPlugin(sources)] : [],
      alias: FUNCTION_ALIASES,
      entryPoints: [path.join(root, 'bench', `${name}.ts`)],
      outfile: path.join(root, 'dist', 'bench', `${name}.js`),
    });
  }
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
