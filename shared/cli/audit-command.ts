/** `ack-drift audit` and `ack-drift demo`: audit a scenario on the simulators, or a real account and cluster. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCloudClients, regionEndpoints, type CloudEndpoints } from '../collect/cloud-clients';
import { auditConfig } from '../pipeline/config';
import { runAudit, type AuditRun } from '../pipeline/audit';
import type { AuditTarget } from '../pipeline/collect';
import { renderReport, FORMATS, type Format } from '../report/render';
import { wantsColour } from '../report/text';
import type { Report } from '../report/schema';
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { ENDPOINT_URL } from '../config/env-schema';
import { UsageError } from '../util/errors';
import { packageRoot } from '../util/package-root';
import { exitCodeFor, isFailOn } from './exit-codes';
import { readInput, type CliIo } from './io';

/** The built-in seed incident (`npm start`), shipped in the package beside the bundle. */
function demoScenario(): string {
  return join(packageRoot(), 'scenarios', 'seed-incident.yaml');
}

const OPTIONS = {
  scenario: { type: 'string' },
  'cluster-id': { type: 'string' },
  region: { type: 'string' },
  kubeconfig: { type: 'string' },
  'vpc-id': { type: 'string' },
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  'fail-on': { type: 'string', default: 'high' },
  endpoint: { type: 'string', multiple: true },
  'page-size': { type: 'string' },
  'private-endpoint': { type: 'boolean', default: false },
  'managed-ccm-role': { type: 'string' },
  'run-id': { type: 'string' },
  now: { type: 'string' },
} as const;

function runIdFor(seed: string, now: Date): string {
  return `run-${createHash('sha256').update(`${seed}\u0000${now.toISOString()}`).digest('hex').slice(0, 16)}`;
}

function endpointsFrom(region: string, flags: string[], env: NodeJS.ProcessEnv): CloudEndpoints {
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
export async function auditCommand(argv: string[], io: CliIo, demo = false): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${values.format}: expected one of ${FORMATS.join(', ')}`);
  if (!isFailOn(values['fail-on'])) throw new UsageError(`--fail-on ${values['fail-on']}: expected critical, high, medium or low`);
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1)) throw new UsageError(`--page-size ${values['page-size']}: expected a positive integer`);
  const progress = (m: string) => io.stderr(`ack-drift: ${m}\n`);
  const fixed = values.now === undefined ? undefined : new Date(values.now);
  if (fixed && Number.isNaN(fixed.getTime())) throw new UsageError(`--now ${values.now}: expected an ISO 8601 time`);
  // --now pins the report's clock (ages, generatedAt) so two runs over the same data give the same report.
  const now = () => fixed ?? new Date();

  const scenarioFile = demo ? demoScenario() : values.scenario;
  let report: Report;
  if (scenarioFile) {
    const scenario = parseScenario(readInput(io, scenarioFile), scenarioFile);
    progress(`serving scenario ${scenario.name ?? scenarioFile} on 127.0.0.1`);
    const sims = await startSimulators(scenario);
    try {
      const endpoints = { vpc: sims.cloud.url, ecs: sims.cloud.url, ram: sims.cloud.url, cs: sims.cloud.url };
      const config = auditConfig({ region: scenario.region, pageSize, managedCcmRole: values['managed-ccm-role'] });
      const target: AuditTarget = { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId };
      report = await runAudit(auditRun(target, createCloudClients(sims.credentials, endpoints, 5000), config, values['run-id'], now, progress));
    } finally {
      await sims.close();
    }
  } else {
    const region = values.region ?? io.env.ALIBABA_CLOUD_REGION_ID;
    if (!region) throw new UsageError('audit: give --scenario FILE, or --region with --cluster-id ID or --kubeconfig FILE --vpc-id ID');
    if (!values['cluster-id'] && !(values.kubeconfig && values['vpc-id'])) throw new UsageError('audit: give --cluster-id ID, or --kubeconfig FILE with --vpc-id ID');
    const endpoints = endpointsFrom(region, values.endpoint ?? [], io.env);
    const accessKeyId = io.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const accessKeySecret = io.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!accessKeyId || !accessKeySecret) throw new UsageError('audit: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS credentials)');
    const creds = { accessKeyId, accessKeySecret, securityToken: io.env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
    const config = auditConfig({ region, pageSize, privateApiServer: values['private-endpoint'], managedCcmRole: values['managed-ccm-role'] });
    const target: AuditTarget = { region, clusterId: values['cluster-id'], kubeconfig: values.kubeconfig ? readInput(io, values.kubeconfig) : undefined, vpcId: values['vpc-id'] };
    report = await runAudit(auditRun(target, createCloudClients(creds, endpoints, 10_000), config, values['run-id'], now, progress));
  }

  const rendered = renderReport(report, format, { colour: !values.output && wantsColour({ isTTY: io.stdoutIsTTY }, io.env) });
  if (values.output) {
    io.writeFile(values.output, rendered);
    progress(`report written to ${values.output}`);
  } else {
    io.stdout(rendered);
  }
  return exitCodeFor(report, values['fail-on']);
}

function auditRun(target: AuditTarget, clients: AuditRun['clients'], config: AuditRun['config'], runId: string | undefined, now: () => Date, progress: AuditRun['progress']): AuditRun {
  return { target, clients, config, runId: runId ?? runIdFor(target.clusterId ?? target.vpcId ?? '', now()), now, progress };
}

