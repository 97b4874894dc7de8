/** Size arithmetic for alert bodies: robots count UTF-8 bytes (Slack counts characters), and a cut never splits a character. */

const ELLIPSIS = '…';
// Built on first use: loading ICU's grapheme rules costs a cold start that most runs (no cut needed) never use.
let segmenter: Intl.Segmenter | undefined;

/** The text's size in UTF-8 bytes, the unit DingTalk, WeCom and Lark limits are stated in. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Cuts the text to at most `maxBytes` UTF-8 bytes, ending with "…" when cut. The cut lands on a code point and
 * then on a grapheme boundary, so neither a Chinese character nor an emoji (with its modifiers) is split.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const room = maxBytes - utf8Bytes(ELLIPSIS);
  if (room <= 0) return '';
  const bytes = Buffer.from(text, 'utf8');
  let end = room;
  // Step back over UTF-8 continuation bytes (10xxxxxx) to the start of the code point that would be split.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return graphemeSafe(bytes.subarray(0, end).toString('utf8'), text) + ELLIPSIS;
}

/** Cuts the text to at most `maxUnits` UTF-16 code units (Slack's "characters"), ending with "…" when cut. */
export function truncateUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const room = maxUnits - ELLIPSIS.length;
  if (room <= 0) return '';
  let end = room;
  // A low surrogate at the cut means the pair would be split: drop its high half too.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return graphemeSafe(text.slice(0, end), text) + ELLIPSIS;
}

// Backs the cut off to the last grapheme boundary, so a flag's first half or an emoji without its ZWJ partner is
// dropped rather than shown broken. Only the text around the cut is segmented, so cutting a megabyte stays cheap.
function graphemeSafe(prefix: string, whole: string): string {
  const cut = prefix.length;
  const tailStart = Math.max(0, cut - 32);
  const window = whole.slice(tailStart, Math.min(whole.length, cut + 32));
  let boundary = tailStart;
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  for (const { index } of segmenter.segment(window)) {
    if (tailStart + index > cut) break;
    boundary = tailStart + index;
  }
  return whole.slice(0, boundary);
}
