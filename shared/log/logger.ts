/**
 * The one logger: pino JSON lines on stdout for SLS, written synchronously (Function Compute freezes an instance
 * between invocations, and an async buffer would lose or delay lines), with every secret-bearing key redacted.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Keys whose values are secrets (or carry them, like robot URLs with access tokens) wherever they appear. */
export const SECRET_KEYS = [
  'accessKeySecret',
  'securityToken',
  'credentials',
  'secret',
  'password',
  'token',
  'authorization',
  'cookie',
  'kubeconfig',
  'url',
  'client-key-data',
  'x-fc-security-token',
  'x-fc-access-key-secret',
  'x-acs-security-token',
] as const;

// pino's redaction wildcards match one level each; four levels cover every object the functions log.
const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];

/** The redact paths: each secret key at the top level and up to three levels down. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);
  return DEPTHS.map((prefix) => (safe ? `${prefix}${key}` : `${prefix.replace(/\.$/, '')}["${key}"]`));
});

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

export interface LoggerOptions {
  /** An unknown level falls back to info: the configuration check reports it, the logger must still work to say so. */
  level?: string;
  /** Where lines go; stdout (fd 1, synchronous) by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/** A logger writing redacted JSON lines (`level` as a label, ISO `time`, `service: ack-drift`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level && LEVELS.has(options.level) ? options.level : 'info',
      base: { service: 'ack-drift' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The per-invocation child: every line carries the FC request id (and the function and cluster once known). */
export function invocationLogger(base: Logger, fields: { requestId: string; functionName?: string; clusterId?: string }): Logger {
  return base.child(fields);
}
