// Bundles the command line and each Function Compute function with esbuild: one CommonJS file each, fast to load.
// `node scripts/build.js [OUTDIR]` writes to dist/ by default; tests build into a directory of their own.
const { buildSync } = require('esbuild');
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
// The validators are ajv standalone code generated from the schemas; a stale checked-in file is rewritten first.
const generated = require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'generate-validators.js')], { stdio: 'inherit' });
if (generated.status !== 0) throw new Error('scripts/generate-validators.js failed');
const dist = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist');
const { common: shared, CLI_ALIASES, FUNCTION_ALIASES } = require('./bundle-options');

const common = { ...shared, write: false };

// Packages a function must not carry: fc2 belongs to dispatch alone; ali-oss is in both (the archive), and the audit
// function requires it only when ACK_DRIFT_OSS_BUCKET is set (shared/state/oss-store.ts); ajv's compiler belongs to
// no function (their validators are precompiled; only ajv/dist/runtime helpers are called).
const AJV_COMPILER = 'node_modules/ajv/dist/compile/';
const FORBIDDEN = { audit: ['node_modules/@alicloud/fc2/', AJV_COMPILER], dispatch: [AJV_COMPILER] };

/** Writes a file by renaming a finished temporary one, so a process loading the old bundle never reads half a new one. */
function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

function build(options) {
  const result = buildSync({ ...common, ...options });
  for (const out of result.outputFiles) writeAtomically(out.path, out.contents);
  return result;
}

build({ entryPoints: [path.join(root, 'shared/cli/main.ts')], outfile: path.join(dist, 'cli.js'), alias: CLI_ALIASES });

for (const fn of Object.keys(FORBIDDEN)) {
  const { metafile } = build({
    minify: true,
    metafile: true,
    alias: FUNCTION_ALIASES,
    entryPoints: [path.join(root, 'functions', fn, 'index.ts')],
    outfile: path.join(dist, fn, 'index.js'),
  });
  // The metafile goes beside, not inside, dist/<fn>: s.yaml deploys that directory as the function's code.
  writeAtomically(path.join(dist, 'meta', `${fn}.json`), JSON.stringify(metafile));
  const leaked = Object.keys(metafile.inputs).filter((input) => FORBIDDEN[fn].some((p) => input.includes(p)));
  if (leaked.length > 0) throw new Error(`dist/${fn} must not bundle ${leaked.slice(0, 3).join(', ')}`);
}
