/**
 * The environment variables the functions read, as one TypeBox schema keyed by variable name: an ajv error's
 * instance path is the variable's name, and each `description` is the sentence a bad value is told. The functions
 * read it as the plain JSON that scripts/validators.ts generates beside its validator (`envSchema`), not from here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FORMATS } from '../report/render';

/** A string that must be one of `values`: one `enum` keyword, so a bad value gets one clear message. */
export function OneOf<T extends string>(values: readonly T[], description?: string) {
  return Type.Unsafe<T>({ type: 'string', enum: values, ...(description ? { description } : {}) });
}

export const REGION_PATTERN = '^[a-z]+(-[a-z0-9]+)+$';
/** `30s`, `90m`, `24h`, `7d`. */
export const DURATION = '^[1-9][0-9]{0,6}[smhd]$';
export const CLUSTER_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$';
// FC function names: letters, digits, `_` and `-`, not starting with a digit or `-`, at most 64 characters.
const FUNCTION_NAME = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
// An override receives signed requests and the STS token: https://, or plain http:// only to a loopback host (the
// tests' simulators). The host must end where the port or path starts, so `http://localhost.evil.example` fails.
export const ENDPOINT_URL = '^(https://[^\\s/?#]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?)(/[^\\s]*)?$';

/** A URL or an `env:NAME` reference to another variable that holds it (so secrets stay out of the JSON). */
const SecretOrRef = (what: string) => Type.String({ minLength: 1, maxLength: 2048, description: `${what}, or env:NAME naming the variable that holds it` });

export const WebhookSpec = Type.Object(
  {
    kind: OneOf(['dingtalk', 'lark', 'wecom', 'slack', 'generic'] as const, 'one of dingtalk, lark, wecom, slack, generic'),
    name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'a short name (letters, digits, . _ -) used in delivery ids and logs' }),
    url: SecretOrRef('the webhook URL'),
    secret: Type.Optional(SecretOrRef('the signing secret')),
  },
  { additionalProperties: false },
);
export type WebhookSpec = Static<typeof WebhookSpec>;

const endpoint = (product: string) =>
  Type.Optional(Type.String({ pattern: ENDPOINT_URL, description: `the ${product} endpoint URL (https://, or http:// to 127.0.0.1, [::1] or localhost only), overriding the region's public one` }));

const bool = (description: string) => Type.Optional(Type.Boolean({ description: `true or false: ${description}` }));

