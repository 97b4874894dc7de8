/** Paging rules the list actions share: page-number windows and opaque NextToken cursors. */
import type { CloudError } from './errors';
import { opaqueToken } from './ids';

/** One page of a page-number list (pages past the end are empty, as the real APIs answer). */
export function pageWindow<T>(items: readonly T[], pageNumber: number, pageSize: number): T[] {
  const start = (pageNumber - 1) * pageSize;
  return items.slice(start, start + pageSize);
}

interface Cursor {
  scope: string;
  offset: number;
  page: number;
}

/** One page of a NextToken list. */
export interface TokenPage<T> {
  items: T[];
  /** The token of the next page; empty on the last page. */
  nextToken: string;
}

/**
 * NextToken cursors. A token is valid only for the query that issued it (the action and every filter), so a
 * client that reuses a token across tables or filters gets the API's token error instead of a wrong page.
 */
export class TokenPager {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly secret: string) {}

  /** The 1-based page a token leads to, or undefined for a token this simulator never issued. */
  pageOf(token: string): number | undefined {
    return this.cursors.get(token)?.page;
  }

  /** The page `token` points at (the first page without one); throws `invalid()` for a foreign token. */
  slice<T>(items: readonly T[], token: string | undefined, scope: string, size: number, invalid: () => CloudError): TokenPage<T> {
    let cursor: Cursor = { scope, offset: 0, page: 1 };
    if (token) {
      const found = this.cursors.get(token);
      if (!found || found.scope !== scope) throw invalid();
      cursor = found;
    }
    const end = cursor.offset + size;
    return { items: items.slice(cursor.offset, end), nextToken: end < items.length ? this.issue(scope, end, cursor.page + 1) : '' };
  }

  private issue(scope: string, offset: number, page: number): string {
    const token = opaqueToken(`${this.secret}|${scope}|${offset}|${page}`);
    this.cursors.set(token, { scope, offset, page });
    return token;
  }
}
