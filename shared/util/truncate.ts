/**
 * Every cut of text a person reads: by UTF-8 bytes (DingTalk, WeCom and Lark limits), by UTF-16 units (Slack's
 * "characters", JavaScript's length), or in the middle. A cut never splits a character or a grapheme: an emoji with
 * its modifiers, a ZWJ sequence or a flag is kept whole or dropped whole.
 */

const ELLIPSIS = '…';
// Built on first use: loading ICU's grapheme rules costs a cold start that most runs (no cut needed) never use.
let segmenter: Intl.Segmenter | undefined;
// How far around a cut the segmenter looks: longer than any grapheme met in practice (a family emoji is 11 units).
const WINDOW = 32;

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
  return text.slice(0, boundaryAtOrBefore(text, bytes.subarray(0, end).toString('utf8').length)) + ELLIPSIS;
}

/** Cuts the text to at most `maxUnits` UTF-16 code units (Slack's "characters"), ending with "…" when cut. */
export function truncateUnits(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const room = maxUnits - ELLIPSIS.length;
  return room <= 0 ? '' : graphemePrefix(text, room) + ELLIPSIS;
}

/** The longest start of the text of at most `maxUnits` UTF-16 units that ends between two graphemes (no ellipsis). */
export function graphemePrefix(text: string, maxUnits: number): string {
  return text.length <= maxUnits ? text : text.slice(0, boundaryAtOrBefore(text, Math.max(0, maxUnits)));
}

/**
 * Shortens a sentence to about `max` units by cutting its middle between words: the start says what is wrong
 * and the end often says the verdict (`…; discovery answers 503.`), so neither is lost.
 */
export function shortenMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const tailLen = Math.floor((max - 3) * 0.4);
  const headLen = max - 3 - tailLen;
  let head = graphemePrefix(s, headLen);
  const headCut = head.lastIndexOf(' ');
  if (headCut > headLen / 2) head = head.slice(0, headCut);
  let tail = s.slice(boundaryAtOrAfter(s, s.length - tailLen));
  const tailCut = tail.indexOf(' ');
  if (tailCut >= 0 && tailCut < tailLen / 2) tail = tail.slice(tailCut + 1);
  return `${head} … ${tail}`;
}

// The grapheme boundaries near `index`; only the text around it is segmented, so cutting a megabyte stays cheap.
function boundariesNear(text: string, index: number): number[] {
  let start = Math.max(0, index - WINDOW);
  // Never start the window inside a surrogate pair: its low half alone would count as a grapheme of its own.
  if (start > 0 && /[\uDC00-\uDFFF]/.test(text.charAt(start))) start--;
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  const out: number[] = [];
  for (const { index: i } of segmenter.segment(text.slice(start, Math.min(text.length, index + WINDOW)))) out.push(start + i);
  out.push(Math.min(text.length, index + WINDOW));
  return out;
}

// The last grapheme boundary at or before `index`: a flag's first half or an emoji without its ZWJ partner is
// dropped rather than shown broken.
function boundaryAtOrBefore(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const near = boundariesNear(text, index);
  let boundary = near[0];
  for (const b of near) {
    if (b > index) break;
    boundary = b;
  }
  return boundary;
}

// The first grapheme boundary at or after `index`.
function boundaryAtOrAfter(text: string, index: number): number {
  if (index <= 0) return 0;
  return boundariesNear(text, index).find((b) => b >= index) ?? text.length;
}
