/** The alert webhook's bearer token, compared in constant time (Alertmanager's `http_config.authorization`). */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `header` is `Bearer <token>` with exactly the configured token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (\S+)$/i.exec(header ?? '');
  // Hashing first makes the comparison length-independent: no early exit reveals the token's length.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return m !== null && timingSafeEqual(digest(m[1]), digest(token));
}
