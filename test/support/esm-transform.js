// Jest runs CommonJS; @kubernetes/client-node 1.x and some of its dependencies ship ESM only.
const { transformSync } = require('esbuild');

module.exports = {
  process(src, filename) {
    const out = transformSync(src, { format: 'cjs', loader: 'js', target: 'node20', sourcemap: 'inline', sourcefile: filename });
    return { code: out.code };
  },
};
