/**
 * Trust policies (a role's AssumeRolePolicyDocument): may a principal call `sts:AssumeRole` on the role? For the
 * route controller the principal is the ECS service, which hands the role's credentials to the instance.
 */
import { ALL_RESOURCES } from './arn';
import { evaluate } from './evaluate';
import type { Decision, RamRequest } from './model';
import type { EvaluationOptions } from './options';
import { parsePolicy } from './parse';

export const ECS_SERVICE = 'ecs.aliyuncs.com';

/** The `aliyun` command that restores a role's trust in one service. */
export function trustRestoreCommand(role: string, service: string): string {
  const trust = { Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }] };
  return `aliyun ram UpdateRole --RoleName ${role} --NewAssumeRolePolicyDocument '${JSON.stringify(trust)}'`;
}

/** The service that assumes a managed cluster's roles (ACK's default roles trust it). */
export const CS_SERVICE = 'cs.aliyuncs.com';

export interface TrustQuery {
  principal?: NonNullable<RamRequest['principal']>;
  /** The role's ARN, for the rare trust statement that names a Resource; `*` when not given. */
  roleArn?: string;
  evaluation?: Partial<EvaluationOptions>;
}

/** Evaluates a trust policy document (text or parsed JSON) for `sts:AssumeRole` by a principal (default: ECS). */
export function evaluateTrust(document: unknown, query: TrustQuery = {}): { ok: true; decision: Decision } | { ok: false; errors: string[] } {
  const parsed = parsePolicy(document, { kind: 'trust' });
  if (!parsed.ok) return parsed;
  const request: RamRequest = {
    action: 'sts:AssumeRole',
    resource: query.roleArn ?? ALL_RESOURCES,
    // The ECS service's call to STS carries no context the auditor knows: conditions stay undecided.
    context: {},
    principal: query.principal ?? { type: 'Service', id: ECS_SERVICE },
  };
  const policy = { name: 'AssumeRolePolicyDocument', type: 'Custom' as const, version: 'current', document: parsed.policy };
  return { ok: true, decision: evaluate(request, [policy], query.evaluation) };
}

/**
 * 'allow' when the trust policy lets ecs.aliyuncs.com assume the role, 'invalid' when it does not parse, else
 * 'deny' — including when the only Allow depends on conditions (an unverified trust is not a pass; evaluateTrust
 * gives the full, possibly indeterminate, decision).
 */
export function trustAllowsEcs(document: unknown): 'allow' | 'deny' | 'invalid' {
  return trustAllowsService(document, ECS_SERVICE);
}

/** As trustAllowsEcs, for any service principal (`cs.aliyuncs.com` for a managed cluster's roles). */
export function trustAllowsService(document: unknown, service: string): 'allow' | 'deny' | 'invalid' {
  const result = evaluateTrust(document, { principal: { type: 'Service', id: service } });
  if (!result.ok) return 'invalid';
  return result.decision.decision === 'allow' ? 'allow' : 'deny';
}
