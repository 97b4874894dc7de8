/**
 * The least RAM change that lets the route controller's required actions through, never wider than they need:
 *  (a) a Deny in a policy attached for another purpose (it allows none of the required actions): detach the policy
 *      or narrow the Deny, whichever changes fewer other decisions;
 *  (b) a Deny in the CCM's own policy: narrow it (drop the matching actions, add them to a NotAction) or remove it;
 *  (c) what is then still not allowed: an Allow of exactly those actions on their table/VPC ARNs;
 *  (d) an earlier version of the policy that allows them and differs only in the breaking statements: a labelled
 *      one-command alternative (SetDefaultPolicyVersion).
 * A changed policy becomes a new default version holding the full corrected document. Pure: no I/O.
 */
import type { AttachedPolicy, RequestContext } from '../ram/model';
import { parsePolicy } from '../ram/parse';
import { DEFAULT_EVALUATION_OPTIONS } from '../ram/options';
import { evaluateRequiredAction, type RequiredAction } from '../ram/profiles';
import { statementName, statementOfPolicy } from '../ram/statement-name';
import { hasWildcard, wildcardMatch } from '../ram/wildcard';
import { catalogueMatches, catalogued, changeCount, proveChange, provesRequired } from './proof';
import { aliyunCommand } from './shell';
import type { ApiCall, FixStep, RamProof } from './types';

/** The documented maximum length of a policy document (CreatePolicyVersion rejects longer ones). */
export const MAX_POLICY_DOCUMENT = 6144;

export interface PolicyState {
  name: string;
  type: 'System' | 'Custom';
  defaultVersion: string;
  /** The default version's document text. */
  document: string;
  /** Other versions, when they were read (ListPolicyVersions). */
  versions?: { versionId: string; document: string }[];
}

export interface RamFixInput {
  identity: { kind: 'RamRole' | 'RamUser'; name: string };
  policies: PolicyState[];
  required: RequiredAction[];
  context: RequestContext;
}

export interface RamFix {
  /** The steps, in order (detachments, then new versions); empty when nothing needs to change. */
  steps: Omit<FixStep, 'id' | 'phase'>[];
  /** The labelled one-command alternative (d), when an earlier version is the working one. */
  alternative?: Omit<FixStep, 'id' | 'phase'>;
  proof: RamProof;
  /** Why no runnable change was found (e.g. the deny is in a system policy that cannot be versioned). */
  unresolved?: string;
}

type RawStatement = Record<string, unknown>;
type RawDoc = { Version?: unknown; Statement: RawStatement[] } & Record<string, unknown>;

interface Working {
  state: PolicyState;
  doc: RawDoc;
  detached: boolean;
  modified: boolean;
  /** Human notes on what changed, by statement. */
  notes: string[];
}

const asArray = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const matchesAny = (pattern: string, forms: readonly string[]) => forms.some((f) => wildcardMatch(pattern, f, { ignoreCase: true }));

function rawDoc(text: string): RawDoc {
  const d = JSON.parse(text) as Record<string, unknown>;
  const st = d.Statement;
  return { ...d, Statement: (Array.isArray(st) ? st : [st]).map((s) => ({ ...(s as RawStatement) })) };
}

function attached(w: Working): AttachedPolicy {
  const parsed = parsePolicy(JSON.stringify(w.doc));
  if (!parsed.ok) throw new Error(`the corrected ${w.state.name} does not parse: ${parsed.errors[0]}`);
  return { name: w.state.name, type: w.state.type, version: w.modified ? 'corrected' : w.state.defaultVersion, document: parsed.policy };
}

function setOf(ws: readonly Working[]): AttachedPolicy[] {
  return ws.filter((w) => !w.detached && w.doc.Statement.length > 0).map(attached);
}

function original(ws: readonly Working[]): AttachedPolicy[] {
  return ws
    .map((w) => ({ w, parsed: parsePolicy(w.state.document) }))
    .flatMap(({ w, parsed }) => (parsed.ok ? [{ name: w.state.name, type: w.state.type, version: w.state.defaultVersion, document: parsed.policy }] : []));
}

/** The forms of every required action: the action and its legacy alternatives. */
function formsOf(required: readonly RequiredAction[]): string[] {
  return [...new Set(required.flatMap((r) => [r.action, ...(r.alternatives ?? [])]))];
}

/** The statements (0-based) of each policy that definitely deny a required action. */
function denyingStatements(ws: readonly Working[], input: RamFixInput): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const set = setOf(ws);
  for (const r of input.required) {
    const d = evaluateRequiredAction(r, input.context, set);
    for (const m of d.matched) {
      if (m.effect !== 'Deny' || m.match !== 'definite') continue;
      out.set(m.policy, (out.get(m.policy) ?? new Set()).add(m.statement));
    }
  }
  return out;
}

