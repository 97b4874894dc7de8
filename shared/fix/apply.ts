/**
 * Runs a fix plan's API calls through pop-core: refuses when the world changed since the audit, asks before each
 * step unless told not to, re-reads what each step changed, and leaves route repairs to the CCM while it can.
 */
import { fromCloudError } from '../collect/api-error';
import { isCidr, parseCidr } from '../net/cidr';
import type { FixPlan, FixStep } from './types';
import { VerificationError } from '../util/errors';
import { isAttached, readPolicy, readTable, tableFingerprint, type FixClients } from './world';

export interface ApplyOptions {
  region: string;
  /** Table fingerprints at the time of the audit (tableFingerprint of the inventory's entries). */
  auditedTables: Record<string, string>;
  /** Asks a yes/no question; undefined with `yes` set. */
  ask?: (question: string) => Promise<boolean>;
  yes: boolean;
  /** How long to let the CCM repair routes itself after the RAM fix before doing it by hand. */
  waitForCcmMs: number;
  progress(line: string): void;
  sleep?: (ms: number) => Promise<void>;
}

export type StepStatus = 'done' | 'already' | 'skipped' | 'declined' | 'failed';

export interface StepResult {
  stepId: string;
  status: StepStatus;
  detail: string;
}

export interface ApplyResult {
  /** Set when the fix refused to start: what changed since the audit. */
  refused?: string[];
  results: StepResult[];
}

const canonical = (cidr: string) => {
  const c = parseCidr(cidr);
  return isCidr(c) ? c.text : cidr;
};

/** The steps `--apply` runs: those with an API call, not alternatives, not those that need a person's judgement. */
export function runnableSteps(plan: FixPlan): FixStep[] {
  return plan.steps.filter((s) => s.call && !s.alternativeTo && !s.judgement);
}

/** What differs from the audit: policies' default versions, attachments, the entries of the tables the plan writes. */
export async function changesSinceAudit(plan: FixPlan, clients: FixClients, opts: Pick<ApplyOptions, 'region' | 'auditedTables'>): Promise<string[]> {
  const out: string[] = [];
  const steps = runnableSteps(plan);
  for (const p of steps.flatMap((s) => s.preconditions ?? [])) {
    if (p.kind === 'policyDefault') {
      const now = await readPolicy(clients, p.policy);
      if (now.versionId !== p.versionId) out.push(`the default version of ${p.policy} is ${now.versionId}, not ${p.versionId} as audited`);
    } else if (!(await isAttached(clients, p.role, p.policy, p.policyType))) out.push(`${p.policy} is no longer attached to ${p.role}`);
  }
  for (const table of new Set(steps.flatMap((s) => (s.route ? [s.route.routeTableId] : [])))) {
    const now = tableFingerprint(await readTable(clients, opts.region, table));
    if (opts.auditedTables[table] !== undefined && now !== opts.auditedTables[table]) out.push(`the entries of route table ${table} changed since the audit`);
  }
  return out;
}

/** Whether the route step's effect is already there (the CCM did it, or an earlier run). */
async function routeState(step: FixStep, clients: FixClients, region: string): Promise<'done' | 'todo' | 'conflict'> {
  const r = step.route!;
  const entries = (await readTable(clients, region, r.routeTableId)).filter((e) => canonical(e.destination) === canonical(r.destination));
  const exact = entries.some((e) => e.nextHops.length === 1 && e.nextHops[0].id === r.nextHopId);
  if (r.op === 'delete') return exact ? 'todo' : 'done';
  if (exact) return 'done';
  return entries.length > 0 ? 'conflict' : 'todo';
}

