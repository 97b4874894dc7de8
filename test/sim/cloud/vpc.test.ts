/** VPC actions through pop-core: nesting, filters, NextToken paging and the API's errors. */
import { startCloudSimulator, type CloudSimulator } from '../../../shared/sim/cloud/server';
import type { Scenario } from '../../../shared/scenario/schema';
import { TABLE, failure, rpcClient, seedScenario, withBulkRoutes, type PopError } from './support';
import type RPCClient = require('@alicloud/pop-core');

const REGION = 'cn-hangzhou';
const VPC = 'vpc-bp1k3x9q7wz2d5m8n4r6t';
const BULK = 230;

interface RouteEntryOut {
  RouteEntryId: string;
  DestinationCidrBlock: string;
  Type: string;
  IpVersion: string;
  NextHops: { NextHop: { NextHopType: string; NextHopId: string }[] };
}
interface RouteEntryPage {
  NextToken: string;
  RouteEntrys: { RouteEntry: RouteEntryOut[] };
}

async function allRoutes(client: RPCClient, params: Record<string, unknown>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page: RouteEntryPage = await client.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, ...params, ...(token ? { NextToken: token } : {}) });
    ids.push(...page.RouteEntrys.RouteEntry.map((e) => e.RouteEntryId));
    token = page.NextToken || undefined;
    pages += 1;
  } while (token);
  return { ids, pages };
}

