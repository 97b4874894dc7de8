/**
 * `ack-drift doctor`: proves a deployment works before the schedule relies on it. Credentials, each cloud read the
 * audit makes, the kubeconfig and every Kubernetes read, each webhook target (`--send-test` posts one message), and
 * the invocation of the audit function (a synchronous ping, through the client dispatch would use).
 */
import { createCloudClients, type CloudCredentials } from '../collect/cloud-clients';
import { ENDPOINT_URL } from '../config/env-schema';
import { readFunctionConfig } from '../config/read-env';
import { renderDoctorText, type DoctorResult } from '../doctor/item';
import { kubeOpener } from '../doctor/kube-opener';
import { isPing, type Pong } from '../doctor/ping';
import { runDoctor, type DoctorPlan } from '../doctor/run';
import { currentRuntime } from '../doctor/runtime';
import { createFcInvoker } from '../fleet/fc-invoker';
import { deliverReport } from '../notify/deliver';
import { auditConfig } from '../pipeline/config';
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { UsageError } from '../util/errors';
import { endpointsFrom } from './account';
import { findCredentials } from './credentials';
import { defineCommand, flagOpt, listOpt, stringOpt, type CommandInput } from './command-spec';
import { EXIT } from './exit-codes';
import { readInput, type CliIo } from './io';

const DEFAULT_AUDIT_FUNCTION = 'ack-drift-audit';
const REAL_ONLY = ['cluster-id', 'region', 'kubeconfig', 'endpoint', 'fc-endpoint', 'private-endpoint', 'account-id'];

/** The deployed audit function's answer to a ping, served by the simulated Function Compute for `--scenario`. */
async function simulatedAudit(event: string): Promise<string> {
  let body: unknown;
  try {
    body = JSON.parse(event);
  } catch {
    body = undefined;
  }
  const pong: Pong = { pong: true, function: DEFAULT_AUDIT_FUNCTION };
  return JSON.stringify(isPing(body) ? pong : {});
}

