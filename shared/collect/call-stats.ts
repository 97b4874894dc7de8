/** Counts API calls by name (`vpc:DescribeRouteEntryList`, `k8s:list nodes`) for the report's `stats.apiCalls`. */
export class CallStats {
  readonly counts: Record<string, number> = {};

  /** Records one call (attempt) of the named API. */
  count(api: string): void {
    this.counts[api] = (this.counts[api] ?? 0) + 1;
  }

  /** The counts sorted by API name, so reports are stable. */
  sorted(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.counts).sort(([a], [b]) => a.localeCompare(b)));
  }
}
