/**
 * The one treatment of characters that hide, move or reorder text, for every output a person reads: terminal, chat,
 * markdown, HTML-free error messages. Strings in a report come from the cluster and the account (names, events,
 * policies, API errors): none may move a terminal's cursor, recolour it, or make a resource name read differently.
 */

// C0 controls but tab and line feed (a carriage return overwrites a terminal line), DEL, C1 controls, zero-width
// spaces and non-joiners, bidi marks, embeddings, overrides and isolates (U+202E makes "exe.txt" read "txt.exe"), the
// line and paragraph separators, word joiners and invisible operators, and the byte-order mark. ZWJ (U+200D) stays:
// emoji sequences need it.
const HIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** The text with every hidden character shown as its code point (`‹U+202E›`); tabs and line feeds stay. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN, (c) => `‹U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`);
}

/** The text on one line: each run of line breaks and tabs becomes one space, and hidden characters are shown. */
export function oneLine(text: string): string {
  return showHidden(text.replace(/[\r\n\t]+/g, ' '));
}
