/** Deterministic identifiers and dates: request IDs, RAM's numeric IDs, NextTokens, default creation times. */
import { createHash } from 'node:crypto';

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Issues request IDs shaped like the real ones (`473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`), reproducible per scenario. */
export class RequestIds {
  private count = 0;

  constructor(private readonly seed: string) {}

  /** The next request ID. */
  next(): string {
    this.count += 1;
    const h = md5(`${this.seed}#${this.count}`).toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
}

/** A 16-digit decimal ID derived from a name (RAM `RoleId`/`UserId` are numeric strings of that size). */
export function numericId(name: string): string {
  const n = BigInt(`0x${md5(name).slice(0, 15)}`) % 9000000000000000n;
  return String(n + 1000000000000000n);
}

/** The creation time of records whose scenario entry gives none: fixed, so that answers are reproducible. */
export const SIM_CREATED = '2026-01-05T08:00:00Z';

/** A 32-hex-digit opaque token (the shape of ECS and VPC `NextToken` values). */
export function opaqueToken(text: string): string {
  return md5(text);
}
