/** `ack-drift audit` and `ack-drift demo`: audit a scenario on the simulators, or a real account and cluster. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createCloudClients, regionEndpoints, type CloudEndpoints } from '../collect/cloud-clients';
import { auditConfig } from '../pipeline/config';
import { runAudit, type AuditRun } from '../pipeline/audit';
import type { AuditTarget } from '../pipeline/collect';
import { renderReport } from '../report/render';
import type { Report } from '../report/schema';
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { ENDPOINT_URL } from '../config/env-schema';
import { severityOverridesFrom } from '../config/severity-config';
import { UsageError } from '../util/errors';
import { packageRoot } from '../util/package-root';
import { defineCommand, flagOpt, listOpt, stringOpt, type CommandInput, type OptionSpec } from './command-spec';
import { AUDIT_EXIT_CODES, exitCodeFor, FAIL_ON, type FailOn } from './exit-codes';
import { readInput, type CliIo } from './io';
import { checkOutput, emit, formatFor, FORMAT_OPTION, OUTPUT_OPTION } from './output';

/** The built-in seed incident (`npm start`), shipped in the package beside the bundle. */
function demoScenario(): string {
  return join(packageRoot(), 'scenarios', 'seed-incident.yaml');
}

// What a scenario fixes by itself: giving one of these with --scenario would be silently ignored, so it is an error.
const REAL_ONLY = ['cluster-id', 'region', 'kubeconfig', 'vpc-id', 'endpoint', 'private-endpoint'];

/** Options of both audit and demo: how the report is produced and judged. */
const REPORT_OPTIONS: readonly OptionSpec[] = [
  FORMAT_OPTION,
  OUTPUT_OPTION,
  { flags: '--fail-on <SEVERITY>', description: 'lowest severity of a failing finding that exits 1', choices: FAIL_ON, defaultText: 'high' },
  { flags: '--page-size <N>', description: 'page size of every list call (to exercise paging)' },
  { flags: '--managed-ccm-role <NAME>', description: 'RAM role of a managed cluster\'s route controller' },
  { flags: '--severity-config <FILE>', description: 'YAML/JSON file of per-code severities (docs/codes.md)', defaultText: '$ACK_DRIFT_SEVERITY_CONFIG' },
  { flags: '--run-id <ID>', description: 'the report\'s run id', defaultText: 'derived from the cluster and the time' },
  { flags: '--now <ISO-TIME>', description: 'pin the report\'s clock (ages, generatedAt), for reproducible reports' },
];

const AUDIT_OPTIONS: readonly OptionSpec[] = [
  { flags: '--scenario <FILE>', description: 'audit a scenario (ack-drift/v1, YAML or JSON) on the local simulators', conflicts: REAL_ONLY },
  { flags: '--cluster-id <ID>', description: 'audit the ACK cluster with this id (kubeconfig from the CS API)', conflicts: ['vpc-id'] },
  { flags: '--region <REGION>', description: 'the cluster\'s region', defaultText: '$ALIBABA_CLOUD_REGION_ID' },
  { flags: '--kubeconfig <FILE>', description: 'audit the cluster of this kubeconfig (with --vpc-id, or --cluster-id for the cloud side)' },
  { flags: '--vpc-id <ID>', description: 'the cluster\'s VPC, with --kubeconfig' },
  { flags: '--endpoint <PRODUCT=URL>', description: 'endpoint override for vpc, ecs, ram or cs (https://; repeatable)', repeatable: true },
  { flags: '--private-endpoint', description: 'ask CS for the API server\'s internal endpoint (for runs inside the VPC)' },
  ...REPORT_OPTIONS,
];

function runIdFor(seed: string, now: Date): string {
  return `run-${createHash('sha256').update(`${seed}\u0000${now.toISOString()}`).digest('hex').slice(0, 16)}`;
}

/** The endpoints of a real account: the region's, overridden by ACK_DRIFT_ENDPOINT_* and --endpoint (https, or http to loopback). */
export function endpointsFrom(region: string, flags: string[], env: NodeJS.ProcessEnv): CloudEndpoints {
  const out = regionEndpoints(region);
  // Overrides receive signed requests and the STS token: https, or plain http to a loopback simulator only.
  const safe = new RegExp(ENDPOINT_URL);
  for (const key of Object.keys(out) as (keyof CloudEndpoints)[]) {
    const name = `ACK_DRIFT_ENDPOINT_${key.toUpperCase()}`;
    const v = env[name];
    if (v && !safe.test(v)) throw new UsageError(`${name}: expected an https:// URL (plain http:// only to 127.0.0.1, [::1] or localhost)`);
    if (v) out[key] = v;
  }
  for (const f of flags) {
    const m = /^(vpc|ecs|ram|cs)=(.+)$/.exec(f);
    if (!m) throw new UsageError(`--endpoint ${f}: expected PRODUCT=URL with PRODUCT one of vpc, ecs, ram, cs`);
    if (!safe.test(m[2])) throw new UsageError(`--endpoint ${m[1]}=…: expected an https:// URL (plain http:// only to 127.0.0.1, [::1] or localhost)`);
    out[m[1] as keyof CloudEndpoints] = m[2];
  }
  return out;
}

