/** Maps over items with at most `limit` calls in flight, keeping input order in the result. */
export async function mapLimit<T, U>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<U>): Promise<U[]> {
  const out = new Array<U>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/**
 * Runs `fn` over the items in slices of `size`, letting the event loop answer I/O between slices: CPU work done
 * while responses arrive delays each response by at most one slice, not by the whole list.
 */
export async function inSlices<T>(items: readonly T[], size: number, fn: (slice: readonly T[]) => void): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    fn(items.slice(i, i + size));
  }
}
