/**
 * Explanations in sentences (iam-simulate style: every decision says which policy, version and statement made it,
 * and why the near misses missed), and the text rendering of a decision for the `policy` command.
 */
import { arnMismatch } from './arn';
import type { StatementResult } from './evaluate';
import { quote } from './grammar';
import type { ConditionExplain, Decision, DecisionKind, RamRequest } from './model';
import { statementName } from './statement-name';

const MAX_NEAR_MISSES = 10;

/**
 * `Statement 3 of policy k8sMasterRolePolicy (version v3)` or `Statement "DenyVpc" of …`: named as everywhere else
 * (statementName: by Sid, else by 1-based position), capitalised to open a sentence.
 */
export function statementLabel(policy: string, version: string, index0: number, sid?: string): string {
  const name = statementName(index0, sid);
  return `${name[0].toUpperCase()}${name.slice(1)} of policy ${policy} (version ${version})`;
}

/** One condition as a phrase: `acs:SourceVpc StringLike "vpc-bp1*" (request: "vpc-bp1a")`, plus why it is undecided. */
export function conditionPhrase(c: ConditionExplain): string {
  const values = c.values.length === 1 ? quote(c.values[0]) : quote(c.values);
  const seen = c.contextValue !== undefined ? ` (request: ${quote(c.contextValue)})` : '';
  const note = c.note ? ` — ${c.note}` : '';
  return `${c.key} ${c.operator} ${values}${seen}${note}`;
}

function what(r: StatementResult, request: RamRequest): string {
  const s = r.statement;
  const actions = s.actionElement === 'NotAction' ? `every action except ${s.actions.join(', ')} (so ${request.action})` : r.actionHits.join(', ');
  const principal = s.principal
    ? ` to ${Object.entries(s.principal)
        .map(([type, ids]) => `${type} ${(ids ?? []).join(', ')}`)
        .join('; ')}`
    : '';
  const resources = r.resourceHits.length > 0 ? ` on ${r.resourceHits.join(', ')}` : '';
  return `${actions}${principal}${resources}`;
}

function sentence(r: StatementResult, request: RamRequest): string {
  const label = statementLabel(r.policy.name, r.policy.version, r.statement.index, r.statement.sid);
  const deny = r.statement.effect === 'Deny';
  if (r.outcome === 'indeterminate') {
    const undecided = r.conditions.filter((c) => c.outcome === 'indeterminate').map(conditionPhrase);
    return `${label} would ${deny ? 'deny' : 'allow'} ${what(r, request)} only if ${undecided.join(' and ')}.`;
  }
  const held = r.conditions.map(conditionPhrase);
  return `${label} ${deny ? 'denies' : 'allows'} ${what(r, request)}${held.length > 0 ? ` when ${held.join(' and ')}` : ''}.`;
}

/** Why a statement that names the action still does not apply: the resource, the principal or a condition. */
function nearMiss(r: StatementResult, request: RamRequest, resourcesIgnoreCase: boolean): string | undefined {
  const s = r.statement;
  const label = statementLabel(r.policy.name, r.policy.version, r.statement.index, r.statement.sid);
  const verb = s.effect === 'Deny' ? 'denies' : 'allows';
  const acts = s.actionElement === 'NotAction' ? request.action : r.actionHits.join(', ');
  if (r.outcome === 'resourceMismatch') {
    const patterns = s.resources ?? [];
    const why =
      request.resource === '*'
        ? 'the API authorises on all resources (*), which only a * pattern grants'
        : patterns.map((p) => arnMismatch(p, request.resource, resourcesIgnoreCase)).find((m) => m !== undefined);
    return `${label} ${verb} ${acts} only on ${patterns.join(', ')}${why ? ` (${why})` : ''}, not on ${request.resource}.`;
  }
  if (r.outcome === 'conditionFails') {
    const failed = r.conditions.filter((c) => c.outcome === 'fails').map(conditionPhrase);
    return `${label} ${verb} ${acts}, but its condition ${failed.join(' and ')} does not hold.`;
  }
  if (r.outcome === 'principalMismatch') {
    const who = request.principal ? `${request.principal.type} ${request.principal.id}` : 'this caller';
    return `${label} ${verb} ${acts} only for other principals, not ${who}.`;
  }
  return undefined;
}

