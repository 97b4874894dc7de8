// Jest runs CommonJS; @kubernetes/client-node 1.x and some of its dependencies ship ESM only.
const { transformSync } = require('esbuild');
const { NODE_TARGET } = require('../../scripts/bundle-options');

module.exports = {
  process(src, filename) {
    const out = transformSync(src, { format: 'cjs', loader: 'js', target: NODE_TARGET, sourcemap: 'inline', sourcefile: filename });
    return { code: out.code };
  },
};
