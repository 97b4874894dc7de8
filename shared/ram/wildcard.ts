/**
 * RAM's wildcards: `*` matches any run of characters (also none), `?` exactly one; every other character is
 * literal. Hand-rolled instead of a regex so that no pattern from a hostile document can cause catastrophic
 * backtracking.
 */

export interface WildcardOptions {
  /** Actions match case-insensitively (RAM: "generally not case-sensitive"); StringLike and resources do not. */
  ignoreCase?: boolean;
}

/**
 * True when the whole `text` matches `pattern`.
 *
 * The classic two-pointer glob: on a mismatch it only ever returns to the most recent `*`, letting it swallow one
 * more character. That is correct because a later `*` can absorb anything an earlier one could, and it bounds the
 * work by O(|pattern| × |text|) — no exponential blow-up. In practice it is linear: a pattern needing more literal
 * characters than the text has is rejected before the loop, and runs of `*` collapse into one restart point.
 * Characters are Unicode code points, so `?` matches one emoji, not half of it.
 */
export function wildcardMatch(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const p = Array.from(options.ignoreCase ? pattern.toLowerCase() : pattern);
  const t = Array.from(options.ignoreCase ? text.toLowerCase() : text);
  let literal = 0;
  for (const c of p) if (c !== '*') literal++;
  if (literal > t.length) return false;

  let pi = 0;
  let ti = 0;
  let star = -1; // index in p of the last `*` seen
  let resume = 0; // index in t where that `*` currently stops swallowing
  while (ti < t.length) {
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      resume = ti;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/** True when the pattern contains a wildcard character (`*` or `?`). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