/** Narrowed copies of a document: the Deny statements no longer match any form; `expand` keeps the rest of a wildcard. */
function narrowed(doc: RawDoc, indexes: ReadonlySet<number>, forms: readonly string[], expand: boolean, label: (i: number) => string): { doc: RawDoc; notes: string[] } | undefined {
  const notes: string[] = [];
  let expandedAny = false;
  const statements = doc.Statement.map((st, i): RawStatement | undefined => {
    if (!indexes.has(i)) return st;
    if ('NotAction' in st) {
      const kept = asArray(st.NotAction);
      const add = forms.filter((f) => !matchesAny(f, kept) && !kept.some((k) => wildcardMatch(k, f, { ignoreCase: true })));
      notes.push(`${label(i)}: add ${add.join(', ')} to its NotAction list, so it no longer denies them`);
      return { ...st, NotAction: [...kept, ...add] };
    }
    const patterns = asArray(st.Action);
    const hit = patterns.filter((p) => matchesAny(p, forms));
    const keep = patterns.filter((p) => !matchesAny(p, forms));
    const expansion = expand ? hit.filter((p) => hasWildcard(p) && catalogued(p)).flatMap((p) => catalogueMatches(p).filter((a) => !forms.some((f) => f.toLowerCase() === a.toLowerCase()))) : [];
    if (expansion.length > 0) expandedAny = true;
    const actions = [...new Set([...keep, ...expansion])];
    if (actions.length === 0) {
      notes.push(`${label(i)}: remove it (it denies ${hit.join(', ')}, which the route controller needs)`);
      return undefined;
    }
    notes.push(
      `${label(i)}: narrow its Action from ${JSON.stringify(patterns)}` +
        ` to ${expansion.length > 0 ? `${actions.length} actions (every action ${hit.join(', ')} matched, except the route controller's)` : JSON.stringify(actions)}`,
    );
    return { ...st, Action: actions.length === 1 ? actions[0] : actions };
  });
  if (expand && !expandedAny) return undefined;
  const out = { ...doc, Statement: statements.filter((s): s is RawStatement => s !== undefined) };
  return JSON.stringify(out).length <= MAX_POLICY_DOCUMENT ? { doc: out, notes } : undefined;
}

/** Whether a policy allows any required action on its own, Denies aside: then it is the CCM's own policy. */
function isOwn(w: Working, input: RamFixInput): boolean {
  const allows = { ...w.doc, Statement: w.doc.Statement.filter((s) => s.Effect !== 'Deny') };
  if (allows.Statement.length === 0) return false;
  const parsed = parsePolicy(JSON.stringify(allows));
  if (!parsed.ok) return false;
  const p: AttachedPolicy = { name: w.state.name, type: w.state.type, version: w.state.defaultVersion, document: parsed.policy };
  return input.required.some((r) => evaluateRequiredAction(r, input.context, [p]).decision === 'allow');
}

interface Candidate {
  apply(): void;
  undo(): void;
  rank: number;
}

/** Fewer effective changes first, then fewer changes at all, then the simpler kind. */
function score(proof: RamProof, rank: number): number[] {
  return [changeCount(proof, true), changeCount(proof), rank];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** Groups the actions still not allowed by resource: one exact Allow statement per resource. */
function exactAllows(missing: readonly RequiredAction[]): RawStatement[] {
  const byResource = new Map<string, string[]>();
  for (const r of missing) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r.action]);
  return [...byResource].map(([resource, actions]) => ({ Effect: 'Allow', Action: actions.length === 1 ? actions[0] : actions, Resource: resource }));
}

function createVersionCall(w: Working): ApiCall {
  return {
    product: 'ram',
    action: 'CreatePolicyVersion',
    params: { PolicyName: w.state.name, PolicyDocument: JSON.stringify(w.doc), SetAsDefault: 'true', RotateStrategy: 'DeleteOldestNonDefaultVersionWhenLimitExceeded' },
  };
}

