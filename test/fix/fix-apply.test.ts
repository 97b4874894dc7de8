/**
 * `ack-drift fix --apply --yes` on the seed incident and five other worlds, against the simulators (real pop-core
 * and client-node, the simulated route controller): the re-audit must be healthy, and the corrected policy set must
 * change no decision the plan does not list — checked by brute force over every action of the SDK models.
 */
import catalogue from '../../shared/ram/actions.json';
import { evaluate } from '../../shared/ram/evaluate';
import type { AttachedPolicy } from '../../shared/ram/model';
import { parsePolicy } from '../../shared/ram/parse';
import type { FixPlan, FixStep } from '../../shared/fix/types';
import { runCli } from '../support/cli';
import { world, worldFile, WORLD_NAMES } from './worlds';

interface Outcome {
  plan: FixPlan;
  applied: { stepId: string; status: string; detail: string }[];
  before: { status: string; failing: { code: string }[] };
  after: { status: string; failing: { code: string }[] };
  chainGone: boolean;
}

/** The master role's policies as attached in the world (default versions). */
function attachedPolicies(name: string): { name: string; document: string }[] {
  const w = world(name);
  const role = w.cloud.ram.roles.find((r: { RoleName: string }) => r.RoleName.startsWith('KubernetesMasterRole'));
  return role.AttachedPolicies.map((a: { PolicyName: string }) => {
    const p = w.cloud.ram.policies.find((x: { PolicyName: string }) => x.PolicyName === a.PolicyName);
    const v = p.Versions.find((x: { VersionId: string }) => x.VersionId === p.DefaultVersion);
    return { name: p.PolicyName, document: typeof v.PolicyDocument === 'string' ? v.PolicyDocument : JSON.stringify(v.PolicyDocument) };
  });
}

function parsed(docs: { name: string; document: string }[]): AttachedPolicy[] {
  return docs.map((d) => {
    const p = parsePolicy(d.document);
    if (!p.ok) throw new Error(`${d.name}: ${p.errors[0]}`);
    return { name: d.name, type: 'Custom', version: 'x', document: p.policy };
  });
}

/** The policy set after the plan's runnable RAM steps, applied to the world's documents by hand. */
function afterSteps(docs: { name: string; document: string }[], steps: FixStep[]): { name: string; document: string }[] {
  let out = docs;
  for (const s of steps) {
    if (s.call?.action === 'CreatePolicyVersion') out = out.map((d) => (d.name === s.call!.params.PolicyName ? { ...d, document: s.call!.params.PolicyDocument } : d));
    if (s.call?.action === 'DetachPolicyFromRole') out = out.filter((d) => d.name !== s.call!.params.PolicyName);
  }
  return out;
}

/** Every (action, resource) whose decision differs, over all catalogued actions and every pattern the documents name. */
function bruteForce(before: AttachedPolicy[], after: AttachedPolicy[], resources: string[], skip: Set<string>): Set<string> {
  const known = catalogue as Record<string, string[]>;
  const actions = new Set(Object.entries(known).flatMap(([svc, list]) => list.map((a) => `${svc}:${a}`)));
  // Outside the catalogue (slb, log) a pattern stands for the actions it matches.
  for (const p of [...before, ...after]) for (const s of p.document.statements) for (const a of s.actions) if (!Object.hasOwn(known, a.split(':')[0].toLowerCase())) actions.add(a);
  const out = new Set<string>();
  for (const action of actions) {
    for (const resource of resources) {
      if (skip.has(`${action}|${resource}`)) continue;
      const b = evaluate({ action, resource, context: {} }, before).decision;
      const a = evaluate({ action, resource, context: {} }, after).decision;
      if (a !== b) out.add(`${action}|${resource}|${b}|${a}`);
    }
  }
  return out;
}

