/** `ack-drift audit` and `ack-drift demo`: audit a scenario on the simulators, or a real account and cluster. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createCloudClients, regionEndpoints } from '../collect/cloud-clients';
import { endpointOverrides } from './account';
import { auditConfig } from '../pipeline/config';
import { runAudit, type AuditRun } from '../pipeline/audit';
import type { AuditTarget } from '../pipeline/collect';
import { renderReport } from '../report/render';
import type { Report } from '../report/schema';
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { severityOverridesFrom } from '../config/severity-config';
import { endpointHost } from '../collect/api-error';
import { loadKubeconfig } from '../collect/kubeconfig';
import { isCidr, parseCidr } from '../net/cidr';
import { findCredentials } from './credentials';
import { rejectInputProblems, type EndpointHosts } from './input-errors';
import { InputError, UsageError } from '../util/errors';
import { packageRoot } from '../util/package-root';
import { defineCommand, flagOpt, listOpt, stringOpt, type CommandInput, type OptionSpec } from './command-spec';
import { AUDIT_EXIT_CODES, exitCodeFor, FAIL_ON, type FailOn } from './exit-codes';
import { readInput, type CliIo } from './io';
import { checkOutput, emit, formatFor, FORMAT_OPTION, OUTPUT_OPTION } from './output';
import { openStateStore, rememberCliRun } from './state-option';

/** The built-in seed incident (`npm start`), shipped in the package beside the bundle. */
export function demoScenario(): string {
  return join(packageRoot(), 'scenarios', 'seed-incident.yaml');
}

// What a scenario fixes by itself: giving one of these with --scenario would be silently ignored, so it is an error.
const REAL_ONLY = ['cluster-id', 'region', 'kubeconfig', 'context', 'vpc-id', 'cluster-cidr', 'endpoint', 'private-endpoint', 'profile'];

/** Options of both audit and demo: how the report is produced and judged. */
const REPORT_OPTIONS: readonly OptionSpec[] = [
  FORMAT_OPTION,
  OUTPUT_OPTION,
  { flags: '--fail-on <SEVERITY>', description: 'lowest severity of a failing finding that exits 1', choices: FAIL_ON, defaultText: 'high' },
  { flags: '--page-size <N>', description: 'page size of every list call (to exercise paging)' },
  { flags: '--managed-ccm-role <NAME>', description: "RAM role of a managed cluster's route controller" },
  { flags: '--ccm-addon-key <KEY>', description: "config key of a managed cluster's CCM add-on that names its route tables", defaultText: 'routeTableIDs' },
  { flags: '--severity-config <FILE>', description: 'YAML/JSON file of per-code severities (docs/codes.md)', defaultText: '$ACK_DRIFT_SEVERITY_CONFIG' },
  { flags: '--run-id <ID>', description: "the report's run id", defaultText: 'derived from the cluster and the time' },
  { flags: '--now <ISO-TIME>', description: "pin the report's clock (ages, generatedAt), for reproducible reports" },
  { flags: '--state <oss://BUCKET/PREFIX|DIR>', description: 'remember runs: compare with the previous report of the cluster (the report gains `changes`) and archive this one' },
];

const AUDIT_OPTIONS: readonly OptionSpec[] = [
  { flags: '--scenario <FILE>', description: 'audit a scenario (ack-drift/v1, YAML or JSON) on the local simulators', conflicts: REAL_ONLY },
  { flags: '--cluster-id <ID>', description: 'audit the ACK cluster with this id (kubeconfig from the CS API)', conflicts: ['vpc-id'] },
  { flags: '--region <REGION>', description: "the cluster's region", defaultText: "$ALIBABA_CLOUD_REGION_ID, else the aliyun CLI profile's region" },
  { flags: '--kubeconfig <FILE>', description: 'audit the cluster of this kubeconfig (with --vpc-id, or --cluster-id for the cloud side)' },
  { flags: '--context <NAME>', description: 'the kubeconfig context to use', defaultText: 'its current-context' },
  { flags: '--vpc-id <ID>', description: "the cluster's VPC, with --kubeconfig" },
  { flags: '--cluster-cidr <CIDR>', description: "the cluster's pod CIDR, for orphaned routes", defaultText: "from the cluster detail, else the smallest block holding the nodes' pod CIDRs" },
  {
    flags: '--profile <NAME>',
    description: 'use this aliyun CLI profile (~/.aliyun/config.json) for credentials',
    defaultText: '$ALIBABA_CLOUD_PROFILE, else the first source configured (see below)',
  },
  { flags: '--endpoint <PRODUCT=URL>', description: 'endpoint override for vpc, ecs, ram or cs (https://; repeatable)', repeatable: true },
  { flags: '--private-endpoint', description: "ask CS for the API server's internal endpoint (for runs inside the VPC)" },
  ...REPORT_OPTIONS,
];

