/**
 * s.yaml (Serverless Devs 3, fc3) checked offline: the `s` tool is not installed and its fc3 schema is not
 * published, so it is parsed with `yaml` and validated against our own schema of the props we use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import Ajv from 'ajv';
import { parseDocument } from 'yaml';
import { runBudgetMs } from '../../shared/config/deadline';
import { EnvSchema } from '../../shared/config/env-schema';

const ROOT = join(__dirname, '..', '..');

const Name = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,63}$' });
const TimerTrigger = Type.Object(
  {
    triggerName: Name,
    triggerType: Type.Literal('timer'),
    triggerConfig: Type.Object(
      // Six fields, seconds first, or @every: FC's timer syntax.
      { cronExpression: Type.String({ pattern: '^(@every \\d+[mh]|(\\S+ ){5}\\S+)$' }), enable: Type.Boolean(), payload: Type.String() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const HttpTrigger = Type.Object(
  {
    triggerName: Name,
    triggerType: Type.Literal('http'),
    triggerConfig: Type.Object(
      {
        // Never anonymous (RELIABILITY §8): FC checks the caller's signature (or JWT) before the function runs.
        authType: Type.Union([Type.Literal('function'), Type.Literal('jwt')]),
        // fc3's jwt: exactly one RSA key, and where the token is found.
        authConfig: Type.Optional(
          Type.Object(
            {
              jwks: Type.Object({
                keys: Type.Array(Type.Object({ kty: Type.Literal('RSA'), alg: Type.String(), use: Type.Literal('sig'), e: Type.String(), n: Type.String() }), { minItems: 1, maxItems: 1 }),
              }),
              tokenLookup: Type.String({ minLength: 1 }),
            },
            { additionalProperties: false },
          ),
        ),
        methods: Type.Array(Type.Union(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'].map((m) => Type.Literal(m))), { minItems: 1, uniqueItems: true }),
        disableURLInternet: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const FunctionProps = Type.Object(
  {
    region: Type.String({ minLength: 1 }),
    functionName: Name,
    description: Type.Optional(Type.String({ maxLength: 256 })),
    runtime: Type.Literal('nodejs20'),
    code: Type.String({ pattern: '^\\./dist/[a-z]+$' }),
    handler: Type.Literal('index.handler'),
    memorySize: Type.Integer({ minimum: 128, maximum: 32768, multipleOf: 64 }),
    timeout: Type.Integer({ minimum: 1, maximum: 86400 }),
    role: Type.String({ pattern: '^acs:ram::\\$\\{vars\\.accountId\\}:role/[A-Za-z0-9.-]+$' }),
    internetAccess: Type.Optional(Type.Boolean()),
    logConfig: Type.Union([Type.Literal('auto'), Type.Object({ project: Type.String(), logstore: Type.String() })]),
    // fc3's asyncInvokeConfig (PutAsyncInvokeConfig): FC retries a failed async invocation at most 8 times.
    asyncInvokeConfig: Type.Optional(
      Type.Object(
        {
          maxAsyncRetryAttempts: Type.Integer({ minimum: 0, maximum: 8 }),
          maxAsyncEventAgeInSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
          asyncTask: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    // FC reserves FC_* names for itself.
    environmentVariables: Type.Record(Type.String(), Type.String(), { propertyNames: { pattern: '^(?!FC_)[A-Za-z_][A-Za-z0-9_]*$' } }),
    triggers: Type.Array(Type.Union([TimerTrigger, HttpTrigger]), { minItems: 1 }),
  },
  { additionalProperties: false },
);
const SYaml = Type.Object({
  edition: Type.Literal('3.0.0'),
  name: Type.String(),
  access: Type.String(),
  vars: Type.Record(Type.String(), Type.String()),
  actions: Type.Optional(Type.Object({ 'pre-deploy': Type.Array(Type.Object({ run: Type.String(), path: Type.String() })) })),
  resources: Type.Object(
    { audit: Type.Object({ component: Type.Literal('fc3'), props: FunctionProps }), dispatch: Type.Object({ component: Type.Literal('fc3'), props: FunctionProps }) },
    { additionalProperties: false },
  ),
});
type SYaml = Static<typeof SYaml>;

const doc = parseDocument(readFileSync(join(ROOT, 's.yaml'), 'utf8'));
const s = doc.toJS() as SYaml;
const fns = [s.resources.audit.props, s.resources.dispatch.props];
const validate = new Ajv({ allErrors: true, strict: false }).compile(SYaml);

/** The schema's complaints about s.yaml with one change applied to the audit function's props. */
function problemsWith(change: (props: Record<string, unknown>) => void): string[] {
  const copy = structuredClone(s);
  change(copy.resources.audit.props as unknown as Record<string, unknown>);
  validate(copy);
  return [...new Set((validate.errors ?? []).map((e) => e.instancePath))];
}

