/** Wrapping report text to a terminal's width: at spaces, with a hanging indent, measured as the terminal shows it. */

// SGR colour codes: the only escapes the text renderer writes (report strings have their controls replaced).
const SGR = /\u001b\[[0-9;]*m/g;
// Characters a terminal draws in no column: combining marks (variation selectors among them) and format characters
// (zero-width spaces and joiners, direction marks).
const ZERO = /[\p{Mn}\p{Me}\p{Cf}]/u;
// East Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms) and emoji take two columns.
const WIDE = new RegExp(
  [
    '[\\u1100-\\u115f\\u2e80-\\u303e\\u3041-\\u33ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\ua000-\\ua4cf\\uac00-\\ud7a3]',
    '[\\uf900-\\ufaff\\ufe30-\\ufe4f\\uff00-\\uff60\\uffe0-\\uffe6\\u{1f300}-\\u{1f64f}\\u{1f900}-\\u{1f9ff}\\u{20000}-\\u{3fffd}]',
  ].join('|'),
  'u',
);
// A terminal narrower than this gets the text as it is: a hanging indent would leave no room for words.
const MIN_WIDTH = 30;

/** The columns a string takes on a terminal: colour codes none, combining marks none, wide characters two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(SGR, '')) width += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/**
 * Wraps one line at spaces so that no row is wider than `width` columns; rows after the first start with `hang`
 * spaces (at most half the width). A word longer than a row stays whole: an id, an ARN or a URL is copied as one
 * piece, and the terminal folds it. Newlines in the line start new rows, wrapped the same way.
 */
export function wrapLine(line: string, width: number, hang: number): string {
  if (width < MIN_WIDTH) return line;
  const indent = ' '.repeat(Math.min(hang, Math.floor(width / 2)));
  return line
    .split('\n')
    .map((row) => wrapRow(row, width, indent))
    .join('\n');
}

function wrapRow(row: string, width: number, indent: string): string {
  if (displayWidth(row) <= width) return row;
  const lead = /^ */.exec(row)![0];
  const parts = row.slice(lead.length).split(/( +)/);
  const rows: string[] = [];
  let current = lead + parts[0];
  let used = displayWidth(current);
  for (let i = 2; i < parts.length; i += 2) {
    const gap = parts[i - 1];
    const word = parts[i];
    if (word === '') continue;
    const w = displayWidth(word);
    if (used + gap.length + w <= width) {
      current += gap + word;
      used += gap.length + w;
    } else {
      rows.push(current);
      current = indent + word;
      used = indent.length + w;
    }
  }
  rows.push(current);
  return rows.join('\n');
}