/** Runs `audit` (or `demo` with the built-in scenario); returns the exit code. */
async function runAuditCommand(input: CommandInput, io: CliIo, demo: boolean): Promise<number> {
  const output = stringOpt(input, 'output');
  const format = formatFor(stringOpt(input, 'format'), output);
  const failOn = (stringOpt(input, 'failOn') ?? 'high') as FailOn;
  const pageSizeText = stringOpt(input, 'pageSize');
  const pageSize = pageSizeText === undefined ? undefined : Number(pageSizeText);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1)) throw new UsageError(`--page-size ${pageSizeText}: expected a positive integer`);
  const nowText = stringOpt(input, 'now');
  const fixed = nowText === undefined ? undefined : new Date(nowText);
  if (fixed && Number.isNaN(fixed.getTime())) throw new UsageError(`--now ${nowText}: expected an ISO 8601 time`);
  // --now pins the report's clock (ages, generatedAt) so two runs over the same data give the same report.
  const now = () => fixed ?? new Date();
  const runId = stringOpt(input, 'runId');
  const managedCcmRole = stringOpt(input, 'managedCcmRole');
  const severityOverrides = severityOverridesFrom(io.env, (path) => readInput(io, path), stringOpt(input, 'severityConfig'));
  const progress = (m: string) => io.stderr(`ack-drift: ${m}\n`);
  // An output that cannot be written fails now, not after a minute of auditing.
  checkOutput(io, output);

  const scenarioFile = demo ? demoScenario() : stringOpt(input, 'scenario');
  let report: Report;
  if (scenarioFile) {
    const scenario = parseScenario(readInput(io, scenarioFile), scenarioFile);
    progress(`serving scenario ${scenario.name ?? scenarioFile} on 127.0.0.1`);
    const sims = await startSimulators(scenario);
    try {
      const endpoints = { vpc: sims.cloud.url, ecs: sims.cloud.url, ram: sims.cloud.url, cs: sims.cloud.url };
      const config = auditConfig({ region: scenario.region, pageSize, managedCcmRole, severityOverrides });
      const target: AuditTarget = { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId };
      report = await runAudit(auditRun(target, createCloudClients(sims.credentials, endpoints, 5000), config, runId, now, progress));
    } finally {
      await sims.close();
    }
  } else {
    const clusterId = stringOpt(input, 'clusterId');
    const kubeconfig = stringOpt(input, 'kubeconfig');
    const vpcId = stringOpt(input, 'vpcId');
    const region = stringOpt(input, 'region') ?? io.env.ALIBABA_CLOUD_REGION_ID;
    if (!region) throw new UsageError('audit: give --scenario FILE, or --region with --cluster-id ID or --kubeconfig FILE --vpc-id ID');
    if (!clusterId && !(kubeconfig && vpcId)) throw new UsageError('audit: give --cluster-id ID, or --kubeconfig FILE with --vpc-id ID');
    const endpoints = endpointsFrom(region, listOpt(input, 'endpoint'), io.env);
    const accessKeyId = io.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const accessKeySecret = io.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!accessKeyId || !accessKeySecret) throw new UsageError('audit: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials)');
    const creds = { accessKeyId, accessKeySecret, securityToken: io.env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
    const config = auditConfig({ region, pageSize, privateApiServer: flagOpt(input, 'privateEndpoint'), managedCcmRole, severityOverrides });
    const target: AuditTarget = { region, clusterId, kubeconfig: kubeconfig ? readInput(io, kubeconfig) : undefined, vpcId };
    report = await runAudit(auditRun(target, createCloudClients(creds, endpoints, 10_000), config, runId, now, progress));
  }

  emit(io, output, (o) => renderReport(report, format, o), progress);
  for (const e of report.internalErrors ?? []) progress(`internal error: ${e}`);
  return exitCodeFor(report, failOn);
}

function auditRun(target: AuditTarget, clients: AuditRun['clients'], config: AuditRun['config'], runId: string | undefined, now: () => Date, progress: AuditRun['progress']): AuditRun {
  return { target, clients, config, runId: runId ?? runIdFor(target.clusterId ?? target.vpcId ?? '', now()), now, progress };
}

export const AUDIT_COMMAND = defineCommand({
  name: 'audit',
  summary: 'audit a cluster: a scenario on the local simulators, or a real account',
  usage: '(--scenario FILE | --cluster-id ID [--region REGION] | --kubeconfig FILE --vpc-id ID [--region REGION]) [options]',
  details: [
    'Credentials (real account): ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and, for STS,',
    'ALIBABA_CLOUD_SECURITY_TOKEN. Endpoint overrides also from ACK_DRIFT_ENDPOINT_VPC (_ECS, _RAM, _CS).',
    '',
    'Examples:',
    '  ack-drift audit --scenario scenarios/seed-incident.yaml --output report.html',
    '  ack-drift audit --cluster-id c0123456789abcdef --region cn-hangzhou',
    '  ack-drift audit --kubeconfig ~/.kube/config --vpc-id vpc-bp1... --region cn-hangzhou',
  ].join('\n'),
  options: AUDIT_OPTIONS,
  exitCodes: AUDIT_EXIT_CODES,
  run: (input, io) => runAuditCommand(input, io, false),
});

export const DEMO_COMMAND = defineCommand({
  name: 'demo',
  summary: 'audit the built-in seed incident on the local simulators (what `npm start` runs)',
  options: [
    { flags: '--scenario <FILE>', description: '', rejectWith: 'demo always audits the built-in seed incident; to audit a scenario file, run: ack-drift audit --scenario FILE' },
    ...REPORT_OPTIONS,
  ],
  exitCodes: AUDIT_EXIT_CODES,
  run: (input, io) => runAuditCommand(input, io, true),
});
