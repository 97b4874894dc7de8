/** The one escaper of text for markdown prose: the report's markdown and the chat robots' (DingTalk, WeCom, Lark). */
import { oneLine } from './hidden-chars';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for markdown prose: one line (a break could start a heading), hidden characters shown, `& < >` as
 * entities (no HTML, no `<@all>`-style mention), and a backslash before every character that could open emphasis,
 * code, a link or image, a heading, a table cell or strike-through.
 */
export function escapeMarkdown(text: string): string {
  return oneLine(text)
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(/[\\`*_~[\]#|!]/g, '\\$&');
}

/** Escapes `& < >` only, on one line with hidden characters shown: Slack mrkdwn's three control characters. */
export function escapeEntities(text: string): string {
  return oneLine(text).replace(/[&<>]/g, (c) => ENTITIES[c]);
}
