/** VPC 2016-04-28: VPCs, vSwitches, route tables and route entries, in the API's own nesting. */
import type { RouteEntry, RouteTable, VSwitch, Vpc } from '../../scenario/schema';
import type { Static } from '@sinclair/typebox';
import type { SimContext } from './context';
import { CloudError, missingParameter } from './errors';
import { RawInteger, recordOf, type JsonObject } from './json';
import { pageWindow } from './paging';
import type { RpcAction, RpcProduct } from './rpc-action';
import type { RpcParams } from './rpc-params';
import { vpcWriteActions } from './vpc-write';

type VpcRecord = Static<typeof Vpc>;
type VSwitchRecord = Static<typeof VSwitch>;
type RouteTableRecord = Static<typeof RouteTable>;
type RouteEntryRecord = Static<typeof RouteEntry>;

const PAGE_NUMBER = { default: 1, min: 1, max: 1_000_000 };
// The reference documents PageSize max 50 but not what a larger value does; rejecting it (rather than
// clamping) makes a client that relies on undocumented clamping fail here instead of in production.
const PAGE_SIZE = { default: 10, min: 1, max: 50 };
const MAX_RESULT = { default: 10, min: 1, max: 100 };
const ROUTE_ENTRY_TYPES = ['Custom', 'System', 'BGP', 'CEN', 'ECR'];
const MAX_VPC_IDS = 20;

/** `OwnerId` is the account UID written as a long number literal (BigInt drops leading zeros JSON forbids). */
function ownerId(ctx: SimContext): RawInteger {
  return new RawInteger(BigInt(ctx.scenario.accountId).toString());
}

/** The IDs of the vSwitches in a VPC: the record's own list, else the scenario's vSwitches of that VPC. */
function vswitchIdsOf(ctx: SimContext, vpc: VpcRecord): string[] {
  return vpc.VSwitchIds ?? (ctx.scenario.cloud.vswitches ?? []).filter((v) => v.VpcId === vpc.VpcId).map((v) => v.VSwitchId);
}

function vpcOut(ctx: SimContext, vpc: VpcRecord): JsonObject {
  const { RouterTableIds, VSwitchIds: _vswitches, ...rest } = recordOf(vpc);
  return {
    RegionId: ctx.scenario.region,
    Status: 'Available',
    IsDefault: false,
    ...rest,
    OwnerId: ownerId(ctx),
    RouterTableIds: { RouterTableIds },
    VSwitchIds: { VSwitchId: vswitchIdsOf(ctx, vpc) },
  };
}

function paged<T>(params: RpcParams, items: readonly T[], listKey: string, itemKey: string, out: (item: T) => JsonObject): JsonObject {
  const pageNumber = params.int('PageNumber', PAGE_NUMBER);
  const pageSize = params.int('PageSize', PAGE_SIZE);
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalCount: items.length,
    [listKey]: { [itemKey]: pageWindow(items, pageNumber, pageSize).map(out) },
  };
}

function describeVpcs(ctx: SimContext, params: RpcParams): JsonObject {
  const ids = params
    .get('VpcId')
    ?.split(',')
    .map((s) => s.trim());
  if (ids && ids.length > MAX_VPC_IDS) throw new CloudError(400, 'InvalidVpcIdNumber.NotSupported', 'The number of VPC IDs exceeds the limit of 20.');
  const name = params.get('VpcName');
  const isDefault = params.bool('IsDefault');
  const vpcs = ctx.scenario.cloud.vpcs.filter(
    (v) => (!ids || ids.includes(v.VpcId)) && (name === undefined || v.VpcName === name) && (isDefault === undefined || (recordOf(v).IsDefault ?? false) === isDefault),
  );
  return paged(params, vpcs, 'Vpcs', 'Vpc', (v) => vpcOut(ctx, v));
}

function describeVpcAttribute(ctx: SimContext, params: RpcParams): JsonObject {
  const id = params.required('VpcId');
  const vpc = ctx.scenario.cloud.vpcs.find((v) => v.VpcId === id);
  if (!vpc) throw new CloudError(404, 'InvalidVpcId.NotFound', 'Specified VPC does not exist.');
  // DescribeVpcAttribute has no RouterTableIds field: the VPC's tables are listed by DescribeRouteTableList.
  const { RouterTableIds: _tables, ...attributes } = vpcOut(ctx, vpc);
  return attributes;
}

