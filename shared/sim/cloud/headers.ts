/** Reading request headers as signers see them. */
import type { IncomingHttpHeaders } from 'node:http';

/** One header's value ('' when absent; repeated headers joined as Node joins them). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
}

/** All headers as a flat record, for recording what a client sent. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) out[name] = headerValue(headers, name);
  return out;
}
