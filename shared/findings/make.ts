/** Builds findings with catalogue defaults and ids that are stable across runs for the same fact. */
import { createHash } from 'node:crypto';
import { CATALOGUE, type EvidenceOf, type FindingCode } from './catalogue';
import type { ApiFailure } from '../util/errors';
import type { EmittingCheck, Finding, FindingOf, FindingStatus, Remediation, ResourceRef, Severity } from './types';

/** A code any check may emit must say which check emits it; the others take the catalogue's. */
type CheckOf<C extends FindingCode> = (typeof CATALOGUE)[C]['check'] extends 'any' ? { check: EmittingCheck } : { check?: never };

export type FindingInput<C extends FindingCode> = {
  code: C;
  status?: FindingStatus;
  severity?: Severity;
  resource: ResourceRef;
  message: string;
  evidence: EvidenceOf<C>;
  remediation?: Remediation[];
  /** Distinguishes two findings with the same code and resource (e.g. two route tables). */
  key?: string;
} & CheckOf<C>;

/** A stable id from the fact a finding states: same code, resource and key give the same id on every run. */
export function findingId(code: string, resource: ResourceRef, key = ''): string {
  const fact = [code, resource.kind, resource.namespace ?? '', resource.name ?? '', resource.id ?? '', key].join('\u0000');
  return `f-${createHash('sha256').update(fact).digest('hex').slice(0, 12)}`;
}

/** A finding with the catalogue's severity and owning check. */
export function makeFinding<C extends FindingCode>(input: FindingInput<C>): Finding {
  const info = CATALOGUE[input.code];
  const check = info.check === 'any' ? input.check : info.check;
  if (!check) throw new Error(`internal error: ${input.code} must name the check that emits it`);
  const finding: FindingOf<C> = {
    id: findingId(input.code, input.resource, input.key),
    code: input.code,
    check,
    status: input.status ?? 'fail',
    severity: input.severity ?? info.severity,
    resource: input.resource,
    message: input.message,
    evidence: input.evidence,
    remediation: input.remediation ?? [],
    causedBy: [],
  };
  return finding as Finding;
}

/** `CHECK_INCOMPLETE` (status unknown) for a check whose inputs could not be read, naming API, code and request id. */
export function incomplete(check: EmittingCheck, what: string, failures: ApiFailure[]): Finding {
  const first = failures[0];
  const cause = first ? `${first.api} failed with ${first.code}${first.requestId ? ` (request id ${first.requestId})` : ''}: ${first.message.replace(/\.+$/, '')}` : 'an input was not collected';
  return makeFinding({
    code: 'CHECK_INCOMPLETE',
    check,
    status: 'unknown',
    resource: { kind: 'Check', name: check },
    key: what,
    message: `The ${check} check could not read ${what}: ${cause}.${first && DENIED.test(first.code) ? ` ${deniedHint(first)}` : ''}`,
    evidence: { missing: what, failures },
    remediation: [{ description: incompleteRemedy(first) }],
  });
}

const DENIED = /^(Forbidden|NoPermission|AccessDenied|Unauthorized|NotAuthorized)/i;

/** Where the grant the auditor lacks is written down. */
function deniedHint(first: ApiFailure): string {
  return first.api.startsWith('k8s:')
    ? "The auditor's Kubernetes identity lacks this read: infra/rbac.yaml grants it."
    : "The auditor's own RAM identity lacks this read: infra/ram-policy.json grants every action ack-drift calls.";
}

/** What to do about an unread input: a denial names the policy or RBAC file that grants the read; an unreachable host, the host. */
function incompleteRemedy(first: ApiFailure | undefined): string {
  if (first && DENIED.test(first.code)) {
    return first.api.startsWith('k8s:')
      ? `The auditor's Kubernetes identity may not ${first.api.slice(4)}: apply infra/rbac.yaml (get/list and discovery only) and bind it to that identity, then audit again.`
      : `The auditor's own RAM identity may not call ${first.api}: attach infra/ram-policy.json (the read-only policy listing every action ack-drift calls) to it, then audit again.`;
  }
  if (first?.host) return `Check that ${first.host} is the right endpoint and reachable from here (network, DNS, proxy), then audit again.`;
  return `Grant the auditor read access to ${first?.api ?? 'the missing input'} or retry when the API is reachable, then audit again.`;
}
