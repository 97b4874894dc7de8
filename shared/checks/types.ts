/** What every check returns, and the context it runs in. */
import type { Coverage, Finding } from '../findings/types';
import type { ResourceGroupCombination } from '../ram/scoped';

export interface CheckOptions {
  /** Custom route entries per table (VPC quota), when the scenario or account does not say. */
  routeQuota: number;
  /** Fraction of the quota at which ROUTE_QUOTA_NEAR_LIMIT fires. */
  routeQuotaWarnRatio: number;
  /** RAM role the CCM of a managed cluster uses (configurable: not discoverable from the cluster). */
  managedCcmRole: string;
  /** Count `ecs:Create/DeleteRouteEntry` grants as the `vpc:` actions (off: the CCM calls the VPC endpoint). */
  routeWriteAliases: boolean;
  /** How account-scope and resource-group-scope policies combine (shared/ram/scoped.ts; unverified, default `denyWins`). */
  resourceGroupCombination?: ResourceGroupCombination;
  /** A namespace deleted more recently than this, with no failing deletion condition, is still deleting normally. */
  namespaceGraceSeconds: number;
}

export interface CheckContext {
  now: Date;
  options: CheckOptions;
}

export interface CheckResult {
  findings: Finding[];
  coverage: Coverage;
}

/** Default check options. */
export function defaultCheckOptions(): CheckOptions {
  return { routeQuota: 200, routeQuotaWarnRatio: 0.9, managedCcmRole: 'AliyunCSManagedKubernetesRole', routeWriteAliases: false, namespaceGraceSeconds: 600 };
}
