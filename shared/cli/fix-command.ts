/**
 * `ack-drift fix` (docs/cli.md, docs/fix.md): audit, print the fix plan (dry run), or with `--apply` run its API calls —
 * asking before each unless `--yes` — then audit again and print before/after. Exit 0 only when the re-audit
 * finds the chain gone; 1 when it does not (or, dry run, when there is something to fix).
 */
import { createCloudClients, type CloudClients } from '../collect/cloud-clients';
import { valueOf as readValue, type Inventory, type RouteEntryInfo } from '../collect/inventory';
import { applyPlan, runnableSteps, type ApplyResult } from '../fix/apply';
import { planLines } from '../fix/render';
import type { FixPlan } from '../fix/types';
import { tableFingerprint } from '../fix/world';
import { auditConfig } from '../pipeline/config';
import { auditWithInventory, type AuditRun } from '../pipeline/audit';
import type { AuditTarget } from '../pipeline/collect';
import type { Report } from '../report/schema';
import { parseScenario } from '../scenario/load';
import { startSimulators, type Simulators } from '../sim/start';
import { UsageError } from '../util/errors';
import { endpointsFrom } from './account';
import { DEMO_COMMAND, demoScenario, runIdFor } from './audit-command';
import { defineCommand, flagOpt, listOpt, stringOpt, type CommandInput } from './command-spec';
import { EXIT } from './exit-codes';
import { readInput, type CliIo } from './io';

/** The simulated route controller resyncs this often in a scenario: the real five minutes, in a demo's time. */
const SIM_RESYNC_MS = 400;

interface Session {
  audit(): Promise<{ report: Report; inventory: Inventory }>;
  clients: CloudClients;
  region: string;
  sims?: Simulators;
}

interface Summary {
  status: string;
  headline: string;
  failing: { id: string; code: string; resource: string }[];
}

function summary(report: Report): Summary {
  return {
    status: report.summary.status,
    headline: report.summary.headline,
    failing: report.findings.filter((f) => f.status === 'fail').map((f) => ({ id: f.id, code: f.code, resource: f.resource.name ?? f.resource.id ?? '' })),
  };
}

/** The findings of the report's chains: the root causes and everything they explain. */
function chainIds(report: Report): Set<string> {
  return new Set(report.rootCauses.flatMap((rc) => [rc.findingId, ...rc.explains]));
}

function tablesOf(inv: Inventory): Record<string, string> {
  const byTable = new Map<string, RouteEntryInfo[]>((readValue(inv.vpcRouteTableIds) ?? []).filter((t) => !inv.unreadRouteTables.includes(t)).map((t) => [t, []]));
  for (const e of readValue(inv.routeEntries) ?? []) byTable.set(e.routeTableId, [...(byTable.get(e.routeTableId) ?? []), e]);
  return Object.fromEntries([...byTable].map(([t, entries]) => [t, tableFingerprint(entries)]));
}

async function openSession(input: CommandInput, io: CliIo, scenarioFile: string | undefined, progress: (m: string) => void): Promise<Session> {
  const now = () => new Date();
  const run = (target: AuditTarget, clients: CloudClients, region: string): AuditRun => ({
    target,
    clients,
    config: auditConfig({ region, managedCcmRole: stringOpt(input, 'managedCcmRole') }),
    runId: runIdFor(target.clusterId ?? '', now()),
    now,
    progress,
  });
  if (scenarioFile) {
    const scenario = parseScenario(readInput(io, scenarioFile), scenarioFile);
    progress(`serving scenario ${scenario.name ?? scenarioFile} on 127.0.0.1`);
    const sims = await startSimulators(scenario, { routeResyncMs: SIM_RESYNC_MS });
    const url = sims.cloud.url;
    const clients = createCloudClients(sims.credentials, { vpc: url, ecs: url, ram: url, resourcemanager: url, cs: url }, 5000);
    const target: AuditTarget = { region: scenario.region, clusterId: scenario.cluster.clusterId, accountId: scenario.accountId };
    return { audit: () => auditWithInventory(run(target, clients, scenario.region)), clients, region: scenario.region, sims };
  }
  const region = stringOpt(input, 'region') ?? io.env.ALIBABA_CLOUD_REGION_ID;
  const clusterId = stringOpt(input, 'clusterId');
  if (!region || !clusterId) throw new UsageError('fix: give --scenario FILE, or --cluster-id ID with --region REGION');
  const accessKeyId = io.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = io.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret)
    throw new UsageError('fix: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (with --apply: credentials that may write, see infra/remediate-ram-policy.json)');
  const creds = { accessKeyId, accessKeySecret, securityToken: io.env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
  const clients = createCloudClients(creds, endpointsFrom(region, listOpt(input, 'endpoint'), io.env), 10_000);
  return { audit: () => auditWithInventory(run({ region, clusterId }, clients, region)), clients, region };
}

