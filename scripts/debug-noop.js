// Stands in for the `debug` package in the function bundles (scripts/build.js aliases it here). pop-core's ROA
// client logs its string to sign, httpx its headers and fc2 its request headers, all holding the STS token, when
// DEBUG is set; in a function nothing may print them, whatever the environment says. The shape is debug's own:
// createDebug(namespace) returns a logger function with `enabled`, `namespace`, `log`, `extend` and `destroy`.

/** The one logger every namespace gets: disabled, printing nothing. */
const logger = Object.assign(() => {}, {
  enabled: false,
  namespace: '',
  useColors: false,
  color: 0,
  diff: 0,
  log: () => {},
  extend: () => logger,
  destroy: () => false,
});

/** debug's factory: whatever the namespace, the disabled logger. */
function createDebug() {
  return logger;
}

Object.assign(createDebug, {
  debug: createDebug,
  default: createDebug,
  enable: () => {},
  disable: () => '',
  enabled: () => false,
  coerce: (value) => value,
  humanize: (ms) => `${ms}ms`,
  selectColor: () => 0,
  log: () => {},
  names: [],
  skips: [],
  instances: [],
  formatters: {},
  colors: [],
});

module.exports = createDebug;
