// Fails when a source line is longer than 200 characters, beyond the recorded baseline of lines that predate the
// rule (scripts/line-length-baseline.json, per file). The baseline only shrinks: fix a file's long lines and run
// `node scripts/line-length.js --update`. Formatting the tree with Biome (biome.jsonc, lineWidth 200) empties it.
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const MAX = 200;
const root = path.join(__dirname, '..');
const baselineFile = path.join(__dirname, 'line-length-baseline.json');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'shared', 'functions', 'test', 'scripts', 'bench'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !/\.validators?\.ts$/.test(f));

const counts = {};
for (const f of files) {
  let text;
  try {
    text = readFileSync(path.join(root, f), 'utf8');
  } catch {
    continue; // listed but deleted in the work tree
  }
  const n = text.split('\n').filter((l) => l.length > MAX).length;
  if (n) counts[f] = n;
}

if (process.argv.includes('--update')) {
  writeFileSync(baselineFile, `${JSON.stringify(Object.fromEntries(Object.entries(counts).sort()), null, 2)}\n`);
  process.exit(0);
}
const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
const over = Object.entries(counts).filter(([f, n]) => n > (baseline[f] ?? 0));
for (const [f, n] of over) console.error(`${f}: ${n} line(s) longer than ${MAX} characters (baseline ${baseline[f] ?? 0})`);
if (over.length) process.exit(1);
