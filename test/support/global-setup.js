// Jest global setup: builds dist/ once per run, before any test starts. bin/ack-drift loads dist/cli.js and the
// function tests load dist/<fn>/index.js; a bundle left from older sources would otherwise pass or fail for them.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = () => {
  const root = path.join(__dirname, '../..');
  // esbuild takes about a second on a quiet machine; its output is written atomically (scripts/build.js).
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
};