function beforeAfterLines(before: Report, after: Report): string[] {
  const was = chainIds(before);
  const nowFailing = new Set(after.findings.filter((f) => f.status === 'fail').map((f) => f.id));
  const out = ['', `Before: ${before.summary.status} — ${before.summary.headline}`, `After:  ${after.summary.status} — ${after.summary.headline}`];
  for (const f of before.findings.filter((x) => x.status === 'fail')) {
    out.push(`  ${nowFailing.has(f.id) ? 'still failing' : 'fixed        '}  ${f.code} ${f.resource.name ?? f.resource.id ?? ''}${was.has(f.id) ? '' : ' (outside the chain)'}`);
  }
  for (const f of after.findings.filter((x) => x.status === 'fail' && !before.findings.some((b) => b.id === x.id))) out.push(`  new          ${f.code} ${f.resource.name ?? f.resource.id ?? ''}`);
  return out;
}

/** Runs `fix` (or `demo --fix` with the built-in scenario); returns the exit code. */
async function runFix(input: CommandInput, io: CliIo, demo: boolean): Promise<number> {
  const format = stringOpt(input, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format}: fix prints text or json`);
  const scenarioFile = demo ? demoScenario() : stringOpt(input, 'scenario');
  const apply = demo || flagOpt(input, 'apply');
  const yes = demo || flagOpt(input, 'yes');
  if (flagOpt(input, 'yes') && !apply) throw new UsageError('--yes only makes sense with --apply');
  if (apply && !yes && !io.ask) throw new UsageError('--apply asks before each step: run it in a terminal, or add --yes');
  const waitText = stringOpt(input, 'waitForCcm');
  const waitSeconds = waitText === undefined ? undefined : Number(waitText);
  if (waitSeconds !== undefined && !(Number.isFinite(waitSeconds) && waitSeconds >= 0)) throw new UsageError(`--wait-for-ccm ${waitText}: expected seconds (0 or more)`);
  const progress = (m: string) => io.stderr(`ack-drift: ${m}\n`);

  const session = await openSession(input, io, scenarioFile, progress);
  try {
    const { report, inventory } = await session.audit();
    const plan = (report.fixPlan ?? { steps: [], withoutFix: [] }) as FixPlan;
    if (!apply) {
      if (format === 'json') io.stdout(`${JSON.stringify({ plan, before: summary(report) }, null, 2)}\n`);
      else
        io.stdout(
          `${[
            `ack-drift fix — ${report.summary.headline}`,
            '',
            `Fix plan (${plan.steps.length} steps,` + ` dry run: nothing was changed; --apply runs the ${runnableSteps(plan).length} API calls)`,
            ...planLines(plan),
          ].join('\n')}\n`,
        );
      return report.findings.some((f) => f.status === 'fail') ? 1 : 0;
    }
    if (format === 'text')
      io.stdout(
        `${[`ack-drift fix — ${report.summary.headline}`, '', `Fix plan (${plan.steps.length} steps; applying the ${runnableSteps(plan).length} API calls)`, ...planLines(plan)].join('\n')}\n`,
      );
    // The simulated CCM starts resyncing now; until its identity is allowed each resync fails, as the real one does.
    session.sims?.routeController.start();
    const waitMs = waitSeconds !== undefined ? waitSeconds * 1000 : session.sims ? 4 * SIM_RESYNC_MS : 0;
    const applied: ApplyResult = await applyPlan(plan, session.clients, {
      region: session.region,
      auditedTables: tablesOf(inventory),
      yes,
      ask: io.ask ? async (q) => /^y(es)?$/i.test((await io.ask!(q)).trim()) : undefined,
      waitForCcmMs: waitMs,
      progress,
    });
    if (applied.refused) {
      const lines = ['refused: the world changed since the audit:', ...applied.refused.map((r) => `  - ${r}`), 'nothing was changed; audit again and re-plan.'];
      if (format === 'json') io.stdout(`${JSON.stringify({ plan, refused: applied.refused, before: summary(report), chainGone: false }, null, 2)}\n`);
      else io.stdout(`${lines.join('\n')}\n`);
      return 1;
    }
    // The cluster follows the network on the route controller's next resync (APIService, namespace).
    if (session.sims) await new Promise((r) => setTimeout(r, 2 * SIM_RESYNC_MS));
    progress('auditing again');
    const after = (await session.audit()).report;
    const stillFailing = [...chainIds(report)].filter((id) => after.findings.some((f) => f.id === id && f.status === 'fail'));
    const chainGone = stillFailing.length === 0 && applied.results.every((r) => r.status !== 'failed' && r.status !== 'declined');
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ plan, applied: applied.results, before: summary(report), after: summary(after), chainGone }, null, 2)}\n`);
    } else {
      const lines = ['', 'Applied:', ...applied.results.map((r) => `  ${r.status.padEnd(8)} ${r.detail}`), ...beforeAfterLines(report, after)];
      lines.push('', chainGone ? 'The chain is gone.' : `The chain is not gone: ${stillFailing.length} of its findings still fail.`);
      io.stdout(`${lines.join('\n')}\n`);
    }
    return chainGone ? 0 : 1;
  } finally {
    await session.sims?.close();
  }
}

