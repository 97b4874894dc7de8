/**
 * JSON parsing for pop-core, which parses every response with json-bigint: a parser written in JavaScript, many
 * times slower than JSON.parse on a large page. scripts/build.js aliases the `json-bigint` package to this module
 * in the bundles; pop-core itself is untouched. Text in which no number could lose precision as a double goes to
 * JSON.parse; anything else (and any call with a reviver) to json-bigint's own parser, so big integers such as
 * 64-bit ids still arrive as BigNumber, exactly as before.
 */
// By path, not by package name: the alias replaces the name `json-bigint` (and its subpaths) everywhere it is imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bigintParse = (require('../../node_modules/json-bigint/lib/parse.js') as () => (text: string, reviver?: unknown) => unknown)();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bigintStringify = (require('../../node_modules/json-bigint/lib/stringify.js') as { stringify: (value: unknown, replacer?: unknown, space?: unknown) => string }).stringify;

/**
 * Sixteen digits in a row, or seventeen digits and dots: the shortest texts of a number with 16 significant digits.
 * Any number with at most 15 significant digits is exact as a double; json-bigint itself switches to BigNumber for
 * numbers longer than 15 characters. The test may also match inside strings (then the slower parser runs: same result).
 */
// `__proto__` and `constructor` keys: json-bigint refuses them, JSON.parse would not; they take its path too.
const MAYBE_INEXACT = /\d{16}|[\d.]{17}|__proto__|constructor/;

/**
 * A run of sixteen digits and dots, which both number patterns need, so MAYBE_INEXACT's four branches run only on a
 * text that has one. One character class, which the regex engine runs as compiled code almost at once; the
 * character-code loop it replaces ran unoptimised through a fresh process's first audit (~25 ms of its pages at
 * 10,000 nodes) and took twice as long warm.
 */
const DIGIT_RUN = /[\d.]{16}/;

function maybeInexact(text: string): boolean {
  if (text.includes('__proto__') || text.includes('constructor')) return true;
  return DIGIT_RUN.test(text) && MAYBE_INEXACT.test(text);
}

/** Parses JSON text (or a Buffer) as json-bigint does; natively when no number in it needs more than a double. */
export function parse(source: string | Buffer, reviver?: (key: string, value: unknown) => unknown): unknown {
  const text = String(source);
  return reviver || maybeInexact(text) ? bigintParse(text, reviver) : JSON.parse(text);
}

/** json-bigint's own stringify (BigNumber values are written as numbers). */
export const stringify = bigintStringify;
