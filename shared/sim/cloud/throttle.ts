/** Per-API QPS budgets (`vpc:DescribeRouteEntryList: 20`): one token bucket per API, one second deep. */

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed like `calls` (`product:Action`); APIs without a budget are never throttled. */
export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly qps: Readonly<Record<string, number>>) {}

  /** Spends one token of the API's budget; false when the budget of the last second is used up. */
  take(api: string, nowMs: number): boolean {
    const rate = this.qps[api];
    if (rate === undefined) return true;
    // A budget below 1 QPS still admits one call, then refills at the configured rate.
    const depth = Math.max(1, rate);
    const bucket = this.buckets.get(api) ?? { tokens: depth, at: nowMs };
    bucket.tokens = Math.min(depth, bucket.tokens + (Math.max(0, nowMs - bucket.at) / 1000) * rate);
    bucket.at = nowMs;
    this.buckets.set(api, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
