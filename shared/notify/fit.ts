/** Fits a digest into a platform's size limit: drop the tail of the "more" list first, then shorten, never the headline first. */
import { shortenDigest, type Digest } from './summary';

/** Renders a digest with the first `keep` lines of its "more" list (and a "…N more findings" line for the rest). */
export type DigestRenderer = (digest: Digest, keep: number) => string;

// Per-field budgets tried in turn once the "more" list is gone and the essentials still do not fit.
const FIELD_BUDGETS = [2000, 1000, 500, 250, 120];

/**
 * The fullest rendering that `fits` accepts: every line if possible, else as many "more" lines as fit (headline and
 * the first root cause always stay), else the essentials with shortened text. Undefined only when even a bare
 * headline and footer do not fit, which a caller reports as a failed delivery instead of sending an oversized body.
 */
export function fitDigest(digest: Digest, render: DigestRenderer, fits: (body: string) => boolean): string | undefined {
  const full = render(digest, digest.more.length);
  if (fits(full)) return full;
  const bare = render(digest, 0);
  if (fits(bare)) {
    // Largest keep that fits: each kept line adds bytes, so the sizes grow with keep and a binary search finds it.
    let lo = 0;
    let hi = digest.more.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(render(digest, mid))) lo = mid;
      else hi = mid - 1;
    }
    return render(digest, lo);
  }
  for (const budget of FIELD_BUDGETS) {
    const body = render(shortenDigest(digest, budget), 0);
    if (fits(body)) return body;
  }
  const minimal = render({ ...shortenDigest(digest, FIELD_BUDGETS[FIELD_BUDGETS.length - 1]), cause: undefined, gaps: [] }, 0);
  return fits(minimal) ? minimal : undefined;
}
