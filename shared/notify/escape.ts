/** Makes report text safe to put in a chat message: no hidden characters, no markup, links or mentions it did not ask for. */

// Controls, bidi overrides (U+202E can make "exe.txt" read "txt.exe") and invisible spaces are shown as code points,
// so an alert never hides or reorders what a resource is really called. ZWJ stays: emoji sequences need it.
const HIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** One line of report text with hidden characters made visible and line breaks folded (a break could start a heading). */
export function visible(text: string): string {
  return text.replace(HIDDEN, (c) => `‹U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}›`).replace(/[\r\n\t]+/g, ' ');
}

/**
 * Escapes report text for DingTalk and WeCom markdown: markup characters get a backslash and `& < >` become entities,
 * so a resource name cannot open a link, emphasis, a heading or a `<@all>`-style mention.
 */
export function escapeMarkdown(text: string): string {
  return visible(text)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_~[\]#|!]/g, '\\$&');
}

/** Escapes report text for Slack mrkdwn, which has exactly three control characters (`<!channel>` needs `<`). */
export function escapeSlack(text: string): string {
  return visible(text).replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** A command as inline code when it can be one, else as escaped text (a backtick cannot be escaped inside code). */
export function markdownCode(command: string, escape: (t: string) => string): string {
  const line = visible(command);
  return line.includes('`') ? escape(line) : `\`${line}\``;
}

/** The report link as an absolute http(s) URL safe inside markdown link syntax, or undefined when it is not one. */
export function safeLink(reportUrl: string | undefined): string | undefined {
  if (!reportUrl) return undefined;
  try {
    const u = new URL(reportUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.href.replace(/[()<>|\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return undefined;
  }
}
