/**
 * Alibaba Cloud resource names: `acs:<service>:<region>:<account>:<relative-id>` (shared/ram/README.md).
 * RAM's own ARNs leave the region empty (`acs:ram::<uid>:role/<name>`).
 */
import { wildcardMatch } from './wildcard';

export interface Arn {
  service: string;
  region: string;
  account: string;
  relativeId: string;
}

/** The request resource of APIs that authorise on "All Resources". */
export const ALL_RESOURCES = '*';

const FIELDS = ['service', 'region', 'account', 'relativeId'] as const;

/** Splits an ARN (or ARN pattern) into its fields; undefined when it is not `acs:` plus four `:`-separated fields. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('acs:')) return undefined;
  const parts = text.slice(4).split(':');
  if (parts.length < 4 || parts[0] === '') return undefined;
  // The relative id may itself contain ':' (e.g. OSS object names), so everything after the account belongs to it.
  return { service: parts[0], region: parts[1], account: parts[2], relativeId: parts.slice(3).join(':') };
}

/** The ARN of a VPC route table, as CreateRouteEntry, DeleteRouteEntry and DescribeRouteEntryList authorise it. */
export function routeTableArn(region: string, account: string, tableId: string): string {
  return `acs:vpc:${region}:${account}:routetable/${tableId}`;
}

/** The ARN of a VPC, as DescribeVpcs authorises it for one VPC. */
export function vpcArn(region: string, account: string, vpcId: string): string {
  return `acs:vpc:${region}:${account}:vpc/${vpcId}`;
}

/** The ARN of an ECS instance; `*` (the default) stands for every instance, as list APIs authorise. */
export function instanceArn(region: string, account: string, instanceId = '*'): string {
  return `acs:ecs:${region}:${account}:instance/${instanceId}`;
}

/** The ARN of a RAM role (empty region, as RAM ARNs have). */
export function ramRoleArn(account: string, roleName: string): string {
  return `acs:ram::${account}:role/${roleName}`;
}

/**
 * Names the first ARN field where a resource pattern fails to match a request ARN, for explanations
 * ("region \"cn-beijing\" does not match \"cn-hangzhou\""). Undefined when either side is not a full ARN.
 */
export function arnMismatch(pattern: string, arn: string, ignoreCase: boolean): string | undefined {
  const p = parseArn(pattern);
  const a = parseArn(arn);
  if (!p || !a) return undefined;
  for (const field of FIELDS) {
    if (!wildcardMatch(p[field], a[field], { ignoreCase })) {
      const name = field === 'relativeId' ? 'resource' : field;
      return `${name} ${JSON.stringify(p[field])} does not match ${JSON.stringify(a[field])}`;
    }
  }
  return undefined;
}
