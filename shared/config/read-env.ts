/**
 * Reads the functions' configuration from environment variables: strings are converted by the schema's own
 * types (comma lists, integers, booleans, JSON), validated by the schema's precompiled validator, and every bad variable is named in one error.
 */
import { type ErrorObject, formatPath, pathOf, validationProblems, validatorOf } from '../util/validation';
import { ConfigError } from '../util/errors';
import type { EnvValues } from './env-schema';
import { envSchema, validateEnv } from './env-schema.validator';
import {
  DEFAULT_AUDIT_FUNCTION,
  DEFAULT_CLUSTER_TYPES,
  DEFAULT_DISPATCH_CONCURRENCY,
  DEFAULT_LINK_TTL,
  DEFAULT_OSS_PREFIX,
  DEFAULT_PERIOD,
  DEFAULT_REMIND_EVERY,
  type FunctionConfig,
} from './function-config';
import { durationMs } from './duration';
import { readFileSync } from 'node:fs';
import { severityOverridesFrom } from './severity-config';
import { resolveWebhooks } from './webhooks';
import { graphemePrefix } from '../util/truncate';

/** The part of a JSON Schema this module reads. */
interface VariableSchema {
  type?: string;
  items?: VariableSchema;
  description?: string;
}

// The schema as plain JSON, generated from the TypeBox one in ./env-schema (which the function bundles do not load).
const PROPERTIES = envSchema.properties as Record<string, VariableSchema>;
const VARIABLES = Object.keys(PROPERTIES) as (keyof EnvValues)[];

/** Variables whose values are never echoed in an error message: webhook tokens, signed report links, endpoint credentials. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'ACK_DRIFT_WEBHOOKS',
  'ACK_DRIFT_REPORT_URL',
  'ACK_DRIFT_ENDPOINT_VPC',
  'ACK_DRIFT_ENDPOINT_ECS',
  'ACK_DRIFT_ENDPOINT_RAM',
  'ACK_DRIFT_ENDPOINT_RESOURCEMANAGER',
  'ACK_DRIFT_ENDPOINT_CS',
  'ACK_DRIFT_ENDPOINT_FC',
  'ACK_DRIFT_ALERT_TOKEN',
]);

// Generated with verbose errors: each carries its schema, whose description is the sentence a bad value is told.
const validate = validatorOf<EnvValues>(validateEnv);

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no']);

/** Converts a variable's text to the type its schema expects; text that does not convert is left for ajv to reject. */
function convert(name: string, text: string, problems: string[]): unknown {
  const schema = PROPERTIES[name];
  const items = schema.items;
  if (schema.type === 'array' && items?.type === 'object') {
    try {
      return JSON.parse(text);
    } catch {
      problems.push(`${name}: not valid JSON (expected ${schema.description})`);
      return undefined;
    }
  }
  if (schema.type === 'array')
    return text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (schema.type === 'integer') return /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  if (schema.type === 'boolean') return TRUE.has(text.trim().toLowerCase()) ? true : FALSE.has(text.trim().toLowerCase()) ? false : text;
  return text.trim();
}

function describe(e: ErrorObject, raw: NodeJS.ProcessEnv): string {
  const name = e.instancePath.split('/')[1];
  const at = formatPath(pathOf(e.instancePath));
  if (e.keyword === 'required') return `${at}: missing "${String(e.params.missingProperty)}"`;
  if (e.keyword === 'additionalProperties') return `${at}: unknown key "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'uniqueItems') return `${at}: lists a value twice`;
  const own = (e.parentSchema as VariableSchema | undefined)?.description;
  const top = PROPERTIES[name]?.description;
  const got = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(graphemePrefix(String(raw[name]), 80))})`;
  return `${at}: expected ${own ?? top ?? e.message ?? 'a valid value'}${got}`;
}