describe('s.yaml', () => {
  it('parses, and matches our schema of the fc3 props we use', () => {
    expect(doc.errors).toEqual([]);
    validate(s);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('would reject an anonymous HTTP trigger, another runtime, odd memory sizes and timeouts', () => {
    const http = (p: Record<string, unknown>) => (p.triggers as { triggerConfig: Record<string, unknown> }[])[1].triggerConfig;
    expect(problemsWith((p) => (http(p).authType = 'anonymous'))).toContain('/resources/audit/props/triggers/1/triggerConfig/authType');
    expect(problemsWith((p) => (p.runtime = 'nodejs18'))).toEqual(['/resources/audit/props/runtime']);
    expect(problemsWith((p) => (p.memorySize = 100))).toEqual(['/resources/audit/props/memorySize']);
    expect(problemsWith((p) => (p.memorySize = 65536))).toEqual(['/resources/audit/props/memorySize']);
    expect(problemsWith((p) => (p.memorySize = 200))).toEqual(['/resources/audit/props/memorySize']);
    expect(problemsWith((p) => (p.timeout = 0))).toEqual(['/resources/audit/props/timeout']);
    expect(problemsWith((p) => (p.handler = 'main.handler'))).toEqual(['/resources/audit/props/handler']);
    expect(problemsWith((p) => ((p.environmentVariables as Record<string, string>).FC_REGION = 'x'))).toEqual(['/resources/audit/props/environmentVariables']);
  });

  // The suite's global setup (test/support/global-setup.js) has just built them.
  it('deploys the bundles the build writes, each one file exporting handler, the archive client embedded in it', () => {
    for (const f of fns) {
      const text = readFileSync(join(ROOT, f.code, 'index.js'), 'utf8');
      expect(text).toMatch(/handler/);
      // The archive's client is compiled from the bundle's own text (test/functions/bundle.test.ts runs it).
      expect(text).toContain('#ali-oss"');
      expect(readdirSync(join(ROOT, f.code))).toEqual(['index.js']);
    }
  });

  it('gives audit a timer, a signed HTTP trigger and a JWT alert webhook, and dispatch a timer', () => {
    expect(s.resources.audit.props.triggers.map((t) => `${t.triggerType}:${'authType' in t.triggerConfig ? t.triggerConfig.authType : t.triggerConfig.cronExpression}`)).toEqual([
      'timer:0 0 */1 * * *',
      'http:function',
      'http:jwt',
    ]);
    expect(s.resources.dispatch.props.triggers.map((t) => t.triggerType)).toEqual(['timer']);
  });

  it('lets FC retry a failed async audit once and a failed dispatch never (dispatch re-queuing would audit twice)', () => {
    // Task de-duplication is what makes dispatch's re-sends safe (shared/fleet/fc-invoker.ts).
    expect(s.resources.audit.props.asyncInvokeConfig).toEqual({ maxAsyncRetryAttempts: 1, asyncTask: true });
    expect(s.resources.dispatch.props.asyncInvokeConfig).toEqual({ maxAsyncRetryAttempts: 0 });
    expect(problemsWith((p) => (p.asyncInvokeConfig = { maxAsyncRetryAttempts: 9 }))).toEqual(['/resources/audit/props/asyncInvokeConfig/maxAsyncRetryAttempts']);
    expect(problemsWith((p) => (p.asyncInvokeConfig = { maxRetries: 0 }))).toContain('/resources/audit/props/asyncInvokeConfig');
  });

  it('points dispatch at the audit function, with separate roles (audit cannot invoke)', () => {
    expect(s.resources.dispatch.props.environmentVariables.ACK_DRIFT_AUDIT_FUNCTION).toBe(s.resources.audit.props.functionName);
    expect(s.resources.audit.props.role).toMatch(/role\/ack-drift-auditor$/);
    expect(s.resources.dispatch.props.role).toMatch(/role\/ack-drift-dispatcher$/);
  });

  it("sets only variables the configuration knows (or its webhooks reference), within FC's 4 KB", () => {
    const known = new Set([...Object.keys(EnvSchema.properties), 'ACK_DRIFT_WEBHOOK_URL', 'ACK_DRIFT_WEBHOOK_SECRET']);
    for (const f of fns) {
      expect(Object.keys(f.environmentVariables).filter((k) => !known.has(k))).toEqual([]);
      expect(
        Buffer.byteLength(
          Object.entries(f.environmentVariables)
            .map(([k, v]) => `${k}=${v}`)
            .join('\n'),
        ),
      ).toBeLessThan(4096);
    }
  });

  it("writes no secret: webhook settings and anything named like a secret come from the deployer's environment", () => {
    for (const f of fns) {
      for (const [k, v] of Object.entries(f.environmentVariables)) {
        if (/WEBHOOK|SECRET|TOKEN|PASSWORD|KEY/.test(k)) expect({ [k]: v }).toEqual({ [k]: expect.stringMatching(/^\$\{env\('[A-Z_]+'(, '[^']*')?\)\}$/) });
      }
    }
    expect(readFileSync(join(ROOT, 's.yaml'), 'utf8')).not.toMatch(/LTAI|accessKeySecret|access_token=|whsec_|SEC[0-9a-f]{20}/);
  });

  it('leaves a run budget under each timeout that fits any deadline it sets', () => {
    for (const f of fns) {
      const deadline = f.environmentVariables.ACK_DRIFT_DEADLINE_MS;
      expect(runBudgetMs(deadline ? Number(deadline) : undefined, f.timeout)).toBeGreaterThanOrEqual(60_000);
    }
  });
});