function routeTableOut(ctx: SimContext, table: RouteTableRecord): JsonObject {
  const { VSwitchIds, ...rest } = recordOf(table);
  const vswitches = (VSwitchIds as string[] | undefined) ?? (ctx.scenario.cloud.vswitches ?? []).filter((v) => v.RouteTableId === table.RouteTableId).map((v) => v.VSwitchId);
  return { Status: 'Available', RouterType: 'VRouter', ...rest, OwnerId: ownerId(ctx), VSwitchIds: { VSwitchId: vswitches } };
}

function describeRouteTableList(ctx: SimContext, params: RpcParams): JsonObject {
  const vpcId = params.get('VpcId');
  // Setting VpcId forces RouterType to VRouter, as documented.
  const routerType = vpcId ? 'VRouter' : (params.get('RouterType') ?? 'VRouter');
  const filters: [string, string | undefined][] = [
    ['VpcId', vpcId],
    ['RouterId', params.get('RouterId')],
    ['RouteTableId', params.get('RouteTableId')],
    ['RouteTableName', params.get('RouteTableName')],
    ['RouteTableType', params.get('RouteTableType')],
    ['ResourceGroupId', params.get('ResourceGroupId')],
  ];
  const tables = ctx.scenario.cloud.routeTables.filter((t) => {
    const r = recordOf(t);
    return (t.RouterType ?? 'VRouter') === routerType && filters.every(([k, v]) => v === undefined || r[k] === v);
  });
  return paged(params, tables, 'RouterTableList', 'RouterTableListType', (t) => routeTableOut(ctx, t));
}

function ipVersionOf(entry: RouteEntryRecord): string {
  return entry.IpVersion ?? (entry.DestinationCidrBlock.includes(':') ? 'ipv6' : 'ipv4');
}

function routeEntryOut(entry: RouteEntryRecord): JsonObject {
  const { NextHops, ...rest } = recordOf(entry);
  return { ...rest, IpVersion: ipVersionOf(entry), NextHops: { NextHop: (NextHops as object[]).map(recordOf) } };
}

/** The values of a RepeatList parameter (`DestCidrBlockList.1`, `.2`, ...). */
function repeatList(params: RpcParams, name: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 1; params.get(`${name}.${i}`) !== undefined; i++) out.push(params.get(`${name}.${i}`) as string);
  return out.length > 0 ? out : undefined;
}

/** The filter's parameters as one key, so the same query's pages share their matches. */
function filterKey(params: RpcParams): string {
  const named = ['RouteEntryType', 'IpVersion', 'RouteEntryId', 'RouteEntryName', 'DestinationCidrBlock', 'NextHopType', 'NextHopId'].map((n) => params.get(n) ?? '\u0001');
  return JSON.stringify([...named, repeatList(params, 'DestCidrBlockList') ?? null]);
}

interface EntryMatches {
  /** The scenario's entries when the matches were taken, to see that none was added, removed or replaced since. */
  entries: readonly RouteEntryRecord[];
  byQuery: Map<string, RouteEntryRecord[]>;
}

// A table's NextToken pages each filter the same entries again (10,000 entries, 100 a page): the matches are taken
// once and reused while the scenario's entry list holds the same entries in the same order. Entries are added and
// removed (CreateRouteEntry, DeleteRouteEntry, the route controller), never edited in place.
const entryMatches = new WeakMap<RouteEntryRecord[], EntryMatches>();