export interface ExplainSettings {
  policyCount: number;
  resourcesIgnoreCase: boolean;
}

function ruleSentence(decision: DecisionKind, results: readonly StatementResult[], request: RamRequest, policyCount: number): string {
  const target = `${request.action} on ${request.resource}`;
  const maybeDeny = results.some((r) => r.outcome === 'indeterminate' && r.statement.effect === 'Deny');
  switch (decision) {
    case 'explicitDeny':
      return `explicitDeny: an explicit Deny wins over every Allow in every attached policy, so ${target} is denied.`;
    case 'allow':
      return `allow: a statement allows ${target} and no Deny applies.`;
    case 'implicitDeny':
      return policyCount === 0 ? `implicitDeny: no policy is attached, and RAM denies ${target} by default.` : `implicitDeny: no statement allows ${target}, and RAM denies by default.`;
    case 'indeterminate':
      return maybeDeny
        ? `indeterminate: a Deny whose conditions cannot be decided offline may apply to ${target}, so a denial cannot be ruled out.`
        : `indeterminate: only statements whose conditions cannot be decided offline allow ${target}.`;
  }
}

/** The reasons of a decision: the statements that made it, near misses when nothing allowed, then the rule applied. */
export function reasonsFor(decision: DecisionKind, results: readonly StatementResult[], request: RamRequest, settings: ExplainSettings): string[] {
  const reasons: string[] = [];
  const applying = results.filter((r) => r.outcome === 'applies' || r.outcome === 'indeterminate');
  const denies = applying.filter((r) => r.statement.effect === 'Deny');
  const allows = applying.filter((r) => r.statement.effect === 'Allow');
  if (decision === 'explicitDeny') {
    reasons.push(...denies.filter((r) => r.outcome === 'applies').map((r) => sentence(r, request)));
    reasons.push(...allows.filter((r) => r.outcome === 'applies').map((r) => `${sentence(r, request).slice(0, -1)}, but the explicit Deny overrides it.`));
  } else {
    reasons.push(...denies.map((r) => sentence(r, request)), ...allows.map((r) => sentence(r, request)));
  }
  if (decision === 'implicitDeny' || (decision === 'indeterminate' && !allows.some((r) => r.outcome === 'applies'))) {
    const misses = results.flatMap((r) => nearMiss(r, request, settings.resourcesIgnoreCase) ?? []);
    reasons.push(...misses.slice(0, MAX_NEAR_MISSES));
    if (misses.length > MAX_NEAR_MISSES) reasons.push(`... and ${misses.length - MAX_NEAR_MISSES} more statements name the action but do not apply.`);
  }
  reasons.push(ruleSentence(decision, results, request, settings.policyCount));
  return reasons;
}

/** The `policy` command's text output: the decision first, then each matched statement pretty-printed, then reasons. */
export function renderDecisionText(d: Decision, request: RamRequest): string {
  const lines = [`${d.decision}: ${request.action} on ${request.resource}`];
  if (d.possibleDecisions) lines.push(`  could be: ${d.possibleDecisions.join(' or ')}`);
  lines.push('', d.matched.length > 0 ? 'Matched statements:' : 'Matched statements: none');
  for (const m of d.matched) {
    lines.push(`  ${statementLabel(m.policy, m.version, m.statement, m.sid)} — ${m.effect}${m.match === 'indeterminate' ? ' (undecided conditions)' : ''}`);
    lines.push(
      ...JSON.stringify(JSON.parse(m.statementText), null, 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
    for (const c of m.conditions ?? []) lines.push(`    condition ${conditionPhrase(c)}: ${c.outcome}`);
  }
  lines.push('', 'Reasons:', ...d.reasons.map((r) => `  - ${r}`));
  return `${lines.join('\n')}\n`;
}
