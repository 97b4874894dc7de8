/**
 * VPC 2016-04-28 route writes: CreateRouteEntry and DeleteRouteEntry, with the parameter names of the SDK models
 * (@alicloud/vpc20160428 CreateRouteEntryRequest, DeleteRouteEntryRequest) and the errors of the API reference.
 */
import { isCidr, parseCidr } from '../../net/cidr';
import type { SimContext } from './context';
import { CloudError, missingParameter } from './errors';
import { opaqueToken } from './ids';
import type { JsonObject } from './json';
import type { RpcAction } from './rpc-action';
import type { RpcParams } from './rpc-params';

/** Custom entries per route table unless the scenario sets `cloud.quotas.customRouteEntriesPerTable`. */
export const DEFAULT_ROUTE_QUOTA = 200;

function tableOf(ctx: SimContext, id: string) {
  const cloud = ctx.scenario.cloud;
  const known = cloud.routeTables.some((t) => t.RouteTableId === id) || cloud.vpcs.some((v) => v.RouterTableIds.includes(id));
  if (!known) throw new CloudError(404, 'InvalidRouteTableId.NotFound', 'The specified route table does not exist.');
  return id;
}

function cidrParam(params: RpcParams): string {
  const text = params.required('DestinationCidrBlock');
  const cidr = parseCidr(text);
  if (!isCidr(cidr)) throw new CloudError(400, 'InvalidCidrBlock.Malformed', 'Specified CIDR block is not valid.');
  return cidr.text;
}

function createRouteEntry(ctx: SimContext, params: RpcParams): JsonObject {
  const table = tableOf(ctx, params.required('RouteTableId'));
  const destination = cidrParam(params);
  const hopType = params.get('NextHopType') ?? 'Instance';
  if (params.get('NextHopList.1.NextHopId') !== undefined) throw new CloudError(400, 'InvalidNextHopType', 'ECMP next-hop lists are not simulated.');
  const hopId = params.get('NextHopId');
  if (hopId === undefined) throw new CloudError(400, 'InvalidNexthopTypeAndList.BothNull', 'NextHopId and NextHopList are both empty.');
  if (hopType !== 'Instance') throw new CloudError(400, 'InvalidNextHopType', 'Only Instance next hops are simulated.');
  const cloud = ctx.scenario.cloud;
  const vpcId = cloud.routeTables.find((t) => t.RouteTableId === table)?.VpcId ?? cloud.vpcs.find((v) => v.RouterTableIds.includes(table))?.VpcId;
  const instance = cloud.instances.find((i) => i.InstanceId === hopId);
  if (!instance) throw new CloudError(404, 'InvalidInstanId.NotFound', 'The specified instance does not exist.');
  if (instance.VpcId !== undefined && vpcId !== undefined && instance.VpcId !== vpcId)
    throw new CloudError(404, 'OperationFailed.InstanceDismatchCurrentVpc', 'The instance is not in the VPC of the route table.');
  const entries = cloud.routeEntries.filter((e) => e.RouteTableId === table);
  if (entries.some((e) => parseCidrText(e.DestinationCidrBlock) === destination))
    throw new CloudError(400, 'InvalidCIDRBlock.Duplicate', 'Specified CIDR block is already in use by another route entry.');
  const quota = cloud.quotas?.customRouteEntriesPerTable ?? DEFAULT_ROUTE_QUOTA;
  if (entries.filter((e) => e.Type === 'Custom').length >= quota) throw new CloudError(400, 'QuotaExceeded', 'Route entry quota exceeded in this route table.');
  const id = `rte-${opaqueToken(`${table}/${destination}/${hopId}/${cloud.routeEntries.length}`).slice(0, 20)}`;
  const name = params.get('RouteEntryName');
  cloud.routeEntries.push({
    RouteTableId: table,
    RouteEntryId: id,
    DestinationCidrBlock: destination,
    Type: 'Custom',
    // Real entries are Pending for a moment; the simulator makes them Available at once (the auditor re-reads anyway).
    Status: 'Available',
    NextHops: [{ NextHopType: 'Instance', NextHopId: hopId }],
    ...(name !== undefined ? { RouteEntryName: name } : {}),
  });
  return { RouteEntryId: id };
}

function parseCidrText(text: string): string {
  const c = parseCidr(text);
  return isCidr(c) ? c.text : text;
}

function deleteRouteEntry(ctx: SimContext, params: RpcParams): JsonObject {
  const cloud = ctx.scenario.cloud;
  const entryId = params.get('RouteEntryId');
  const hasCidr = params.get('DestinationCidrBlock') !== undefined;
  if (entryId !== undefined && hasCidr) throw new CloudError(400, 'ParamExclusive.RouteEntryIdAndDestinationCidrBlock', 'RouteEntryId and DestinationCidrBlock are mutually exclusive.');
  let matches: typeof cloud.routeEntries;
  if (entryId !== undefined) {
    matches = cloud.routeEntries.filter((e) => e.RouteEntryId === entryId);
    if (matches.length === 0) throw new CloudError(400, 'InvalidRouteEntryId.NotFound', 'The specified route entry does not exist.');
  } else {
    if (!hasCidr) throw missingParameter('RouteEntryId');
    const table = tableOf(ctx, params.required('RouteTableId'));
    const destination = cidrParam(params);
    const hopId = params.get('NextHopId');
    matches = cloud.routeEntries.filter(
      (e) => e.RouteTableId === table && parseCidrText(e.DestinationCidrBlock) === destination && (hopId === undefined || e.NextHops.some((h) => h.NextHopId === hopId)),
    );
    if (matches.length === 0) throw new CloudError(400, 'InvalidRouteEntry.NotFound', 'Route entry not exists.');
  }
  const entry = matches[0];
  if (entry.Type === 'System') throw new CloudError(400, 'OperationDenied', 'Specified operation is denied as route entry type is system.');
  if (entry.Status !== 'Available') throw new CloudError(400, 'IncorrectRouteEntryStatus', 'The current status of the route entry does not support this operation.');
  cloud.routeEntries.splice(cloud.routeEntries.indexOf(entry), 1);
  return {};
}

/** The VPC write actions, merged into the VPC product. */
export const vpcWriteActions: Record<string, RpcAction> = {
  CreateRouteEntry: { region: 'required', handle: createRouteEntry },
  DeleteRouteEntry: { region: 'required', handle: deleteRouteEntry },
};
