/** The auditor's own RAM permissions: `auditor.deniedActions` answered as the real APIs deny. */
import type { SimContext } from './context';
import { forbiddenRam, type CloudError } from './errors';

function actionPattern(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  // RAM matches action names case-insensitively.
  return new RegExp(`^${body}$`, 'i');
}

/** The RAM user that owns the auditor's key, when the scenario lists it. */
function principalName(ctx: SimContext): string {
  const user = ctx.scenario.cloud.ram.users?.find((u) => u.AccessKeyIds?.includes(ctx.credentials.accessKeyId));
  if (user) return user.UserName;
  return ctx.credentials.securityToken ? 'ack-drift-auditor-role:ack-drift' : 'ack-drift-auditor';
}

/** 403 Forbidden.RAM when `ramAction` (`vpc:DescribeRouteEntryList`) is denied to the auditor, else undefined. */
export function denial(ctx: SimContext, ramAction: string): CloudError | undefined {
  const denied = ctx.scenario.auditor?.deniedActions ?? [];
  if (!denied.some((p) => actionPattern(p).test(ramAction))) return undefined;
  ctx.denials[ramAction] = (ctx.denials[ramAction] ?? 0) + 1;
  const principalType = ctx.credentials.securityToken ? 'AssumedRoleUser' : 'SubUser';
  const displayName = principalName(ctx);
  const diagnostic = { AuthAction: ramAction, AuthPrincipalType: principalType, AuthPrincipalDisplayName: displayName, AuthResource: '*' };
  return forbiddenRam({
    AuthAction: ramAction,
    AuthPrincipalDisplayName: displayName,
    AuthPrincipalOwnerId: ctx.scenario.accountId,
    AuthPrincipalType: principalType,
    EncodedDiagnosticMessage: Buffer.from(JSON.stringify(diagnostic)).toString('base64'),
    NoPermissionType: 'ImplicitDeny',
    PolicyType: 'AccountLevelIdentityBasedPolicy',
  });
}