describe('fix --apply --yes', () => {
  it.each(WORLD_NAMES)('%s: the re-audit is healthy and the chain is gone', async (name) => {
    const r = await runCli(['fix', '--scenario', worldFile(name), '--apply', '--yes', '--format', 'json']);
    const out = JSON.parse(r.stdout) as Outcome;
    expect(out.before.status).toBe('degraded');
    expect(out.applied.filter((a) => a.status === 'failed' || a.status === 'declined')).toEqual([]);
    expect(out.after).toMatchObject({ status: 'healthy', failing: [] });
    expect(out.chainGone).toBe(true);
    expect(r.code).toBe(0);

    // The corrected policy set changes exactly the decisions the plan lists, and allows every required action.
    const ramSteps = out.plan.steps.filter((s) => s.call?.product === 'ram' && !s.alternativeTo);
    const proof = ramSteps.find((s) => s.proof)?.proof;
    if (name === 'wrong-next-hop') {
      expect(ramSteps).toEqual([]);
      return;
    }
    expect(proof).toBeDefined();
    expect(proof!.required.every((q) => q.after === 'allow')).toBe(true);
    const docs = attachedPolicies(name);
    const skip = new Set(proof!.required.map((q) => `${q.action}|${q.resource}`));
    const truth = bruteForce(parsed(docs), parsed(afterSteps(docs, ramSteps)), proof!.evaluated.resources, skip);
    const listed = new Set(proof!.changed.flatMap((c) => c.actions.flatMap((a) => c.resources.map((res) => `${a}|${res}|${c.before}|${c.after}`))));
    expect([...listed].filter((x) => !truth.has(x))).toEqual([]);
    expect([...truth].filter((x) => !listed.has(x))).toEqual([]);
    // Least change: no other action becomes allowed (a required action may, on other resources, when a NotAction
    // list gains it), and no statement grants vpc:* on *.
    const required = new Set(proof!.required.map((q) => q.action));
    expect(proof!.changed.filter((c) => c.after === 'allow' && c.actions.some((a) => !required.has(a)))).toEqual([]);
    for (const s of ramSteps.filter((x) => x.call?.action === 'CreatePolicyVersion')) {
      const doc = JSON.parse(s.call!.params.PolicyDocument) as { Statement: { Effect: string; Action?: unknown; Resource?: unknown }[] };
      expect(doc.Statement.filter((st) => st.Effect === 'Allow' && JSON.stringify(st.Action ?? '').includes('vpc:*') && JSON.stringify(st.Resource).includes('"*"')).length).toBeLessThanOrEqual(
        (JSON.parse(docs.find((d) => d.name === s.call!.params.PolicyName)!.document) as { Statement: { Effect: string; Action?: unknown; Resource?: unknown }[] }).Statement.filter(
          (st) => st.Effect === 'Allow' && JSON.stringify(st.Action ?? '').includes('vpc:*') && JSON.stringify(st.Resource).includes('"*"'),
        ).length,
      );
    }
  });

  it('chooses per world the change the issue asks for', async () => {
    const plans = Object.fromEntries(
      await Promise.all(
        ['seed-incident', 'deny-second-policy', 'implicit-deny', 'resource-scoped-deny', 'notaction-deny'].map(async (name) => {
          const r = await runCli(['fix', '--scenario', worldFile(name), '--format', 'json']);
          expect(r.code).toBe(1);
          return [name, (JSON.parse(r.stdout) as { plan: FixPlan }).plan] as const;
        }),
      ),
    );
    const doc = (name: string) => JSON.parse(plans[name].steps.find((s) => s.call?.action === 'CreatePolicyVersion')!.call!.params.PolicyDocument) as { Statement: Record<string, unknown>[] };
    // Seed: the Deny goes, an exact Allow on the table and the VPC comes, and v2 is the labelled alternative.
    expect(doc('seed-incident').Statement).toContainEqual({
      Effect: 'Allow',
      Action: expect.arrayContaining(['vpc:DescribeRouteEntryList', 'vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry']),
      Resource: 'acs:vpc:cn-hangzhou:1837462005813702:routetable/vtb-bp1q3w5e7r9t1y3u5i7o',
    });
    expect(JSON.stringify(doc('seed-incident'))).not.toContain('Deny');
    expect(plans['seed-incident'].steps.find((s) => s.alternativeTo)?.command).toBe('aliyun ram SetDefaultPolicyVersion --PolicyName k8sMasterRolePolicy-8e4b1c7d --VersionId v2');
    // Implicit deny: only an exact Allow is added.
    expect(doc('implicit-deny').Statement.slice(3)).toEqual([
      { Effect: 'Allow', Action: 'vpc:DescribeVpcs', Resource: 'acs:vpc:cn-hangzhou:1837462005813702:vpc/vpc-bp1k3x9q7wz2d5m8n4r6t' },
      {
        Effect: 'Allow',
        Action: expect.arrayContaining(['vpc:DescribeRouteEntryList', 'vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry']),
        Resource: 'acs:vpc:cn-hangzhou:1837462005813702:routetable/vtb-bp1q3w5e7r9t1y3u5i7o',
      },
    ]);
    // Resource-scoped deny: narrowed to what the route controller does not need; nothing else changes.
    expect(doc('resource-scoped-deny').Statement[4]).toEqual({ Effect: 'Deny', Action: 'vpc:ModifyRouteEntry', Resource: ['acs:vpc:*:*:routetable/*'] });
    // NotAction deny: the required actions join the NotAction list, named by Sid.
    expect(doc('notaction-deny').Statement[4].NotAction).toEqual(
      expect.arrayContaining(['ecs:*', 'slb:*', 'log:*', 'vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry', 'vpc:DescribeRouteEntryList', 'vpc:DescribeVpcs']),
    );
    expect(plans['notaction-deny'].steps[0].description).toContain('statement "OnlyComputeAndLogs"');
    expect(plans['resource-scoped-deny'].steps.find((s) => s.proof)!.proof!.changed).toEqual([]);
    // A deny in a second policy: that policy is narrowed or detached, the CCM's own policy is untouched.
    const second = plans['deny-second-policy'].steps.filter((s) => s.call?.product === 'ram' && !s.alternativeTo);
    expect(second.map((s) => s.call!.params.PolicyName)).not.toContain('k8sMasterRolePolicy-8e4b1c7d');
    expect(second.find((s) => s.proof)!.proof!.changed.filter((c) => c.effective)).toEqual([]);
  });
});
