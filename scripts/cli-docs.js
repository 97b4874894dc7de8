// Writes the command-line reference generated from the command declarations: docs/cli.md and the README's section
// between the cli:start and cli:end markers. Run by `npm run docs:cli` after a build.
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { cliDoc, readmeSection, README_START, README_END } = require(path.join(root, 'dist', 'cli.js'));

mkdirSync(path.join(root, 'docs'), { recursive: true });
writeFileSync(path.join(root, 'docs', 'cli.md'), cliDoc());
const readmePath = path.join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(README_START.slice(0, 15));
const end = readme.indexOf(README_END);
if (start < 0 || end < start) throw new Error(`README.md: no ${README_START} … ${README_END} section`);
writeFileSync(readmePath, readme.slice(0, start) + readmeSection() + readme.slice(end + README_END.length));