/** The configuration in `env`; throws ConfigError naming every bad variable (values of secret ones are not repeated). */
export function readFunctionConfig(env: NodeJS.ProcessEnv): FunctionConfig {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const name of VARIABLES) {
    const text = env[name];
    // Empty counts as unset: s.yaml's ${env('X', '')} passes an empty string for an option the deployer left out.
    if (text === undefined || text.trim() === '') continue;
    const v = convert(name, text, problems);
    if (v !== undefined) values[name] = v;
  }
  problems.push(...validationProblems(validate, values, (e) => describe(e, env)));
  if (problems.length > 0) throw new ConfigError(problems);

  const v = values as EnvValues;
  const webhooks = resolveWebhooks(v.ACK_DRIFT_WEBHOOKS ?? [], env, problems);
  const regions = v.ACK_DRIFT_REGIONS ?? (v.FC_REGION ? [v.FC_REGION] : []);
  if (regions.length === 0) problems.push('ACK_DRIFT_REGIONS: required (FC_REGION is not set either)');
  const severityOverrides = severityOverridesOf(env, problems);
  if (v.ACK_DRIFT_NOTIFY_ON === 'change' && !v.ACK_DRIFT_OSS_BUCKET) problems.push('ACK_DRIFT_NOTIFY_ON: change needs a memory of the last run: set ACK_DRIFT_OSS_BUCKET');
  const linkTtlMs = durationMs(v.ACK_DRIFT_LINK_TTL ?? DEFAULT_LINK_TTL);
  if (linkTtlMs > 7 * 86_400_000) problems.push(`ACK_DRIFT_LINK_TTL: expected at most 7d, the longest an OSS V4 presigned URL lives (got "${v.ACK_DRIFT_LINK_TTL}")`);
  if (problems.length > 0) throw new ConfigError(problems);
  const ossRegion = v.ACK_DRIFT_OSS_REGION ?? v.FC_REGION ?? regions[0];

  const tag = v.ACK_DRIFT_CLUSTER_TAG?.split('=');
  return {
    regions,
    clusterIds: v.ACK_DRIFT_CLUSTER_IDS,
    clusterTypes: v.ACK_DRIFT_CLUSTER_TYPES ?? [...DEFAULT_CLUSTER_TYPES],
    clusterTag: tag ? { key: tag[0], value: tag[1] } : undefined,
    webhooks,
    reportFormat: v.ACK_DRIFT_REPORT_FORMAT ?? 'json',
    reportUrl: v.ACK_DRIFT_REPORT_URL,
    // With a memory, repeating an unchanged problem every hour only teaches people to mute the channel.
    notifyOn: v.ACK_DRIFT_NOTIFY_ON ?? (v.ACK_DRIFT_OSS_BUCKET ? 'change' : 'problems'),
    remindEveryMs: durationMs(v.ACK_DRIFT_REMIND_EVERY ?? DEFAULT_REMIND_EVERY),
    linkTtlSeconds: Math.floor(linkTtlMs / 1000),
    periodMs: durationMs(v.ACK_DRIFT_PERIOD ?? DEFAULT_PERIOD),
    state: v.ACK_DRIFT_OSS_BUCKET
      ? {
          bucket: v.ACK_DRIFT_OSS_BUCKET,
          prefix: (v.ACK_DRIFT_OSS_PREFIX ?? DEFAULT_OSS_PREFIX).replace(/\/+$/, ''),
          region: ossRegion,
          // The internal endpoint only reaches a bucket in the function's own region.
          internal: v.ACK_DRIFT_OSS_INTERNAL ?? (v.FC_REGION !== undefined && ossRegion === v.FC_REGION),
        }
      : undefined,
    deadlineMs: v.ACK_DRIFT_DEADLINE_MS,
    dispatchConcurrency: v.ACK_DRIFT_DISPATCH_CONCURRENCY ?? DEFAULT_DISPATCH_CONCURRENCY,
    auditFunction: v.ACK_DRIFT_AUDIT_FUNCTION ?? DEFAULT_AUDIT_FUNCTION,
    managedCcmRole: v.ACK_DRIFT_MANAGED_CCM_ROLE,
    ccmAddonKey: v.ACK_DRIFT_CCM_ADDON_KEY,
    severityOverrides,
    privateEndpoint: v.ACK_DRIFT_PRIVATE_ENDPOINT ?? false,
    endpoints: {
      vpc: v.ACK_DRIFT_ENDPOINT_VPC,
      ecs: v.ACK_DRIFT_ENDPOINT_ECS,
      ram: v.ACK_DRIFT_ENDPOINT_RAM,
      resourcemanager: v.ACK_DRIFT_ENDPOINT_RESOURCEMANAGER,
      cs: v.ACK_DRIFT_ENDPOINT_CS,
      fc: v.ACK_DRIFT_ENDPOINT_FC,
    },
    allowPrivateWebhooks: v.ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS ?? false,
    allowHttpWebhooks: v.ACK_DRIFT_ALLOW_HTTP_WEBHOOKS ?? false,
    alerts: { token: v.ACK_DRIFT_ALERT_TOKEN, clusterLabel: v.ACK_DRIFT_ALERT_CLUSTER_LABEL ?? 'cluster_id', dedupeMs: v.ACK_DRIFT_ALERT_DEDUPE_MS ?? 10 * 60_000 },
    logLevel: v.ACK_DRIFT_LOG_LEVEL ?? 'info',
    functionRegion: v.FC_REGION,
    accountId: v.FC_ACCOUNT_ID,
    memoryMb: v.FC_FUNCTION_MEMORY_SIZE,
  };
}

// A file named by ACK_DRIFT_SEVERITY_CONFIG is read from the function's code package (a relative path from /code).
function severityOverridesOf(env: NodeJS.ProcessEnv, problems: string[]): FunctionConfig['severityOverrides'] {
  try {
    return severityOverridesFrom(env, (path) => readFileSync(path, 'utf8'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
    return {};
  }
}
