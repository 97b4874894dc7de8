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

const NINE = 0x39;
const ZERO = 0x30;
const DOT = 0x2e;

/**
 * MAYBE_INEXACT.test, in one pass of character codes: both number patterns need a run of sixteen digits and dots,
 * so the expression runs only on a text that has one (the expression tries four branches at every character of a
 * 100-instance ECS page).
 */
function maybeInexact(text: string): boolean {
  if (text.includes('__proto__') || text.includes('constructor')) return true;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= ZERO && c <= NINE) || c === DOT) {
      if (++run === 16) return MAYBE_INEXACT.test(text);
    } else run = 0;
  }
  return false;
}

/** Parses JSON text (or a Buffer) as json-bigint does; natively when no number in it needs more than a double. */
export function parse(source: string | Buffer, reviver?: (key: string, value: unknown) => unknown): unknown {
  const text = String(source);
  return reviver || maybeInexact(text) ? bigintParse(text, reviver) : JSON.parse(text);
}

/** json-bigint's own stringify (BigNumber values are written as numbers). */
export const stringify = bigintStringify;
