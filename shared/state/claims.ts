/**
 * Delivery claims shared by every instance: a claim is an object created with `x-oss-forbid-overwrite` (OSS answers
 * 409 FileAlreadyExists to every later creator), so a redelivered event on any instance alerts once. The instance's
 * memory store is asked first; when OSS fails, the claim falls back to it and the run delivers (a duplicate alert
 * is better than a lost one) with a warning.
 */
import type { IdempotencyStore } from '../handler/idempotency';
import type { StateStore } from './store';

interface Claim {
  state: 'claimed' | 'done';
  /** Epoch milliseconds: the lease (claimed) or how long the delivery is remembered (done). */
  expiresAt: number;
}

const claimKey = (deliveryId: string) => `deliveries/${encodeURIComponent(deliveryId)}.json`;

function parseClaim(bytes: Buffer | undefined): Claim | undefined {
  try {
    const c = bytes && (JSON.parse(bytes.toString('utf8')) as Claim);
    return c && (c.state === 'claimed' || c.state === 'done') && typeof c.expiresAt === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Claims in the state store, in front of which the instance's own store answers repeats on the same instance. */
export function sharedClaims(store: StateStore, local: IdempotencyStore, warn: (message: string) => void, now: () => number = Date.now): IdempotencyStore {
  const body = (c: Claim) => JSON.stringify(c);
  const tryShared = async <T>(what: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      warn(`delivery claims in ${store.location} failed (${what}): ${err instanceof Error ? err.message : String(err)}; this instance's memory decides`);
      return fallback;
    }
  };
  return {
    async claim(key, leaseMs) {
      if (!(await local.claim(key, leaseMs))) return false;
      const fresh: Claim = { state: 'claimed', expiresAt: now() + leaseMs };
      const won = await tryShared(
        'claim',
        async () => {
          if (await store.create(claimKey(key), body(fresh), 'application/json')) return true;
          const held = parseClaim(await store.get(claimKey(key)));
          // A lease whose holder died (its run is long over) is taken over; a done delivery never is. OSS has no
          // compare-and-delete, so two instances taking over the same dead lease in the same instant may both win.
          if (held?.state !== 'claimed' || held.expiresAt > now()) return false;
          await store.delete(claimKey(key));
          return store.create(claimKey(key), body(fresh), 'application/json');
        },
        true,
      );
      if (!won) await local.release(key);
      return won;
    },
    async complete(key, ttlMs) {
      await local.complete(key, ttlMs);
      await tryShared('complete', () => store.put(claimKey(key), body({ state: 'done', expiresAt: now() + ttlMs }), 'application/json'), undefined);
    },
    async release(key) {
      await local.release(key);
      await tryShared('release', () => store.delete(claimKey(key)), undefined);
    },
  };
}
