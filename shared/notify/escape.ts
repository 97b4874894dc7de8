/** Chat-message pieces beyond escaping (shared/util/markdown-escape.ts): inline code and the report link. */
import { oneLine } from '../util/hidden-chars';

/** A command as inline code when it can be one, else as escaped text (a backtick cannot be escaped inside code). */
export function markdownCode(command: string, escape: (t: string) => string): string {
  const line = oneLine(command);
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
