/** The Function Compute 3.0 invocation context, as far as the handlers read it (docs/architecture.md, "Cloud APIs"). */
import type { CloudCredentials } from '../collect/cloud-clients';
import { ConfigError, EventError } from '../util/errors';

export interface FcContext {
  requestId: string;
  /** STS credentials of the function's role (valid 36 h); absent when the function has no role. */
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
  function?: { name?: string; handler?: string; memory?: number; timeout?: number };
  region?: string;
  accountId?: string;
}

/** The role's credentials from the context, else the ALIBABA_CLOUD_* variables FC also sets; never logged. */
export function credentialsOf(context: FcContext, env: NodeJS.ProcessEnv): CloudCredentials {
  const c = context.credentials;
  if (c?.accessKeyId && c.accessKeySecret) return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken || undefined };
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && secret) return { accessKeyId: id, accessKeySecret: secret, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
  throw new ConfigError(['credentials: the invocation has none; give the function a role (s.yaml `role`)']);
}

/** The context's request id; a call without FC's context (a local caller's mistake) is one clear line, not a TypeError. */
export function requestIdOf(context: unknown): string {
  const id = typeof context === 'object' && context !== null ? (context as { requestId?: unknown }).requestId : undefined;
  if (typeof id !== 'string' || id === '') throw new EventError('context: expected the Function Compute context, with a requestId, as the second argument');
  return id;
}
