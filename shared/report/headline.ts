/** One sentence that names the root cause, for alerts and the top of every rendering. */
import { codeInfo } from '../findings/catalogue';
import { resourceLabel } from '../findings/label';
import type { Coverage, Finding } from '../findings/types';
import type { RootCause } from '../correlate/graph';

export { resourceLabel };

/** The clause naming a finding in a headline: its catalogue phrase, else its message as a clause. */
function short(f: Finding): string {
  const phrase = codeInfo(f.code)?.headline;
  return phrase ? phrase(f) : f.message.charAt(0).toLowerCase() + f.message.slice(1).replace(/\.$/, '');
}

/** The headline for a report. */
export function headline(status: string, findings: Finding[], rootCauses: RootCause[], coverage: Coverage[]): string {
  const byId = new Map(findings.map((f) => [f.id, f]));
  const top = rootCauses[0];
  if (top) {
    const chain = top.chain.map((id) => byId.get(id)!).filter(Boolean);
    const [symptom, ...causes] = chain;
    const extra = rootCauses.length > 1 ? ` (${rootCauses.length - 1} more root cause${rootCauses.length > 2 ? 's' : ''})` : '';
    return `${capitalise(short(symptom))} because ${causes.map(short).join(', because ')}.${extra}${unverified(coverage)}`;
  }
  const failing = findings.filter((f) => f.status === 'fail');
  if (failing.length) return `${failing.length} drift finding${failing.length > 1 ? 's' : ''}; the most severe: ${failing[0].message}${unverified(coverage)}`;
  if (status === 'unknown') {
    const gaps = coverage.filter((c) => c.status === 'failed' || c.status === 'partial').map((c) => c.check);
    return `No drift found in what could be read, but ${gaps.join(', ') || 'some checks'} could not be completed.`;
  }
  return 'No drift: routes, RAM permissions, APIServices and namespaces are as they should be.';
}

// A chain that stops early may stop because a layer could not be read: say so in the same sentence.
function unverified(coverage: Coverage[]): string {
  const gaps = coverage.filter((c) => c.status === 'failed' || c.status === 'partial');
  return gaps.length ? ` Not verified: ${gaps.map((c) => `${c.check} (${c.reason})`).join('; ')}.` : '';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
