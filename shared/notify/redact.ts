/** Keeps a target's secrets out of delivery errors, even when a receiver echoes them back (docs/reliability.md, promise 7). */
import type { WebhookTarget } from './types';

// Shorter pieces are path words ("send", "hook", "v2") that carry no secret and would garble the message.
const MIN_SECRET_LENGTH = 8;

/**
 * Replaces with `[redacted]` every secret-bearing piece of the target: the signing secret (and its key part), the
 * URL, its query values (DingTalk `access_token`, WeCom `key`), its path segments (Slack and Lark carry the token in
 * the path) and any user info, raw or percent-encoded.
 */
export function redactSecrets(text: string, target: Pick<WebhookTarget, 'url' | 'secret'>): string {
  const pieces = new Set<string>([target.url]);
  if (target.secret) pieces.add(target.secret).add(target.secret.replace(/^whsec_/, ''));
  try {
    const u = new URL(target.url);
    pieces.add(u.href).add(u.search.slice(1)).add(u.pathname).add(u.username).add(u.password);
    for (const value of u.searchParams.values()) pieces.add(value);
    for (const segment of u.pathname.split('/')) pieces.add(segment).add(safeDecode(segment));
  } catch {
    // An unparseable URL was refused before any request; the raw text is already listed.
  }
  const secrets = [...pieces].flatMap((p) => [p, encodeURIComponent(p)]).filter((p) => p.length >= MIN_SECRET_LENGTH);
  secrets.sort((a, b) => b.length - a.length);
  return secrets.reduce((out, s) => out.split(s).join('[redacted]'), text);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