/** The credentials the other commands would use (findCredentials' chain), or why there are none: a failed check, not a usage error. */
async function resolveCredentials(env: NodeJS.ProcessEnv): Promise<DoctorPlan['credentials']> {
  try {
    const found = await findCredentials(env);
    return { value: found.credentials, source: found.source };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

function fcEndpoint(input: CommandInput, env: NodeJS.ProcessEnv): string | undefined {
  const url = stringOpt(input, 'fcEndpoint') ?? env.ACK_DRIFT_ENDPOINT_FC;
  if (url !== undefined && !new RegExp(ENDPOINT_URL).test(url)) throw new UsageError('--fc-endpoint: expected an https:// URL (plain http:// only to 127.0.0.1, [::1] or localhost)');
  return url;
}

/** The webhook targets and outbound policy of ACK_DRIFT_WEBHOOKS, read as the functions read them. */
function webhooksOf(env: NodeJS.ProcessEnv, region: string, sendTest: boolean): DoctorPlan['webhooks'] {
  const config = readFunctionConfig({ ...env, ACK_DRIFT_REGIONS: env.ACK_DRIFT_REGIONS || region });
  return {
    targets: config.webhooks,
    options: {
      policy: { allowHttp: config.allowHttpWebhooks, allowPrivateNetwork: config.allowPrivateWebhooks },
      ...(sendTest ? { sendTest: { deliver: deliverReport, deadline: Date.now() + 30_000 } } : {}),
    },
  };
}

interface Target {
  region: string;
  clusterId?: string;
  kubeconfig?: string;
  credentials: DoctorPlan['credentials'];
  endpoints: ReturnType<typeof endpointsFrom>;
  fcEndpoint?: string;
  accountId?: string;
  privateApiServer: boolean;
  env: NodeJS.ProcessEnv;
}

function planFor(t: Target, input: CommandInput): DoctorPlan {
  const config = auditConfig({ region: t.region, deadlineMs: 120_000 });
  const functionName = stringOpt(input, 'auditFunction') ?? DEFAULT_AUDIT_FUNCTION;
  const creds: CloudCredentials | undefined = 'value' in t.credentials ? t.credentials.value : undefined;
  return {
    runtime: currentRuntime(),
    credentials: t.credentials,
    ...(creds
      ? {
          cloud: {
            clients: createCloudClients(creds, t.endpoints, 10_000),
            region: t.region,
            clusterId: t.clusterId,
            privateApiServer: t.privateApiServer,
            retry: config.kube.retry,
            managedCcmRole: stringOpt(input, 'managedCcmRole'),
          },
        }
      : {}),
    kube: { open: kubeOpener(t.kubeconfig ? 'user' : 'cs', config), kubeconfig: t.kubeconfig },
    webhooks: webhooksOf(t.env, t.region, flagOpt(input, 'sendTest')),
    ...(creds && t.accountId
      ? {
          invoke: {
            invoker: createFcInvoker({ accountId: t.accountId, region: t.region, credentials: creds, endpoint: t.fcEndpoint, timeoutMs: 10_000, retry: config.kube.retry }),
            functionName,
            functionArn: `acs:fc:${t.region}:${t.accountId}:functions/${functionName}`,
          },
        }
      : {}),
  };
}

function emitResult(io: CliIo, result: DoctorResult, format: string | undefined): number {
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderDoctorText(result));
  if (!result.items.some((i) => i.id.startsWith('invoke:'))) io.stderr('ack-drift: the invocation check was skipped: give --account-id (or set ALIBABA_CLOUD_ACCOUNT_ID)\n');
  return result.ok ? EXIT.ok : EXIT.findings;
}

/** Runs `doctor`; returns the exit code. */
async function runDoctorCommand(input: CommandInput, io: CliIo): Promise<number> {
  const format = stringOpt(input, 'format');
  const scenarioFile = stringOpt(input, 'scenario');
  if (scenarioFile) {
    const scenario = parseScenario(readInput(io, scenarioFile), scenarioFile);
    io.stderr(`ack-drift: serving scenario ${scenario.name ?? scenarioFile} on 127.0.0.1\n`);
    const sims = await startSimulators(scenario, { fcFunctions: { [DEFAULT_AUDIT_FUNCTION]: simulatedAudit } });
    try {
      const url = sims.cloud.url;
      const plan = planFor(
        {
          region: scenario.region,
          clusterId: scenario.cluster.clusterId,
          credentials: { value: sims.credentials, source: 'the scenario' },
          endpoints: { vpc: url, ecs: url, ram: url, resourcemanager: url, cs: url },
          fcEndpoint: url,
          accountId: scenario.accountId,
          privateApiServer: false,
          env: io.env,
        },
        input,
      );
      return emitResult(io, await runDoctor(plan), format);
    } finally {
      await sims.close();
    }
  }
  const region = stringOpt(input, 'region') ?? io.env.ALIBABA_CLOUD_REGION_ID;
  if (!region) throw new UsageError('doctor: give --region REGION (or set ALIBABA_CLOUD_REGION_ID), or --scenario FILE');
  const kubeconfigFile = stringOpt(input, 'kubeconfig');
  const plan = planFor(
    {
      region,
      clusterId: stringOpt(input, 'clusterId'),
      kubeconfig: kubeconfigFile ? readInput(io, kubeconfigFile) : undefined,
      credentials: await resolveCredentials(io.env),
      endpoints: endpointsFrom(region, listOpt(input, 'endpoint'), io.env),
      fcEndpoint: fcEndpoint(input, io.env),
      accountId: stringOpt(input, 'accountId') ?? io.env.ALIBABA_CLOUD_ACCOUNT_ID,
      privateApiServer: flagOpt(input, 'privateEndpoint'),
      env: io.env,
    },
    input,
  );
  return emitResult(io, await runDoctor(plan), format);
}

export const DOCTOR_COMMAND = defineCommand({
  name: 'doctor',
  summary: 'check that a deployment can audit: credentials, cloud reads, Kubernetes RBAC, webhooks, invocation',
  usage: '(--cluster-id ID --region REGION | --scenario FILE) [--send-test] [--account-id ID] [options]',
  details: [
    'Every failed check says what to run to fix it (the policy to attach, the RBAC to apply).',
    'Webhooks come from ACK_DRIFT_WEBHOOKS, as the functions read them. The invocation check pings the audit',
    'function synchronously (fc2 first, the FC 3.0 SDK when FC refuses fc2) and needs the account id.',
    'The deployed functions run the same checklist on the event {"doctor": true}:',
    '  s audit invoke -e \'{"doctor": true}\'      s dispatch invoke -e \'{"doctor": true}\'',
    '',
    'Examples:',
    '  ack-drift doctor --cluster-id c0123456789abcdef --region cn-hangzhou --account-id 1234567890123456',
    '  ack-drift doctor --scenario scenarios/seed-incident.yaml',
  ].join('\n'),
  options: [
    { flags: '--scenario <FILE>', description: 'run the checklist against a scenario on the local simulators', conflicts: REAL_ONLY },
    { flags: '--cluster-id <ID>', description: 'the ACK cluster to check (its detail, kubeconfig, and every read of an audit)' },
    { flags: '--region <REGION>', description: "the cluster's region", defaultText: '$ALIBABA_CLOUD_REGION_ID' },
    { flags: '--kubeconfig <FILE>', description: 'check the API server of this kubeconfig instead of the one CS issues' },
    { flags: '--endpoint <PRODUCT=URL>', description: 'endpoint override for vpc, ecs, ram or cs (https://; repeatable)', repeatable: true },
    { flags: '--fc-endpoint <URL>', description: 'Function Compute endpoint', defaultText: 'https://<account>.<region>.fc.aliyuncs.com' },
    { flags: '--private-endpoint', description: "ask CS for the API server's internal endpoint (runs inside the VPC)" },
    { flags: '--account-id <ID>', description: 'the account of the deployed functions, for the invocation check', defaultText: '$ALIBABA_CLOUD_ACCOUNT_ID' },
    { flags: '--audit-function <NAME>', description: 'the audit function to ping', defaultText: DEFAULT_AUDIT_FUNCTION },
    { flags: '--managed-ccm-role <NAME>', description: "RAM role of a managed cluster's route controller, checked to exist and trust CS", defaultText: 'AliyunCSManagedKubernetesRole' },
    { flags: '--send-test', description: 'post one test message to each webhook target' },
    { flags: '--format <FORMAT>', description: 'checklist format', choices: ['text', 'json'], defaultText: 'text' },
  ],
  exitCodes: [
    [EXIT.ok, 'every check passed'],
    [EXIT.findings, 'a check failed (its line says what to run)'],
    [EXIT.usage, 'usage error'],
    [EXIT.internal, 'internal error'],
  ],
  run: runDoctorCommand,
});