function sameEntries(a: readonly RouteEntryRecord[], b: readonly RouteEntryRecord[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The entries of a table that the query's filters keep, in the scenario's order. */
function matchingEntries(all: RouteEntryRecord[], tableId: string, params: RpcParams): RouteEntryRecord[] {
  const filter = routeEntryFilter(params);
  let cached = entryMatches.get(all);
  if (!cached || !sameEntries(cached.entries, all)) entryMatches.set(all, (cached = { entries: [...all], byQuery: new Map() }));
  const key = `${tableId}\u0000${filterKey(params)}`;
  let found = cached.byQuery.get(key);
  if (!found) cached.byQuery.set(key, (found = all.filter((e) => e.RouteTableId === tableId).filter(filter)));
  return found;
}

function routeEntryFilter(params: RpcParams): (e: RouteEntryRecord) => boolean {
  const type = params.get('RouteEntryType');
  if (type !== undefined && !ROUTE_ENTRY_TYPES.includes(type)) throw new CloudError(400, 'IllegalParam.RouteEntryType', 'The specified RouteEntryType is invalid.');
  const ipVersion = params.get('IpVersion')?.toLowerCase();
  if (ipVersion !== undefined && ipVersion !== 'ipv4' && ipVersion !== 'ipv6') throw new CloudError(400, 'IllegalParam.IpVersion', 'The specified IpVersion is invalid.');
  const entryId = params.get('RouteEntryId');
  const entryName = params.get('RouteEntryName');
  if ((entryId !== undefined || entryName !== undefined) && type !== undefined && type !== 'Custom') {
    throw new CloudError(400, 'OperationFailed.FilterParamUnderWrongRouteType', 'RouteEntryId and RouteEntryName filter only custom route entries.');
  }
  const destination = params.get('DestinationCidrBlock');
  const destinations = repeatList(params, 'DestCidrBlockList');
  const hopType = params.get('NextHopType');
  const hopId = params.get('NextHopId');
  return (e) =>
    (type === undefined || e.Type === type) &&
    (ipVersion === undefined || ipVersionOf(e).toLowerCase() === ipVersion) &&
    (entryId === undefined || (e.Type === 'Custom' && e.RouteEntryId === entryId)) &&
    (entryName === undefined || (e.Type === 'Custom' && recordOf(e).RouteEntryName === entryName)) &&
    (destination === undefined || e.DestinationCidrBlock === destination) &&
    (destinations === undefined || destinations.includes(e.DestinationCidrBlock)) &&
    (hopType === undefined || e.NextHops.some((h) => h.NextHopType === hopType)) &&
    (hopId === undefined || e.NextHops.some((h) => h.NextHopId === hopId));
}

function describeRouteEntryList(ctx: SimContext, params: RpcParams): JsonObject {
  const tableId = params.required('RouteTableId');
  const cloud = ctx.scenario.cloud;
  const known = cloud.routeTables.some((t) => t.RouteTableId === tableId) || cloud.vpcs.some((v) => v.RouterTableIds.includes(tableId));
  if (!known) throw new CloudError(400, 'InvalidRouteTable.NotFound', 'The specified route table does not exist.');
  const size = params.int('MaxResult', MAX_RESULT);
  const matches = matchingEntries(cloud.routeEntries, tableId, params);
  const page = ctx.pager.slice(
    matches,
    params.get('NextToken'),
    params.scope('DescribeRouteEntryList', ['MaxResult', 'NextToken']),
    size,
    () => new CloudError(400, 'IllegalParam.NextToken', 'The specified NextToken is invalid.'),
  );
  return { NextToken: page.nextToken, RouteEntrys: { RouteEntry: page.items.map(routeEntryOut) } };
}

function vswitchOut(ctx: SimContext, vsw: VSwitchRecord): JsonObject {
  const { RouteTableId, ...rest } = recordOf(vsw);
  const tables = ctx.scenario.cloud.routeTables;
  // A vSwitch without an explicit association uses its VPC's system route table.
  const table = tables.find((t) => t.RouteTableId === RouteTableId) ?? tables.find((t) => t.VpcId === vsw.VpcId && t.RouteTableType === 'System');
  return {
    Status: 'Available',
    IsDefault: false,
    ...rest,
    OwnerId: ownerId(ctx),
    RouteTable: { RouteTableId: (RouteTableId as string | undefined) ?? table?.RouteTableId ?? '', RouteTableType: table?.RouteTableType ?? 'System' },
  };
}

function describeVSwitches(ctx: SimContext, params: RpcParams): JsonObject {
  const vpcId = params.get('VpcId');
  if (params.get('RegionId') === undefined && vpcId === undefined) throw missingParameter('RegionId');
  const filters: [string, string | undefined][] = [
    ['VpcId', vpcId],
    ['VSwitchId', params.get('VSwitchId')],
    ['ZoneId', params.get('ZoneId')],
    ['VSwitchName', params.get('VSwitchName')],
  ];
  const routeTableId = params.get('RouteTableId');
  const vswitches = (ctx.scenario.cloud.vswitches ?? [])
    .map((v) => ({ v, out: vswitchOut(ctx, v) }))
    .filter(({ v, out }) => {
      const r = recordOf(v);
      const table = out.RouteTable as JsonObject;
      return filters.every(([k, value]) => value === undefined || r[k] === value) && (routeTableId === undefined || table.RouteTableId === routeTableId);
    });
  return paged(params, vswitches, 'VSwitches', 'VSwitch', ({ out }) => out);
}

const actions: Record<string, RpcAction> = {
  DescribeVpcs: { region: 'required', handle: describeVpcs },
  DescribeVpcAttribute: { region: 'required', handle: describeVpcAttribute },
  DescribeRouteTableList: { region: 'required', handle: describeRouteTableList },
  DescribeRouteEntryList: { region: 'required', handle: describeRouteEntryList },
  DescribeVSwitches: { region: 'optional', handle: describeVSwitches },
  ...vpcWriteActions,
};

/** The VPC product. */
export const vpcProduct: RpcProduct = { code: 'vpc', version: '2016-04-28', actions };
