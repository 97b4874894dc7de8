// The layers of ack-drift, lowest first: a module may import from its own layer and the layers below, never above.
// docs/architecture.md explains each layer. `npm run lint` runs this in .ci/run.
const LAYERS = [
  ['util', '^shared/(util|log)/'],
  ['net', '^shared/net/'],
  ['domain', '^shared/(findings|ram)/'],
  ['collect', '^shared/collect/'],
  ['checks', '^shared/checks/'],
  ['correlate', '^shared/correlate/'],
  ['report', '^shared/report/'],
  ['notify', '^shared/notify/'],
  ['edge', '^shared/(config|handler|cli|pipeline|fleet|doctor|scenario|sim|alert)/'],
  ['functions', '^functions/'],
];

const upward = [];
LAYERS.forEach(([name, path], i) => {
  const above = LAYERS.slice(i + 1).map(([, p]) => p.replace(/^\^/, '').replace(/\/$/, ''));
  if (above.length === 0) return;
  upward.push({
    name: `${name}-reaches-up`,
    comment: `${name} may not import from a layer above it`,
    severity: 'error',
    from: { path: path },
    to: { path: `^(${above.join('|')})/` },
  });
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'a cycle ties modules into one: break it by moving the shared part down',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      // @types/sarif is types only: 'sarif' has no module to resolve.
      to: { couldNotResolve: true, pathNot: '^sarif$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
