/** Bearer-token authentication and the scenario's RBAC denials. */
import { timingSafeEqual } from 'node:crypto';
import type { AuditorSpec } from '../../scenario/schema';
import { failure, qualifiedResource, type Status } from './status';

export type ForbiddenRule = NonNullable<NonNullable<AuditorSpec['kubernetes']>['forbidden']>[number];

/** The identity the simulated cluster maps the auditor's token to (an ACK read-only service account). */
export const AUDITOR_USER = 'system:serviceaccount:kube-system:ack-drift-auditor';

/** What RBAC sees of a request: a resource request has `resource`; a discovery request only has a path. */
export interface AccessRequest {
  verb: string;
  path: string;
  resource?: string;
  group?: string;
  namespace?: string;
  name?: string;
}

/** True when the `Authorization` header carries exactly the accepted bearer token. */
export function isAuthenticated(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function pathMatches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** The first rule denying this request: every field a rule names must match (`path` may end in `*`). */
export function deniedBy(rules: readonly ForbiddenRule[] | undefined, req: AccessRequest): ForbiddenRule | undefined {
  return (rules ?? []).find(
    (r) =>
      (r.verb === undefined || r.verb === req.verb) &&
      (r.resource === undefined || r.resource === req.resource) &&
      (r.group === undefined || (req.resource !== undefined && r.group === req.group)) &&
      (r.path === undefined || pathMatches(r.path, req.path)),
  );
}

/** The 403 the RBAC authorizer's denial turns into, with the apiserver's exact message shape. */
export function forbidden(req: AccessRequest, user = AUDITOR_USER): Status {
  if (req.resource === undefined) {
    return failure(403, `forbidden: User "${user}" cannot ${req.verb} path "${req.path}"`, 'Forbidden', {});
  }
  const group = req.group ?? '';
  const scope = req.namespace !== undefined ? `in the namespace "${req.namespace}"` : 'at the cluster scope';
  const subject = qualifiedResource(req.resource, group) + (req.name !== undefined ? ` "${req.name}"` : '');
  return failure(403, `${subject} is forbidden: User "${user}" cannot ${req.verb} resource "${req.resource}" in API group "${group}" ${scope}`, 'Forbidden', {
    ...(req.name !== undefined ? { name: req.name } : {}),
    ...(group ? { group } : {}),
    kind: req.resource,
  });
}
