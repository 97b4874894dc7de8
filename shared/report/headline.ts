/** One sentence that names the root cause, for alerts and the top of every rendering. */
import type { Coverage, Finding } from '../findings/types';
import type { RootCause } from '../correlate/graph';

/** Short label of a finding's resource (`namespace tobedeletedb`, `route table vtb-…`). */
export function resourceLabel(f: Pick<Finding, 'resource'>): string {
  const r = f.resource;
  const kind = r.kind === 'APIService' ? 'APIService' : r.kind === 'RamRole' ? 'RAM role' : r.kind === 'RamUser' ? 'RAM user' : r.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${kind} ${r.name ?? r.id ?? ''}`.trim();
}

function short(f: Finding): string {
  switch (f.code) {
    case 'NAMESPACE_STUCK_TERMINATING':
      return `namespace ${f.resource.name} is stuck Terminating`;
    case 'APISERVICE_UNAVAILABLE':
      return `${String(f.evidence.groupVersion ?? f.resource.name)} is unavailable`;
    case 'ROUTE_MISSING':
      return `the VPC route for ${String(f.evidence.podCIDR)} to ${f.resource.name} is missing`;
    case 'ROUTE_WRONG_NEXT_HOP':
      return `the VPC route for ${String(f.evidence.podCIDR)} points at the wrong next hop`;
    case 'RAM_EXPLICIT_DENY': {
      const s = (f.evidence.deniedBy as { policy?: string; version?: string; statementIndex?: number }[] | undefined)?.[0];
      return `a Deny statement${s ? ` in ${s.policy} (${s.version})` : ''} blocks the route controller's ${resourceLabel(f)}`;
    }
    case 'RAM_IMPLICIT_DENY':
      return `no RAM statement allows the route controller's ${resourceLabel(f)} what it needs`;
    case 'RAM_CONDITIONAL_ALLOW':
      return `the route controller's ${resourceLabel(f)} is allowed only under conditions that could not be confirmed`;
    default:
      return f.message.charAt(0).toLowerCase() + f.message.slice(1).replace(/\.$/, '');
  }
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
