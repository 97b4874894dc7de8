/**
 * RAM's wildcards: `*` matches any run of characters (also none), `?` exactly one; every other character is
 * literal. Hand-rolled instead of a regex so that no pattern from a hostile document can cause backtracking.
 */

export interface WildcardOptions {
  /** Actions match case-insensitively (RAM: "generally not case-sensitive"); StringLike and resources do not. */
  ignoreCase?: boolean;
}

const STAR = 0x2a;
const ANY = 0x3f;

/**
 * True when the whole `text` matches `pattern`.
 *
 * Linear in the text, with no backtracking whatever the inputs: the pattern splits at its `*`s into segments; the
 * first must match at the start, the last at the end, and each one between at its leftmost place after the one
 * before (leftmost is always safe: a later `*` can absorb whatever an earlier match leaves). Segments are found with
 * a bit-parallel shift-and scan that reads each text character once, so the cost is O(|text| × ⌈longest segment / 32⌉
 * + |pattern|): linear for segments of up to 32 characters, as every real RAM pattern's are. (The two-pointer glob
 * it replaces was O(|pattern| × |text|): 35 s for one hostile Resource against a long id.) Characters are Unicode
 * code points, so `?` matches one emoji, not half of it. Patterns of short runs without `?` or surrogates (every
 * real RAM pattern) take the same steps on the strings themselves, where a code unit is a code point.
 */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const pat = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const txt = options.ignoreCase ? text.toLowerCase() : text;
  const compiled = stringSegments(pat);
  if (compiled) return stringMatch(compiled, txt);
  const p = codePoints(pat);
  const t = codePoints(txt);
  const segments: number[][] = [[]];
  for (const c of p) {
    if (c === STAR) {
      if (segments[segments.length - 1].length > 0 || segments.length === 1) segments.push([]);
    } else segments[segments.length - 1].push(c);
  }
  if (segments.length === 1) return segments[0].length === t.length && matchesAt(segments[0], t, 0);
  const first = segments[0];
  const last = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((s) => s.length > 0);
  let literal = first.length + last.length;
  for (const s of middle) literal += s.length;
  if (literal > t.length) return false;
  if (!matchesAt(first, t, 0) || !matchesAt(last, t, t.length - last.length)) return false;
  let at = first.length;
  const end = t.length - last.length;
  for (const s of middle) {
    const found = findSegment(s, t, at, end);
    if (found < 0) return false;
    at = found + s.length;
  }
  return true;
}

/** Longest `*`-free run the string path searches for: with no run longer, `indexOf` stays linear in the text. */
const MAX_STRING_SEGMENT = 32;

/**
 * True when a pattern can be matched on UTF-16 strings with the same result as on code points: no `?` (which
 * counts code points), no surrogate (so a match can never start or end inside a pair), and no long run.
 */
function stringMatchable(pattern: string): boolean {
  let run = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === ANY || (c >= 0xd800 && c <= 0xdfff)) return false;
    run = c === STAR ? 0 : run + 1;
    if (run > MAX_STRING_SEGMENT) return false;
  }
  return true;
}

/** A pattern's `*`-separated runs, or null when it must be matched on code points. */
type Segments = readonly string[] | null;

// The RAM engine matches the same few hundred patterns thousands of times a run: each is split once. Bounded, as
// patterns come from documents a warm instance keeps reading.
const compiledPatterns = new Map<string, Segments>();
const MAX_COMPILED = 4096;

function stringSegments(pattern: string): Segments {
  let s = compiledPatterns.get(pattern);
  if (s === undefined) {
    if (compiledPatterns.size >= MAX_COMPILED) compiledPatterns.clear();
    s = stringMatchable(pattern) ? pattern.split('*') : null;
    compiledPatterns.set(pattern, s);
  }
  return s;
}

/**
 * wildcardMatch for a stringMatchable pattern, on the strings themselves (no code point arrays): the same anchored
 * first and last runs and leftmost runs between them.
 */
function stringMatch(segments: readonly string[], text: string): boolean {
  if (segments.length === 1) return segments[0] === text;
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (first.length + last.length > text.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const s = segments[i];
    if (s.length === 0) continue;
    const found = text.indexOf(s, at);
    if (found < 0 || found + s.length > end) return false;
    at = found + s.length;
  }
  return true;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const c of s) out.push(c.codePointAt(0)!);
  return out;
}

/** True when `segment` (literals and `?`) matches `t` at `at`. */
function matchesAt(segment: number[], t: number[], at: number): boolean {
  if (at < 0) return false;
  for (let i = 0; i < segment.length; i++) if (segment[i] !== ANY && segment[i] !== t[at + i]) return false;
  return true;
}

/** The leftmost start ≥ `from` where `segment` matches wholly inside t[from, end), or -1 (shift-and, one pass). */
function findSegment(segment: number[], t: number[], from: number, end: number): number {
  const k = segment.length;
  const words = Math.ceil(k / 32);
  const any = new Uint32Array(words);
  segment.forEach((c, j) => {
    if (c === ANY) any[j >>> 5] |= 1 << (j & 31);
  });
  const masks = new Map<number, Uint32Array>();
  segment.forEach((c, j) => {
    if (c === ANY) return;
    let m = masks.get(c);
    if (!m) masks.set(c, (m = Uint32Array.from(any)));
    m[j >>> 5] |= 1 << (j & 31);
  });
  const state = new Uint32Array(words);
  const lastWord = words - 1;
  const lastBit = 1 << ((k - 1) & 31);
  for (let i = from; i < end; i++) {
    const m = masks.get(t[i]) ?? any;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const next = state[w] >>> 31;
      state[w] = ((state[w] << 1) | carry) & m[w];
      carry = next;
    }
    if (state[lastWord] & lastBit) return i - k + 1;
  }
  return -1;
}

/** True when the pattern contains a wildcard character (`*` or `?`). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
