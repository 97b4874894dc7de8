/** Escaping for report renderings: every string in a report may carry hostile data (names, messages, API errors). */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values (SVG included). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Shortens a sentence to about `max` characters by cutting its middle between words: the start says what is wrong
 * and the end often says the verdict (`…; discovery answers 503.`), so neither is lost.
 */
export function shortenMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const tailLen = Math.floor((max - 3) * 0.4);
  const headLen = max - 3 - tailLen;
  let head = s.slice(0, headLen);
  const headCut = head.lastIndexOf(' ');
  if (headCut > headLen / 2) head = head.slice(0, headCut);
  let tail = s.slice(s.length - tailLen);
  const tailCut = tail.indexOf(' ');
  if (tailCut >= 0 && tailCut < tailLen / 2) tail = tail.slice(tailCut + 1);
  return `${head} … ${tail}`;
}

/** Shortens a string to `max` characters, ending with an ellipsis when it was cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
