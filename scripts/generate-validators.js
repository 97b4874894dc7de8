// Writes the precompiled validators (ajv standalone code) that scripts/validators.ts generates from the schemas.
// `node scripts/generate-validators.js --check` writes nothing and fails when a checked-in file is stale.
const { buildSync } = require('esbuild');
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** scripts/validators.ts, bundled in memory and loaded as a module of this directory (so ajv resolves here). */
function loadGenerator() {
  const { outputFiles } = buildSync({
    entryPoints: [path.join(__dirname, 'validators.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    write: false,
  });
  const filename = path.join(__dirname, 'validators.bundled.js');
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(__dirname);
  m._compile(outputFiles[0].text, filename);
  return m.exports;
}

const check = process.argv.includes('--check');
const stale = [];
for (const [file, text] of loadGenerator().generateValidators()) {
  const target = path.join(root, file);
  if (existsSync(target) && readFileSync(target, 'utf8') === text) continue;
  stale.push(file);
  if (!check) writeFileSync(target, text);
}
if (check && stale.length > 0) {
  process.stderr.write(`stale validators (run node scripts/generate-validators.js): ${stale.join(', ')}\n`);
  process.exitCode = 1;
}
