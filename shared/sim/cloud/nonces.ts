/** Replay protection: signature nonces are remembered for the 15 minutes a signed request stays valid. */

/** How far a request's clock may be from the server's, and how long a nonce is remembered. */
export const REQUEST_VALIDITY_MS = 15 * 60 * 1000;

/** The nonces seen per AccessKey in the last 15 minutes. */
export class NonceCache {
  // Insertion order is expiry order (the clock only moves forward), so pruning pops from the front.
  private readonly expiries = new Map<string, number>();

  /** Records the nonce; false when the same key already used it within the window. */
  claim(accessKeyId: string, nonce: string, nowMs: number): boolean {
    for (const [key, expiry] of this.expiries) {
      if (expiry > nowMs) break;
      this.expiries.delete(key);
    }
    const key = `${accessKeyId}\n${nonce}`;
    if (this.expiries.has(key)) return false;
    this.expiries.set(key, nowMs + REQUEST_VALIDITY_MS);
    return true;
  }
}