const FIX_EXIT_CODES: readonly (readonly [number, string])[] = [
  [EXIT.ok, 'the re-audit finds the chain gone (dry run: nothing fails)'],
  [EXIT.findings, 'it does not (dry run: there is something to fix; --apply: a step failed or was declined, or the world changed since the audit)'],
  [EXIT.usage, 'usage, configuration or input error'],
  [EXIT.internal, 'internal error: a defect in ack-drift'],
];

export const FIX_COMMAND = defineCommand({
  name: 'fix',
  summary: 'plan the fix of a cluster (dry run), or apply it, audit again and show before/after',
  usage: '(--scenario FILE | --cluster-id ID --region REGION) [--apply [--yes]] [--format text|json]',
  details: [
    'Without --apply nothing is changed: the plan is printed. With --apply each API call runs through pop-core with',
    'the credentials in ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (/ _SECURITY_TOKEN): give it credentials that may write,',
    "limited by infra/remediate-ram-policy.json. It refuses when a policy's default version or a route table changed",
    'since the audit, asks before each step unless --yes, re-reads what each step changed, then audits again.',
    '',
    'Examples:',
    '  ack-drift fix --scenario scenarios/seed-incident.yaml --apply --yes',
    '  ack-drift fix --cluster-id c0123456789abcdef --region cn-hangzhou',
  ].join('\n'),
  options: [
    { flags: '--scenario <FILE>', description: 'fix a scenario on the local simulators (with its simulated route controller)', conflicts: ['cluster-id', 'region', 'endpoint'] },
    { flags: '--cluster-id <ID>', description: 'fix the ACK cluster with this id' },
    { flags: '--region <REGION>', description: "the cluster's region", defaultText: '$ALIBABA_CLOUD_REGION_ID' },
    { flags: '--apply', description: 'run the API calls of the plan (otherwise: dry run)' },
    { flags: '--yes', description: 'do not ask before each step' },
    { flags: '--format <FORMAT>', description: 'output', choices: ['text', 'json'], defaultText: 'text' },
    { flags: '--wait-for-ccm <SECONDS>', description: 'after the RAM fix, let the CCM repair routes itself this long before doing it by hand', defaultText: '0 (a scenario: a few resyncs)' },
    { flags: '--endpoint <PRODUCT=URL>', description: 'endpoint override for vpc, ecs, ram or cs (https://; repeatable)', repeatable: true },
    { flags: '--managed-ccm-role <NAME>', description: "RAM role of a managed cluster's route controller" },
  ],
  exitCodes: FIX_EXIT_CODES,
  run: (input, io) => runFix(input, io, false),
});

/** `demo`, plus `--fix`: repair the seed incident on the simulators and show the recovery. */
export const DEMO_WITH_FIX_COMMAND = defineCommand({
  ...DEMO_COMMAND,
  options: [...DEMO_COMMAND.options, { flags: '--fix', description: 'repair the incident: apply the fix plan on the simulators, audit again, show before/after' }],
  run: (input, io) => (flagOpt(input, 'fix') ? runFix(input, io, true) : DEMO_COMMAND.run(input, io)),
});
