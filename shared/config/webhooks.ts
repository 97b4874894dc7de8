/**
 * Webhook targets from ACK_DRIFT_WEBHOOKS. `url` and `secret` may be `env:NAME` references, so the JSON (which
 * deploy tooling shows and diffs) holds no token: s.yaml fills NAME from the deployer's own environment.
 */
import { standardWebhooksKey } from '../notify/sign';
import type { WebhookTarget } from '../notify/types';
import type { WebhookSpec } from './env-schema';

const REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/** Resolves one `env:NAME` reference (or returns a literal); `problem` receives what is wrong, never the value. */
function resolve(value: string, where: string, env: NodeJS.ProcessEnv, problem: (p: string) => void): string | undefined {
  if (!value.startsWith('env:')) return value;
  const m = REFERENCE.exec(value);
  if (!m) {
    problem(`${where}: expected env:NAME with NAME a variable name`);
    return undefined;
  }
  const resolved = env[m[1]];
  if (!resolved) {
    problem(`${where}: references ${m[1]}, which is not set`);
    return undefined;
  }
  return resolved;
}

function isWebUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The targets of validated specs; problems name the entry and field (ACK_DRIFT_WEBHOOKS[1].url) and never echo a value. */
export function resolveWebhooks(specs: readonly WebhookSpec[], env: NodeJS.ProcessEnv, problems: string[]): WebhookTarget[] {
  const out: WebhookTarget[] = [];
  const names = new Set<string>();
  specs.forEach((spec, i) => {
    const at = `ACK_DRIFT_WEBHOOKS[${i}]`;
    if (names.has(spec.name)) problems.push(`${at}.name: "${spec.name}" is used twice (names make the delivery ids)`);
    names.add(spec.name);
    const url = resolve(spec.url, `${at}.url`, env, (p) => problems.push(p));
    if (url !== undefined && !isWebUrl(url)) problems.push(`${at}.url: not an http(s) URL`);
    const secret = spec.secret === undefined ? undefined : resolve(spec.secret, `${at}.secret`, env, (p) => problems.push(p));
    // An unsigned generic alert cannot be told from a forged one; a bad key would only fail at the first alert.
    if (spec.kind === 'generic' && spec.secret === undefined) problems.push(`${at}.secret: generic webhook "${spec.name}" needs a Standard Webhooks key (whsec_ then base64)`);
    if (spec.kind === 'generic' && secret !== undefined && !standardWebhooksKey(secret))
      problems.push(`${at}.secret: the key of generic webhook "${spec.name}" is not a Standard Webhooks key (whsec_ then base64)`);
    if (url !== undefined) out.push({ kind: spec.kind, name: spec.name, url, ...(secret ? { secret } : {}) });
  });
  return out;
}