/** Re-reads what a step changed; returns what was seen, or throws when the change is not there. */
async function verify(step: FixStep, clients: FixClients, region: string): Promise<string> {
  const call = step.call!;
  switch (call.action) {
    case 'CreatePolicyVersion': {
      const now = await readPolicy(clients, call.params.PolicyName);
      if (JSON.stringify(JSON.parse(now.document)) !== JSON.stringify(JSON.parse(call.params.PolicyDocument)))
        throw new VerificationError(`the default version of ${call.params.PolicyName} (${now.versionId}) is not the corrected document`);
      return `${call.params.PolicyName} default version is now ${now.versionId}, the corrected document`;
    }
    case 'SetDefaultPolicyVersion': {
      const now = await readPolicy(clients, call.params.PolicyName);
      if (now.versionId !== call.params.VersionId) throw new VerificationError(`the default version of ${call.params.PolicyName} is ${now.versionId}`);
      return `${call.params.PolicyName} default version is now ${now.versionId}`;
    }
    case 'DetachPolicyFromRole':
      if (await isAttached(clients, call.params.RoleName, call.params.PolicyName, call.params.PolicyType)) throw new VerificationError(`${call.params.PolicyName} is still attached`);
      return `${call.params.PolicyName} is no longer attached to ${call.params.RoleName}`;
    default: {
      const state = await routeState(step, clients, region);
      if (state !== 'done') throw new VerificationError(`route table ${step.route!.routeTableId} does not show the change`);
      return step.route!.op === 'create'
        ? `${step.route!.destination} → ${step.route!.nextHopId} is in ${step.route!.routeTableId}`
        : `${step.route!.destination} → ${step.route!.nextHopId} is gone from ${step.route!.routeTableId}`;
    }
  }
}

async function waitForCcm(steps: FixStep[], clients: FixClients, opts: ApplyOptions): Promise<void> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deadline = Date.now() + opts.waitForCcmMs;
  opts.progress(`waiting up to ${Math.round(opts.waitForCcmMs / 1000)} s for the CCM to repair ${steps.length} route${steps.length === 1 ? '' : 's'} itself`);
  while (Date.now() < deadline) {
    const states = await Promise.all(steps.map((s) => routeState(s, clients, opts.region)));
    if (states.every((s) => s === 'done')) return;
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
}

/** Applies the runnable steps in order. Stops at the first failure or refusal. */
export async function applyPlan(plan: FixPlan, clients: FixClients, opts: ApplyOptions): Promise<ApplyResult> {
  const refused = await changesSinceAudit(plan, clients, opts);
  if (refused.length > 0) return { refused, results: [] };
  const steps = runnableSteps(plan);
  const results: StepResult[] = [];
  let waited = false;
  for (const [i, step] of steps.entries()) {
    const n = `step ${plan.steps.indexOf(step) + 1}`;
    if (step.route && step.ccmRepairs && !waited && opts.waitForCcmMs > 0 && results.some((r) => r.status === 'done')) {
      waited = true;
      await waitForCcm(
        steps.slice(i).filter((s) => s.route && s.ccmRepairs),
        clients,
        opts,
      );
    }
    if (step.route) {
      const state = await routeState(step, clients, opts.region);
      if (state === 'done') {
        results.push({ stepId: step.id, status: 'already', detail: `${step.title}: already done${step.ccmRepairs ? ' (by the CCM)' : ''}` });
        opts.progress(`${n}: ${step.title}: already done`);
        continue;
      }
      if (state === 'conflict') {
        results.push({ stepId: step.id, status: 'failed', detail: `${step.title}: another entry for ${step.route.destination} appeared; audit again` });
        break;
      }
    }
    if (!opts.yes) {
      const ok = await opts.ask!(`${n}: ${step.title}\n  ${step.command}\nRun it? [y/N] `);
      if (!ok) {
        results.push({ stepId: step.id, status: 'declined', detail: `${step.title}: not run (declined)` });
        opts.progress(`${n}: declined; stopping`);
        break;
      }
    }
    try {
      const call = step.call!;
      // POST: a policy document can be several KB, too long for a query string.
      await clients[call.product].request(call.action, call.params, { method: 'POST' });
      const seen = await verify(step, clients, opts.region);
      results.push({ stepId: step.id, status: 'done', detail: `${step.title}: done; verified: ${seen}` });
      opts.progress(`${n}: ${step.title}: done; verified: ${seen}`);
    } catch (err) {
      const e = err instanceof VerificationError ? err : fromCloudError(`${step.call!.product}:${step.call!.action}`, err);
      results.push({ stepId: step.id, status: 'failed', detail: `${step.title}: ${e instanceof Error ? e.message : String(e)}` });
      opts.progress(`${n}: failed: ${e instanceof Error ? e.message : String(e)}`);
      break;
    }
  }
  return { results };
}
