/** ECS 2014-05-26: instances and their RAM roles, in the API's own nesting. */
import type { Instance } from '../../scenario/schema';
import type { Static } from '@sinclair/typebox';
import type { SimContext } from './context';
import { CloudError, invalidParameter } from './errors';
import { recordOf, type JsonObject } from './json';
import { pageWindow } from './paging';
import type { RpcAction, RpcProduct } from './rpc-action';
import type { RpcParams } from './rpc-params';

type InstanceRecord = Static<typeof Instance>;

const PAGE_NUMBER = { default: 1, min: 1, max: 1_000_000 };
const INSTANCES_PAGE_SIZE = { default: 10, min: 1, max: 100 };
const RAM_ROLE_PAGE_SIZE = { default: 10, min: 1, max: 50 };

function malformedIds(): CloudError {
  return new CloudError(400, 'InvalidInstanceIds.Malformed', 'The specified instanceIds are not valid.');
}

function instanceOut(ctx: SimContext, inst: InstanceRecord): JsonObject {
  // RamRoleName is not a DescribeInstances field: roles come from DescribeInstanceRamRole.
  const { VpcId, PrivateIpAddress, RamRoleName: _role, VpcAttributes, ...rest } = recordOf(inst);
  return {
    RegionId: ctx.scenario.region,
    InstanceNetworkType: 'vpc',
    ...rest,
    VpcAttributes: { ...(VpcAttributes as JsonObject | undefined), VpcId, PrivateIpAddress: { IpAddress: [PrivateIpAddress] } },
  };
}

function vswitchOf(inst: InstanceRecord): unknown {
  return (recordOf(inst).VpcAttributes as JsonObject | undefined)?.VSwitchId;
}

/**
 * MaxResults as documented: unset or below 10 means 10, above 100 means 100. The clamp is the API's own
 * rule, unlike PageSize, whose out-of-range values are rejected.
 */
function maxResults(params: RpcParams): number {
  const v = params.get('MaxResults');
  if (v === undefined) return 10;
  if (!/^\d+$/.test(v)) throw invalidParameter('MaxResults');
  return Math.min(100, Math.max(10, Number(v)));
}

// Where each instance sits in the scenario's list, by id: a 10,000-instance scenario answers each 100-id lookup from
// the ids, not by filtering every instance. Rebuilt whenever the list no longer holds the same instances in order.
const positions = new WeakMap<InstanceRecord[], { instances: InstanceRecord[]; byId: Map<string, number[]> }>();

function sameInstances(a: readonly InstanceRecord[], b: readonly InstanceRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The instances that may match: those with the asked ids (in the scenario's order), or all of them. */
function candidates(all: InstanceRecord[], idList: string[] | undefined): InstanceRecord[] {
  if (!idList) return all;
  let index = positions.get(all);
  if (!index || !sameInstances(index.instances, all)) {
    index = { instances: [...all], byId: new Map() };
    all.forEach((inst, at) => {
      const list = index!.byId.get(inst.InstanceId);
      if (list) list.push(at);
      else index!.byId.set(inst.InstanceId, [at]);
    });
    positions.set(all, index);
  }
  const at = [...new Set(idList.flatMap((id) => index!.byId.get(id) ?? []))].sort((a, b) => a - b);
  return at.map((i) => all[i]);
}

function describeInstances(ctx: SimContext, params: RpcParams): JsonObject {
  // Sets, not arrays: a 5,000-instance scenario answers 100-id lookups without scanning ids per instance.
  const idList = params.jsonStrings('InstanceIds', 100, malformedIds);
  const ipList = params.jsonStrings('PrivateIpAddresses', 100, () => invalidParameter('PrivateIpAddresses'));
  const ids = idList && new Set(idList);
  const ips = ipList && new Set(ipList);
  const filters = { VpcId: params.get('VpcId'), ZoneId: params.get('ZoneId'), Status: params.get('Status') };
  const vswitchId = params.get('VSwitchId');
  const matches = candidates(ctx.scenario.cloud.instances, idList).filter(
    (i) =>
      (!ids || ids.has(i.InstanceId)) &&
      (!ips || ips.has(i.PrivateIpAddress)) &&
      (filters.VpcId === undefined || i.VpcId === filters.VpcId) &&
      (filters.ZoneId === undefined || i.ZoneId === filters.ZoneId) &&
      (filters.Status === undefined || i.Status === filters.Status) &&
      (vswitchId === undefined || vswitchOf(i) === vswitchId),
  );
  const out = (list: InstanceRecord[]): JsonObject => ({ Instance: list.map((i) => instanceOut(ctx, i)) });
  // With NextToken or MaxResults the API pages by token and ignores PageNumber/PageSize.
  if (params.get('NextToken') !== undefined || params.get('MaxResults') !== undefined) {
    const scope = params.scope('DescribeInstances', ['MaxResults', 'NextToken', 'PageNumber', 'PageSize']);
    const page = ctx.pager.slice(matches, params.get('NextToken'), scope, maxResults(params), () => new CloudError(400, 'InvalidParameter.NextToken', 'The specified NextToken is invalid.'));
    return { NextToken: page.nextToken, TotalCount: matches.length, Instances: out(page.items) };
  }
  const pageNumber = params.int('PageNumber', PAGE_NUMBER);
  const pageSize = params.int('PageSize', INSTANCES_PAGE_SIZE);
  return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: matches.length, Instances: out(pageWindow(matches, pageNumber, pageSize)) };
}

function describeInstanceRamRole(ctx: SimContext, params: RpcParams): JsonObject {
  const ids = params.jsonStrings('InstanceIds', 50, malformedIds);
  const role = params.get('RamRoleName');
  if (!ids && role === undefined) throw new CloudError(403, 'InvalidParameter.AllEmpty', 'InstanceIds and RamRoleName cannot both be empty.');
  const instances = ctx.scenario.cloud.instances;
  if (role !== undefined && !ctx.scenario.cloud.ram.roles.some((r) => r.RoleName === role) && !instances.some((i) => i.RamRoleName === role)) {
    throw new CloudError(404, 'InvalidRamRole.NotFound', 'The specified RAM role does not exist.');
  }
  const pageNumber = params.int('PageNumber', PAGE_NUMBER);
  const pageSize = params.int('PageSize', RAM_ROLE_PAGE_SIZE);
  // Asked by id, an instance without a role is listed with an empty RamRoleName (not omitted); ids that match no
  // instance are absent rather than errors. TotalCount counts the instances returned, so paging ends on a short page.
  const matches = instances.filter((i) => (!ids || ids.includes(i.InstanceId)) && (role === undefined ? ids !== undefined || i.RamRoleName !== undefined : i.RamRoleName === role));
  const page = pageWindow(matches, pageNumber, pageSize);
  return {
    RegionId: ctx.scenario.region,
    TotalCount: page.length,
    InstanceRamRoleSets: { InstanceRamRoleSet: page.map((i) => ({ InstanceId: i.InstanceId, RamRoleName: i.RamRoleName ?? '' })) },
  };
}

const actions: Record<string, RpcAction> = {
  DescribeInstances: { region: 'required', handle: describeInstances },
  DescribeInstanceRamRole: { region: 'required', handle: describeInstanceRamRole },
};

/** The ECS product. */
export const ecsProduct: RpcProduct = { code: 'ecs', version: '2014-05-26', actions };
