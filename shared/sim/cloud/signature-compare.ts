/** Constant-time comparison of two signatures. */
import { timingSafeEqual } from 'node:crypto';

/** True when both strings are equal, compared in constant time for equal lengths. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
