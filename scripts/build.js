// Bundles the command line and each Function Compute function with esbuild: one CommonJS file each, fast to load.
// `node scripts/build.js [OUTDIR]` writes to dist/ by default; tests build into a directory of their own.
const { build: esbuild } = require('esbuild');
const { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// The validators are ajv standalone code generated from the schemas; a stale checked-in file is rewritten first.
const generated = require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'generate-validators.js')], { stdio: 'inherit' });
if (generated.status !== 0) throw new Error('scripts/generate-validators.js failed');
const dist = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist');
const { common: shared, CLI_ALIASES, FUNCTION_ALIASES } = require('./bundle-options');
const { embeddedSources, embedPlugin, EMBEDDED, functionPlugin, LAZY_PACKAGE_DIRS } = require('./bundle-plugins');

const common = { ...shared, write: false };

// Packages a function bundle must not carry as code: fc2 belongs to dispatch alone; ali-oss (with urllib, iconv-lite,
// mime and the rest it drags in) is embedded as text, compiled only when shared/state/oss-store.ts first requires it
// (a state store is configured, ACK_DRIFT_OSS_BUCKET), so a run without one never compiles it; ajv's compiler
// belongs to no function (their validators are precompiled; only ajv/dist/runtime helpers are called).
const AJV_COMPILER = 'node_modules/ajv/dist/compile/';
const ALI_OSS = 'node_modules/ali-oss/';
const FORBIDDEN = { audit: ['node_modules/@alicloud/fc2/', AJV_COMPILER, ALI_OSS], dispatch: [AJV_COMPILER, ALI_OSS] };

/** Writes a file by renaming a finished temporary one, so a process loading the old bundle never reads half a new one. */
function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

async function build(options) {
  const result = await esbuild({ ...common, ...options });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  return result;
}

async function main() {
  await build({ entryPoints: [path.join(root, 'shared/cli/main.ts')], outfile: path.join(dist, 'cli.js'), alias: CLI_ALIASES });
  const sources = await embeddedSources(esbuild, { ...common, alias: FUNCTION_ALIASES });
  for (const fn of Object.keys(FORBIDDEN)) {
    const { metafile } = await build({
      minify: true,
      metafile: true,
      alias: FUNCTION_ALIASES,
      // functionPlugin first: fc2's ali-oss import becomes a lazy one, whose own require embedPlugin then resolves.
      plugins: [functionPlugin, embedPlugin(sources)],
      entryPoints: [path.join(root, 'functions', fn, 'index.ts')],
      outfile: path.join(dist, fn, 'index.js'),
    });
    // The metafile goes beside, not inside, dist/<fn>: s.yaml deploys that directory as the function's code.
    writeAtomically(path.join(dist, 'meta', `${fn}.json`), JSON.stringify(metafile));
    const leaked = Object.keys(metafile.inputs).filter((input) => FORBIDDEN[fn].some((p) => input.includes(p)) || LAZY_PACKAGE_DIRS.some((p) => input.startsWith(p)));
    if (leaked.length > 0) throw new Error(`dist/${fn}/index.js must not bundle ${leaked.slice(0, 3).join(', ')}`);
    // Both functions open the state store: a bundle without the embedded ali-oss would fail its first archived run.
    if (!(`${EMBEDDED}:ali-oss` in metafile.inputs)) throw new Error(`dist/${fn}/index.js must embed ali-oss`);
    // s.yaml deploys the directory as it is: files an earlier build wrote beside index.js (ali-oss.js, lazy.js) go.
    for (const file of readdirSync(path.join(dist, fn))) if (file !== 'index.js') rmSync(path.join(dist, fn, file), { force: true, recursive: true });
  }
}

main().catch((err) => {
  process.stderr.write(`build: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