describe('VPC', () => {
  let scenario: Scenario;
  let sim: CloudSimulator;
  let vpc: RPCClient;

  beforeAll(async () => {
    scenario = withBulkRoutes(seedScenario(), BULK);
    scenario.accountId = '5123456789012345678';
    sim = await startCloudSimulator(scenario);
    vpc = rpcClient(sim.url, scenario, 'vpc');
  });
  afterAll(() => sim.close());

  it('DescribeVpcs nests RouterTableIds.RouterTableIds[] and VSwitchIds.VSwitchId[], with OwnerId a BigNumber', async () => {
    const res = await vpc.request<{ Vpcs: { Vpc: Record<string, unknown>[] }; TotalCount: number; PageNumber: number; PageSize: number }>('DescribeVpcs', { RegionId: REGION });
    expect(res).toMatchObject({ TotalCount: 1, PageNumber: 1, PageSize: 10 });
    const v = res.Vpcs.Vpc[0];
    expect(v).toMatchObject({
      VpcId: VPC,
      RegionId: REGION,
      CidrBlock: '192.168.0.0/16',
      RouterTableIds: { RouterTableIds: [TABLE] },
      VSwitchIds: { VSwitchId: ['vsw-bp1r2t4y6u8i0o9p7a5s'] },
    });
    expect(v.Code).toBeUndefined();
    // json-bigint turns the >15-digit literal into a BigNumber that keeps every digit.
    expect((v.OwnerId as object).constructor.name).toBe('BigNumber');
    expect(String(v.OwnerId)).toBe('5123456789012345678');
  });

  it('DescribeVpcAttribute answers flat, and 404 InvalidVpcId.NotFound for an unknown VPC', async () => {
    const res = await vpc.request<Record<string, unknown>>('DescribeVpcAttribute', { RegionId: REGION, VpcId: VPC });
    expect(res).toMatchObject({ VpcId: VPC, VSwitchIds: { VSwitchId: ['vsw-bp1r2t4y6u8i0o9p7a5s'] } });
    expect(res.RouterTableIds).toBeUndefined();
    const err = await failure<PopError>(vpc.request('DescribeVpcAttribute', { RegionId: REGION, VpcId: 'vpc-nope' }));
    expect([err.code, err.entry.response.statusCode, err.data.Message]).toEqual(['InvalidVpcId.NotFound', 404, 'Specified VPC does not exist.']);
  });

  it('DescribeRouteTableList nests RouterTableList.RouterTableListType[]', async () => {
    const res = await vpc.request<Record<string, unknown>>('DescribeRouteTableList', { RegionId: REGION, VpcId: VPC });
    expect(res).toMatchObject({
      TotalCount: 1,
      RouterTableList: { RouterTableListType: [{ RouteTableId: TABLE, RouteTableType: 'System', RouterType: 'VRouter', VSwitchIds: { VSwitchId: ['vsw-bp1r2t4y6u8i0o9p7a5s'] } }] },
    });
  });

  it('DescribeVSwitches nests VSwitches.VSwitch[] with the RouteTable association', async () => {
    const res = await vpc.request<Record<string, unknown>>('DescribeVSwitches', { VpcId: VPC });
    expect(res).toMatchObject({ VSwitches: { VSwitch: [{ VSwitchId: 'vsw-bp1r2t4y6u8i0o9p7a5s', ZoneId: 'cn-hangzhou-k', RouteTable: { RouteTableId: TABLE, RouteTableType: 'System' } }] } });
  });

  it('DescribeRouteEntryList nests RouteEntrys.RouteEntry[].NextHops.NextHop[]', async () => {
    const res = await vpc.request<RouteEntryPage>('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, DestinationCidrBlock: '172.16.0.0/24' });
    expect(res.NextToken).toBe('');
    expect(res.RouteEntrys.RouteEntry).toEqual([
      {
        RouteTableId: TABLE,
        RouteEntryId: 'rte-bp1m0a2s4d6f8g0h2j4k',
        DestinationCidrBlock: '172.16.0.0/24',
        Type: 'Custom',
        Status: 'Available',
        IpVersion: 'ipv4',
        NextHops: { NextHop: [{ NextHopType: 'Instance', NextHopId: 'i-bp1a7mastr0q4k2x9e5c' }] },
      },
    ]);
  });

  it('pages with MaxResult 1, 7 and 100 to the same set, in ceil(n/size) pages', async () => {
    const total = BULK + 4;
    const one = await allRoutes(vpc, { MaxResult: 1 });
    const seven = await allRoutes(vpc, { MaxResult: 7 });
    const hundred = await allRoutes(vpc, { MaxResult: 100 });
    expect(one.ids).toHaveLength(total);
    expect(new Set(one.ids).size).toBe(total);
    expect(seven.ids).toEqual(one.ids);
    expect(hundred.ids).toEqual(one.ids);
    expect([one.pages, seven.pages, hundred.pages]).toEqual([total, Math.ceil(total / 7), Math.ceil(total / 100)]);
  });

  it('filters by RouteEntryType, NextHopType, NextHopId and IpVersion', async () => {
    const custom = await allRoutes(vpc, { RouteEntryType: 'Custom', NextHopType: 'Instance', MaxResult: 100 });
    expect(custom.ids).toHaveLength(BULK + 2);
    const system = await allRoutes(vpc, { RouteEntryType: 'System' });
    expect(system.ids).toEqual(['rte-sys-bp1local0001', 'rte-sys-bp1cloudsvc01']);
    const hop = await allRoutes(vpc, { NextHopId: 'i-bp1f9wrkr2h5j7l1p3qz' });
    expect(hop.ids).toEqual(['rte-bp1z9x7c5v3b1n9m7l5k']);
    expect((await allRoutes(vpc, { IpVersion: 'ipv6' })).ids).toEqual([]);
  });

  it('rejects a forged token, a token from another query, and MaxResult outside 1..100', async () => {
    const forged = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, NextToken: 'FFmyTO70tTpLG6I3FmYAXGKPd' }));
    expect([forged.code, forged.entry.response.statusCode]).toEqual(['IllegalParam.NextToken', 400]);
    const first = await vpc.request<RouteEntryPage>('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult: 5 });
    const foreign = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, RouteEntryType: 'Custom', MaxResult: 5, NextToken: first.NextToken }));
    expect(foreign.code).toBe('IllegalParam.NextToken');
    for (const MaxResult of [0, 101]) {
      const err = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, MaxResult }));
      expect(err.code).toBe('InvalidParameter');
    }
  });

  it('answers InvalidRouteTable.NotFound, IllegalParam.RouteEntryType and PageSize above 50', async () => {
    const table = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: 'vtb-nope' }));
    expect([table.code, table.entry.response.statusCode]).toEqual(['InvalidRouteTable.NotFound', 400]);
    const type = await failure<PopError>(vpc.request('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, RouteEntryType: 'custom' }));
    expect(type.code).toBe('IllegalParam.RouteEntryType');
    const size = await failure<PopError>(vpc.request('DescribeVpcs', { RegionId: REGION, PageSize: 51 }));
    expect(size.code).toBe('InvalidParameter');
  });

  it('serves the unknown extra keys of a record as they are', async () => {
    const s = seedScenario();
    Object.assign(s.cloud.routeEntries[2], { RouteEntryName: 'k8s-node-0', XSimOrigin: 'kept' });
    const other = await startCloudSimulator(s);
    try {
      const res = await rpcClient(other.url, s, 'vpc').request<RouteEntryPage>('DescribeRouteEntryList', { RegionId: REGION, RouteTableId: TABLE, RouteEntryId: 'rte-bp1m0a2s4d6f8g0h2j4k' });
      expect(res.RouteEntrys.RouteEntry[0]).toMatchObject({ RouteEntryName: 'k8s-node-0', XSimOrigin: 'kept' });
    } finally {
      await other.close();
    }
  });
});
