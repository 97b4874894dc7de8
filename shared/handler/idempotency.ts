/**
 * Which deliveries were already made. Function Compute may run a redelivered event on another instance, so the
 * store that guarantees "one alert per run and target" across instances must be shared and persistent. This
 * interface is where such a store plugs in: Tablestore (conditional PutRow with EXPECT_NOT_EXIST to claim, an
 * update to complete, a conditional delete to release) or OSS (PutObject with `x-oss-forbid-overwrite: true`).
 * MemoryIdempotencyStore covers one instance (repeats reaching the same warm instance) and the tests.
 */

export interface IdempotencyStore {
  /** Claims `key`; false when it is done, or claimed by a run that may still be delivering (lease not expired). */
  claim(key: string, leaseMs: number): Promise<boolean>;
  /** Records `key` as done, remembered for `ttlMs`. */
  complete(key: string, ttlMs: number): Promise<void>;
  /** Gives a claim back after a failed delivery, so a retried run may deliver. */
  release(key: string): Promise<void>;
}

interface Entry {
  state: 'claimed' | 'done';
  expiresAt: number;
}

/** Per-instance store in memory; entries expire (leases and TTLs), so it stays small on a long-lived instance. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(key: string, leaseMs: number): Promise<boolean> {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(k);
    if (this.entries.has(key)) return false;
    this.entries.set(key, { state: 'claimed', expiresAt: t + leaseMs });
    return true;
  }

  async complete(key: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { state: 'done', expiresAt: this.now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    if (this.entries.get(key)?.state === 'claimed') this.entries.delete(key);
  }
}
