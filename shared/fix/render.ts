/** The fix plan as lines for people: shared by the text and Markdown reports and by `ack-drift fix`. */
import catalogue from '../ram/actions.json';
import { changeCount } from './proof';
import type { FixPlan, FixStep, RamProof } from './types';

const KIND_ONLY_SHOWN = 8;
const CATALOGUE = catalogue as Record<string, string[]>;
const KIND: Record<string, string> = { allow: 'allowed', explicitDeny: 'denied explicitly', implicitDeny: 'denied implicitly', indeterminate: 'undecided' };

/** What kind of step, for its label: `root cause`, `alternative to 1`, `then`, `verify`, … */
export function stepLabel(step: FixStep, plan: FixPlan): string {
  if (step.alternativeTo) return `alternative to ${step.alternativeTo.map((id) => plan.steps.findIndex((s) => s.id === id) + 1).join(', ')}`;
  const base = { root: 'root cause', explained: 'then', other: 'also failing', verify: 'verify' }[step.phase];
  const notes = [step.ccmRepairs ? 'the CCM does this itself' : '', step.judgement ? 'needs your judgement' : ''].filter(Boolean);
  return notes.length ? `${base}; ${notes.join('; ')}` : base;
}

/** Names a service's whole catalogue once (`every vpc action (406) except …`) instead of listing it; exact either way. */
function compact(actions: readonly string[]): string[] {
  const bySvc = new Map<string, string[]>();
  for (const a of actions) bySvc.set(a.split(':')[0], [...(bySvc.get(a.split(':')[0]) ?? []), a]);
  const out: string[] = [];
  for (const [svc, list] of bySvc) {
    const all = (CATALOGUE[svc] ?? []).map((x) => `${svc}:${x}`);
    const missing = all.filter((a) => !list.includes(a));
    const extra = list.filter((a) => !all.includes(a));
    if (all.length >= 20 && missing.length <= 10)
      out.push(`every ${svc} action in the SDK models (${all.length - missing.length} of ${all.length}${missing.length ? `; all but ${missing.join(', ')}` : ''})`, ...extra);
    else out.push(...list);
  }
  return out;
}

/** The proof in sentences: the required actions after the change, and every other decision that changes. */
export function proofLines(proof: RamProof): string[] {
  const out = [`re-evaluated with the RAM engine: ${proof.required.map((r) => `${r.action} ${r.before === r.after ? KIND[r.after] : `${KIND[r.before]} → ${KIND[r.after]}`}`).join(', ')}`];
  if (proof.changed.length === 0) {
    out.push(`no other decision changes (${proof.evaluated.actions} actions on ${proof.evaluated.resources.length} resources evaluated)`);
    return out;
  }
  const effective = changeCount(proof, true);
  out.push(
    effective === 0
      ? `no other action becomes allowed or denied; ${changeCount(proof)} other decision${changeCount(proof) === 1 ? '' : 's'}` +
          ` change${changeCount(proof) === 1 ? 's' : ''} kind only (${proof.evaluated.actions} actions on ${proof.evaluated.resources.length} resources evaluated):`
      : `${effective} other decision${effective === 1 ? '' : 's'} change between allowed and denied (${proof.evaluated.actions} actions on ${proof.evaluated.resources.length} resources evaluated):`,
  );
  for (const c of proof.changed) {
    // Changes between allowed and denied are listed in full everywhere; kind-only ones (still denied) are long
    // lists of a wildcard's actions, shortened here and complete in the JSON report.
    const listed = compact(c.actions);
    const shown =
      c.effective || listed.length <= KIND_ONLY_SHOWN ? listed.join(', ') : `${listed.slice(0, KIND_ONLY_SHOWN).join(', ')} and ${listed.length - KIND_ONLY_SHOWN} more (all in the JSON report)`;
    out.push(`  ${KIND[c.before]} → ${KIND[c.after]} on ${c.resources.join(', ')}: ${shown}`);
  }
  return out;
}

/** Every step as plain lines: number, label, title, description, command, proof. */
export function planLines(plan: FixPlan, paint: (kind: 'bold' | 'command' | 'note', s: string) => string = (_k, s) => s): string[] {
  const out: string[] = [];
  plan.steps.forEach((step, i) => {
    out.push(`  ${paint('bold', `${i + 1}. [${stepLabel(step, plan)}] ${step.title}`)}`);
    out.push(`     ${step.description}`);
    if (step.command) out.push(`     ${paint('command', `$ ${step.command}`)}`);
    if (step.proof) for (const line of proofLines(step.proof)) out.push(`     ${paint('note', line)}`);
  });
  for (const w of plan.withoutFix) out.push(`  ${paint('note', `no known fix for ${w.code} [${w.findingId}]: ${w.reason}`)}`);
  return out;
}
