/** HTML escaping for report renderings: every string in a report may carry hostile data (names, messages, API errors). */
import { showHidden } from '../util/hidden-chars';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values (SVG included); hidden characters are shown. */
export function escapeHtml(value: unknown): string {
  return showHidden(String(value)).replace(/[&<>"']/g, (c) => HTML[c]);
}