/** The earlier version that allows the required actions and differs only in the breaking statements, if any. */
function workingEarlierVersion(w: Working, denies: ReadonlySet<number>, ws: readonly Working[], input: RamFixInput): { versionId: string; proof: RamProof } | undefined {
  const current = rawDoc(w.state.document).Statement;
  const versions = [...(w.state.versions ?? [])].filter((v) => v.versionId !== w.state.defaultVersion).reverse();
  for (const v of versions) {
    let doc: RawDoc;
    try {
      doc = rawDoc(v.document);
    } catch {
      continue;
    }
    if (doc.Statement.length !== current.length) continue;
    const sameElsewhere = doc.Statement.every((s, i) => denies.has(i) || JSON.stringify(s) === JSON.stringify(current[i]));
    if (!sameElsewhere) continue;
    const parsed = parsePolicy(v.document);
    if (!parsed.ok) continue;
    const before = original(ws);
    const after = before.map((p) => (p.name === w.state.name ? { ...p, version: v.versionId, document: parsed.policy } : p));
    const proof = proveChange(before, after, input.required, input.context);
    if (provesRequired(proof)) return { versionId: v.versionId, proof };
  }
  return undefined;
}

/** Plans the least RAM change for one identity. */
export function planRamFix(full: RamFixInput): RamFix {
  // Decisions depend on a resource only through the Resource patterns that match it: plan on one representative
  // per action and class (many route tables, one pattern), and give the exact Allow every resource of its class.
  const patterns = [...new Set(full.policies.flatMap((p) => [p.document, ...(p.versions ?? []).map((v) => v.document)]).flatMap((d) => resourcePatterns(d)))];
  const ignoreCase = DEFAULT_EVALUATION_OPTIONS.resources === 'insensitive';
  const signature = (resource: string) => patterns.map((p) => (wildcardMatch(p, resource, { ignoreCase }) ? 1 : 0)).join('');
  const classKey = (r: RequiredAction) => `${r.action}\u0000${r.resource === '*' ? '*' : signature(r.resource)}`;
  const byClass = new Map<string, RequiredAction[]>();
  for (const r of full.required) byClass.set(classKey(r), [...(byClass.get(classKey(r)) ?? []), r]);
  const input: RamFixInput = { ...full, required: [...byClass.values()].map((list) => list[0]) };
  const expandMissing = (reps: RequiredAction[]) => reps.flatMap((r) => byClass.get(classKey(r)) ?? [r]);
  const ws: Working[] = input.policies.map((state) => ({ state, doc: rawDoc(state.document), detached: false, modified: false, notes: [] }));
  const before = original(ws);
  const forms = formsOf(input.required);
  const denies = denyingStatements(ws, input);
  const firstDenies = new Map(denies);
  let unresolved: string | undefined;

  for (const [policyName, indexes] of denies) {
    const w = ws.find((x) => x.state.name === policyName);
    if (!w) continue;
    const label = (i: number) => statementName(i, w.doc.Statement[i]?.Sid as string | undefined);
    const fullLabel = (i: number) => statementOfPolicy(i, w.doc.Statement[i]?.Sid as string | undefined, w.state.name, w.state.defaultVersion);
    const own = isOwn(w, input);
    const candidates: Candidate[] = [];
    const snapshot = { doc: w.doc, modified: w.modified, notes: w.notes, detached: w.detached };
    const restore = () => Object.assign(w, snapshot);
    if (w.state.type === 'Custom') {
      for (const expand of [false, true]) {
        const n = narrowed(w.doc, indexes, forms, expand, label);
        if (n) candidates.push({ apply: () => Object.assign(w, { doc: n.doc, modified: true, notes: [...snapshot.notes, ...n.notes] }), undo: restore, rank: expand ? 2 : 1 });
      }
    }
    if (!own && input.identity.kind === 'RamRole') {
      candidates.push({
        apply: () =>
          Object.assign(w, {
            detached: true,
            notes: [
              ...snapshot.notes,
              `detach it from role ${input.identity.name}: it allows nothing the route controller needs, and its ${[...indexes].map(label).join(' and ')} denies what it does need`,
            ],
          }),
        undo: restore,
        rank: 0,
      });
    }
    if (candidates.length === 0) {
      unresolved =
        `${[...indexes].map(fullLabel).join(' and ')} denies the route controller` +
        `, and ${w.state.type === 'System' ? 'a system policy cannot be changed' : 'no narrower version fits'}` +
        `; ${own ? 'it also grants what the route controller needs, so detaching it would take that away' : 'detach it from the role'}.`;
      continue;
    }
    let best: { c: Candidate; s: number[] } | undefined;
    for (const c of candidates) {
      c.apply();
      const s = score(proveChange(before, setOf(ws), input.required, input.context), c.rank);
      c.undo();
      if (!best || better(s, best.s)) best = { c, s };
    }
    best!.c.apply();
  }

  // (c) What is still not allowed in its own name (the CCM calls the VPC endpoint, so a legacy ecs: grant is not
  // enough for a missing vpc: action) gets an exact Allow, added to the CCM's own custom policy.
  const current = setOf(ws);
  const missingReps = input.required.filter((r) => evaluateRequiredAction(r, input.context, current, { routeWriteAliases: false }).decision !== 'allow');
  const missing = expandMissing(missingReps);
  if (missing.length > 0) {
    const target =
      ws.find((w) => !w.detached && w.state.type === 'Custom' && w.modified && isOwn(w, input)) ??
      ws.find((w) => !w.detached && w.state.type === 'Custom' && isOwn(w, input)) ??
      ws.find((w) => !w.detached && w.state.type === 'Custom' && w.modified) ??
      ws.find((w) => !w.detached && w.state.type === 'Custom');
    if (target) {
      const allows = exactAllows(missing);
      target.doc = { ...target.doc, Statement: [...target.doc.Statement, ...allows] };
      target.modified = true;
      target.notes.push(`add ${allows.length === 1 ? 'an Allow statement' : `${allows.length} Allow statements`} of exactly ${missing.map((r) => `${r.action} on ${r.resource}`).join(', ')}`);
    } else {
      unresolved =
        `no custom policy is attached to ${input.identity.name} to hold an Allow of ${missing.map((r) => r.action).join(', ')}` +
        `: create one with exactly those actions on their ARNs and attach it.`;
    }
  }

  const after = setOf(ws);
  const proof = proveChange(before, after, full.required, full.context);
  const steps: Omit<FixStep, 'id' | 'phase'>[] = [];
  const who = `${input.identity.kind === 'RamRole' ? 'role' : 'user'} ${input.identity.name}`;
  for (const w of ws.filter((x) => x.detached)) {
    const call: ApiCall = { product: 'ram', action: 'DetachPolicyFromRole', params: { PolicyType: w.state.type, PolicyName: w.state.name, RoleName: input.identity.name } };
    steps.push({
      findingIds: [],
      title: `Detach policy ${w.state.name} from ${who}`,
      description: `${w.notes.join('; ')}.`,
      command: aliyunCommand(call),
      call,
      preconditions: [{ kind: 'policyAttached', role: input.identity.name, policy: w.state.name, policyType: w.state.type }],
    });
  }
  for (const w of ws.filter((x) => x.modified && !x.detached)) {
    const call = createVersionCall(w);
    steps.push({
      findingIds: [],
      title: `Make a corrected version of policy ${w.state.name} its default`,
      description:
        `In ${w.state.name} (${w.state.defaultVersion}): ${w.notes.join('; ')}` +
        `. The new version holds the full corrected document and becomes the default; the oldest non-default version is deleted if the policy already has five.`,
      command: aliyunCommand(call),
      call,
      preconditions: [{ kind: 'policyDefault', policy: w.state.name, versionId: w.state.defaultVersion }],
    });
  }
  const out: RamFix = { steps, proof, ...(unresolved ? { unresolved } : {}) };
  if (steps.length > 0) steps[steps.length - 1].proof = proof;

  // (d) One policy changed by narrowing: an earlier working version may do it in one command.
  const changedPolicies = ws.filter((w) => w.modified || w.detached);
  if (changedPolicies.length === 1 && changedPolicies[0].modified && !changedPolicies[0].detached) {
    const w = changedPolicies[0];
    const earlier = workingEarlierVersion(w, firstDenies.get(w.state.name) ?? new Set(), ws, input);
    if (earlier) {
      const call: ApiCall = { product: 'ram', action: 'SetDefaultPolicyVersion', params: { PolicyName: w.state.name, VersionId: earlier.versionId } };
      const widened = earlier.proof.changed.filter((c) => c.effective && c.after === 'allow').reduce((n, c) => n + c.actions.length * c.resources.length, 0);
      out.alternative = {
        findingIds: [],
        title: `Alternative: make version ${earlier.versionId} of ${w.state.name} the default again (one command)`,
        description:
          `Version ${earlier.versionId} allows what the route controller needs and differs from ${w.state.defaultVersion}` +
          ` only in the breaking statement${(firstDenies.get(w.state.name)?.size ?? 0) > 1 ? 's' : ''}` +
          `.${widened > 0 ? ` It also allows ${widened} other action/resource pair${widened === 1 ? '' : 's'} the corrected version does not, so the corrected version is the least change.` : ''}`,
        command: aliyunCommand(call),
        call,
        preconditions: [{ kind: 'policyDefault', policy: w.state.name, versionId: w.state.defaultVersion }],
        proof: earlier.proof,
      };
    }
  }
  return out;
}

/** Every Resource pattern a policy document names (none when it does not parse). */
function resourcePatterns(text: string): string[] {
  const parsed = parsePolicy(text);
  return parsed.ok ? parsed.policy.statements.flatMap((st) => st.resources ?? []) : [];
}