/** A run id from the target and the time. */
export function runIdFor(seed: string, now: Date): string {
  return `run-${createHash('sha256').update(`${seed}\u0000${now.toISOString()}`).digest('hex').slice(0, 16)}`;
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
  const ccmAddonRouteTablesKey = stringOpt(input, 'ccmAddonKey');
  const severityOverrides = severityOverridesFrom(io.env, (path) => readInput(io, path), stringOpt(input, 'severityConfig'));
  const progress = (m: string) => io.stderr(`ack-drift: ${m}\n`);
  // An output that cannot be written fails now, not after a minute of auditing.
  checkOutput(io, output);

  const stateSpec = stringOpt(input, 'state');
  // A bad --state fails now, like a bad --output.
  const state = stateSpec === undefined ? undefined : openStateStore(stateSpec, io.env, stringOpt(input, 'region'));

  const scenarioFile = demo ? demoScenario() : stringOpt(input, 'scenario');
  let report: Report;
  if (scenarioFile) {
    const scenario = parseScenario(readInput(io, scenarioFile), scenarioFile);
    progress(`serving scenario ${scenario.name ?? scenarioFile} on 127.0.0.1`);
    const sims = await startSimulators(scenario);
    try {
      const endpoints = { vpc: sims.cloud.url, ecs: sims.cloud.url, ram: sims.cloud.url, resourcemanager: sims.cloud.url, cs: sims.cloud.url };
      const config = auditConfig({ region: scenario.region, pageSize, managedCcmRole, ccmAddonRouteTablesKey, severityOverrides });
      const target: AuditTarget = { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId };
      report = await runAudit(auditRun(target, createCloudClients(sims.credentials, endpoints, 5000), config, runId, now, progress));
    } finally {
      await sims.close();
    }
  } else {
    report = await auditAccount(input, io, { pageSize, managedCcmRole, ccmAddonRouteTablesKey, severityOverrides, runId, now, progress });
  }

  if (state) report = await rememberCliRun(report, state, progress);
  emit(io, output, (o) => renderReport(report, format, o), progress);
  for (const e of report.internalErrors ?? []) progress(`internal error: ${e}`);
  return exitCodeFor(report, failOn);
}