export const EnvSchema = Type.Object({
  ACK_DRIFT_REGIONS: Type.Optional(
    Type.Array(Type.String({ pattern: REGION_PATTERN }), { minItems: 1, maxItems: 32, uniqueItems: true, description: 'a comma-separated list of region ids, e.g. cn-hangzhou,cn-shanghai' }),
  ),
  ACK_DRIFT_CLUSTER_IDS: Type.Optional(
    Type.Array(Type.String({ pattern: CLUSTER_ID_PATTERN }), { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'a comma-separated list of cluster ids to audit (an allow-list)' }),
  ),
  ACK_DRIFT_CLUSTER_TYPES: Type.Optional(
    Type.Array(OneOf(['Kubernetes', 'ManagedKubernetes', 'ExternalKubernetes', 'Ask'] as const), {
      minItems: 1,
      uniqueItems: true,
      description: 'a comma-separated list of Kubernetes, ManagedKubernetes, ExternalKubernetes, Ask',
    }),
  ),
  ACK_DRIFT_CLUSTER_TAG: Type.Optional(Type.String({ pattern: '^[^=\\s]{1,128}=[^=]{0,128}$', description: 'a key=value tag the clusters must carry' })),
  ACK_DRIFT_WEBHOOKS: Type.Optional(Type.Array(WebhookSpec, { maxItems: 20, description: 'a JSON array of {kind, name, url, secret?}' })),
  ACK_DRIFT_REPORT_FORMAT: Type.Optional(OneOf(FORMATS, `the HTTP trigger default format: one of ${FORMATS.join(', ')}`)),
  ACK_DRIFT_REPORT_URL: Type.Optional(Type.String({ pattern: '^https://\\S+$', description: 'an https:// link to the report page, put in alerts' })),
  ACK_DRIFT_NOTIFY_ON: Type.Optional(
    OneOf(
      ['change', 'problems', 'always'] as const,
      'change (alert when a problem is new, worse or resolved, and remind of open ones; needs ACK_DRIFT_OSS_BUCKET), ' +
        'problems (alert when a cluster is degraded or unknown) or always (alert on every run)',
    ),
  ),
  ACK_DRIFT_REMIND_EVERY: Type.Optional(
    Type.String({
      pattern: DURATION,
      description: 'a duration such as 24h, 90m or 7d: how often an unchanged open problem is alerted again (ACK_DRIFT_NOTIFY_ON=change)',
    }),
  ),
  ACK_DRIFT_OSS_BUCKET: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
      description: 'an OSS bucket name (3-63 lower-case letters, digits, -): where runs archive their reports',
    }),
  ),
  ACK_DRIFT_OSS_PREFIX: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$',
      description: 'a key prefix inside the bucket (letters, digits, . _ - /), the only place the functions may write',
    }),
  ),
  ACK_DRIFT_OSS_REGION: Type.Optional(Type.String({ pattern: REGION_PATTERN, description: "the bucket's region, when it is not the function's" })),
  ACK_DRIFT_OSS_INTERNAL: bool('use the internal (VPC) OSS endpoint; true inside Function Compute when the bucket is in the function region'),
  ACK_DRIFT_LINK_TTL: Type.Optional(Type.String({ pattern: DURATION, description: 'a duration up to 7d (the OSS limit of a V4 presigned URL): how long the report link in an alert opens' })),
  ACK_DRIFT_PERIOD: Type.Optional(Type.String({ pattern: DURATION, description: "a duration such as 1h: the dispatch timer's period; a cluster whose last run is older than two periods is stale" })),
  ACK_DRIFT_DEADLINE_MS: Type.Optional(Type.Integer({ minimum: 5000, maximum: 86_400_000, description: 'milliseconds (5000 or more) the run may take; below the function timeout' })),
  ACK_DRIFT_DISPATCH_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'an integer from 1 to 100: invocations in flight at once' })),
  ACK_DRIFT_AUDIT_FUNCTION: Type.Optional(Type.String({ pattern: FUNCTION_NAME, description: 'the name of the audit function dispatch invokes' })),
  ACK_DRIFT_MANAGED_CCM_ROLE: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]{1,64}$', description: "the RAM role a managed cluster's route controller uses" })),
  ACK_DRIFT_CCM_ADDON_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$', description: "the key of the managed cluster's cloud-controller-manager add-on config that holds its route table ids" }),
  ),
  ACK_DRIFT_PRIVATE_ENDPOINT: bool("ask CS for the API server's private (VPC) endpoint"),
  ACK_DRIFT_ENDPOINT_VPC: endpoint('VPC'),
  ACK_DRIFT_ENDPOINT_ECS: endpoint('ECS'),
  ACK_DRIFT_ENDPOINT_RAM: endpoint('RAM'),
  ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: endpoint('ResourceManager'),
  ACK_DRIFT_ENDPOINT_CS: endpoint('Container Service'),
  ACK_DRIFT_ENDPOINT_FC: endpoint('Function Compute'),
  ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: bool('allow webhooks on loopback and private addresses (tests only); link-local and metadata stay refused'),
  ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: bool('allow plain http:// webhooks (tests only)'),
  ACK_DRIFT_ALERT_TOKEN: Type.Optional(
    Type.String({ minLength: 32, maxLength: 512, pattern: '^[\\x21-\\x7e]+$', description: 'the bearer token Alertmanager sends to the alert webhook (32 or more printable characters)' }),
  ),
  ACK_DRIFT_ALERT_CLUSTER_LABEL: Type.Optional(Type.String({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]{0,63}$', description: 'the alert label that names the cluster id (a Prometheus label name)' })),
  ACK_DRIFT_ALERT_DEDUPE_MS: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000, description: 'milliseconds within which one alert group triggers one audit' })),
  ACK_DRIFT_LOG_LEVEL: Type.Optional(OneOf(['debug', 'info', 'warn', 'error'] as const, 'one of debug, info, warn, error')),
  FC_REGION: Type.Optional(Type.String({ pattern: REGION_PATTERN, description: "the function's region (set by Function Compute)" })),
  FC_ACCOUNT_ID: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$', description: 'the account id (set by Function Compute)' })),
  FC_FUNCTION_MEMORY_SIZE: Type.Optional(Type.Integer({ minimum: 64, maximum: 32768, description: "the function's memory in MB (set by Function Compute)" })),
});
export type EnvValues = Static<typeof EnvSchema>;
