/** Chunked lists (`limit` / `continue`) the way kube-apiserver pages them out of etcd. */

/** What a continue token carries; clients must treat it as opaque. */
export interface ContinuePosition {
  /** The resourceVersion of the list the token belongs to. */
  resourceVersion: string;
  /** Index of the first item of the next page. */
  offset: number;
  /** 1-based number of the page the token asks for (fault rules match on it). */
  page: number;
}

/** A `limit` or `continue` value the API server would reject with 400 BadRequest. */
export class PagingError extends Error {
  override name = 'PagingError';
}

interface TokenJson {
  v: string;
  rv: string;
  offset: number;
  page: number;
}

/** Encodes a position as base64url JSON, like the apiserver's own `{"v":"meta.k8s.io/v1","rv":…,"start":…}` tokens. */
export function encodeContinue(p: ContinuePosition): string {
  const json: TokenJson = { v: 'meta.k8s.io/v1', rv: p.resourceVersion, offset: p.offset, page: p.page };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

/** Decodes a continue token; throws PagingError with the apiserver's wording when it is not one of ours. */
export function decodeContinue(token: string): ContinuePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new PagingError('continue key is not valid: illegal base64 data or JSON');
  }
  const t = parsed as Partial<TokenJson> | null;
  if (!t || typeof t !== 'object' || t.v !== 'meta.k8s.io/v1') {
    throw new PagingError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof t.rv !== 'string' || !Number.isSafeInteger(t.offset) || !Number.isSafeInteger(t.page) || (t.offset ?? -1) < 0 || (t.page ?? 0) < 2) {
    throw new PagingError('continue key is not valid: malformed position');
  }
  return { resourceVersion: t.rv, offset: t.offset as number, page: t.page as number };
}

/** Parses `limit`; absent, zero or negative means "everything", as on the real server. */
export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  if (!/^-?\d+$/.test(raw)) throw new PagingError(`invalid value for limit: "${raw}"`);
  return Math.max(0, Number(raw));
}

export interface Page<T> {
  items: T[];
  continue?: string;
  remainingItemCount?: number;
}

/**
 * Cuts one page out of a (sorted, filtered) list. `countRemaining` is false for selector-filtered lists: the real
 * server cannot count what is left there, so it omits `remainingItemCount`.
 */
export function pageOf<T>(all: readonly T[], limit: number, from: ContinuePosition | undefined, resourceVersion: string, countRemaining: boolean): Page<T> {
  const offset = from?.offset ?? 0;
  if (offset > all.length) throw new PagingError('continue key is not valid: position beyond the end of the list');
  if (limit <= 0 || offset + limit >= all.length) return { items: all.slice(offset) };
  const next = offset + limit;
  return {
    items: all.slice(offset, next),
    continue: encodeContinue({ resourceVersion, offset: next, page: (from?.page ?? 1) + 1 }),
    ...(countRemaining ? { remainingItemCount: all.length - next } : {}),
  };
}