/** A real account: credentials from the default chain, the cluster by id or by kubeconfig; wrong inputs exit 2. */
async function auditAccount(
  input: CommandInput,
  io: CliIo,
  o: {
    pageSize?: number;
    managedCcmRole?: string;
    ccmAddonRouteTablesKey?: string;
    severityOverrides: AuditRun['config']['severityOverrides'];
    runId?: string;
    now: () => Date;
    progress: AuditRun['progress'];
  },
): Promise<Report> {
  const clusterId = stringOpt(input, 'clusterId');
  const kubeconfigFile = stringOpt(input, 'kubeconfig');
  const context = stringOpt(input, 'context');
  const vpcId = stringOpt(input, 'vpcId');
  const clusterCidr = stringOpt(input, 'clusterCidr');
  if (!clusterId && !kubeconfigFile) throw new UsageError('audit: give --scenario FILE, --cluster-id ID, or --kubeconfig FILE with --vpc-id ID');
  if (!clusterId && !vpcId) throw new UsageError('audit: --kubeconfig without --cluster-id needs --vpc-id ID (the VPC whose route tables the cluster uses)');
  if (context !== undefined && !kubeconfigFile) throw new UsageError('--context NAME selects a context of --kubeconfig FILE; give the file too');
  if (clusterCidr !== undefined) {
    const parsed = parseCidr(clusterCidr);
    if (!isCidr(parsed)) throw new UsageError(`--cluster-cidr ${clusterCidr}: ${parsed.error}`);
  }
  // The kubeconfig is the user's own file: a broken one, or a context it lacks, is named before anything is called.
  const kubeconfig = kubeconfigFile === undefined ? undefined : readInput(io, kubeconfigFile);
  if (kubeconfig !== undefined) {
    try {
      // Loading runs no exec plugin: the timeouts are not used here.
      loadKubeconfig(kubeconfig, { source: 'user', context, execTimeoutMs: 0, deadline: 0 });
    } catch (err) {
      throw new InputError(`--kubeconfig ${kubeconfigFile}: ${(err as Error).message}`);
    }
  }
  const overrides = endpointOverrides(listOpt(input, 'endpoint'), io.env);
  const found = await findCredentials(io.env, stringOpt(input, 'profile'));
  const region = stringOpt(input, 'region') ?? io.env.ALIBABA_CLOUD_REGION_ID ?? found.region;
  if (!region) throw new UsageError('audit: give --region REGION (or set ALIBABA_CLOUD_REGION_ID, or a region in the aliyun CLI profile)');
  const endpoints = { ...regionEndpoints(region), ...overrides };
  o.progress(`credentials: ${found.source}; region ${region}; endpoints ${[...new Set(Object.values(endpoints).map((u) => endpointHost(u)))].join(', ')}`);
  const config = auditConfig({
    region,
    pageSize: o.pageSize,
    privateApiServer: flagOpt(input, 'privateEndpoint'),
    managedCcmRole: o.managedCcmRole,
    ccmAddonRouteTablesKey: o.ccmAddonRouteTablesKey,
    severityOverrides: o.severityOverrides,
  });
  const target: AuditTarget = { region, clusterId, kubeconfig, kubeContext: context, vpcId, clusterCidr };
  const hosts = Object.fromEntries(Object.entries(endpoints).map(([k, u]) => [k, endpointHost(u) ?? u])) as EndpointHosts;
  const run = auditRun(target, createCloudClients(found.credentials, endpoints, 10_000), config, o.runId, o.now, o.progress);
  return runAudit({ ...run, inspect: (inv) => rejectInputProblems(inv, target, hosts, found.source, found.credentials.accessKeyId) });
}

function auditRun(target: AuditTarget, clients: AuditRun['clients'], config: AuditRun['config'], runId: string | undefined, now: () => Date, progress: AuditRun['progress']): AuditRun {
  return { target, clients, config, runId: runId ?? runIdFor(target.clusterId ?? target.vpcId ?? '', now()), now, progress };
}

export const AUDIT_COMMAND = defineCommand({
  name: 'audit',
  summary: 'audit a cluster: a scenario on the local simulators, or a real account',
  usage: '(--scenario FILE | --cluster-id ID [--region REGION] | --kubeconfig FILE --vpc-id ID [--region REGION]) [options]',
  details: [
    'Credentials (real account), the first configured of: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    '(and ALIBABA_CLOUD_SECURITY_TOKEN for STS); RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,',
    'ALIBABA_CLOUD_OIDC_TOKEN_FILE); an aliyun CLI profile (--profile, ALIBABA_CLOUD_PROFILE, else its current one);',
    '~/.alibabacloud/credentials; the ECS instance RAM role named by ALIBABA_CLOUD_ECS_METADATA; ALIBABA_CLOUD_CREDENTIALS_URI.',
    'Endpoint overrides also from ACK_DRIFT_ENDPOINT_VPC (_ECS, _RAM, _RESOURCEMANAGER, _CS).',
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
