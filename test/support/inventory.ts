/** Builds inventories for the pure checks: every input complete and empty unless the test says otherwise. */
import type { Inventory } from '../../shared/collect/inventory';
import type { CheckContext } from '../../shared/checks/types';
import { defaultCheckOptions } from '../../shared/checks/types';

/** An inventory of a healthy, empty Flannel cluster, overridden by `parts`. */
export function inventoryOf(parts: Partial<Inventory> = {}): Inventory {
  const empty = <T>(value: T) => ({ status: 'complete' as const, value });
  return {
    region: 'cn-hangzhou',
    accountId: '1234567890123456',
    cluster: empty({ clusterId: 'c1', name: 'test', region: 'cn-hangzhou', vpcId: 'vpc-1', clusterType: 'Kubernetes', containerCidr: '172.16.0.0/16', network: 'flannel', networkSource: 'test' }),
    nodes: empty([]),
    namespaces: empty([]),
    apiServices: empty([]),
    services: empty([]),
    endpoints: empty([]),
    pods: empty([]),
    events: empty([]),
    workloads: empty([]),
    cloudConfig: empty(undefined),
    discovery: empty([]),
    vpcRouteTableIds: empty(['vtb-1']),
    routeTables: empty([{ routeTableId: 'vtb-1', vpcId: 'vpc-1', type: 'System' }]),
    routeEntries: empty([]),
    unreadRouteTables: [],
    instances: { status: 'not_collected', reason: 'not part of this fixture' },
    instanceRoles: { status: 'not_collected', reason: 'test' },
    ramIdentities: { status: 'not_collected', reason: 'test' },
    quotas: {},
    ...parts,
  };
}

/** A check context at a fixed time. */
export function contextAt(iso = '2026-11-26T08:00:00Z'): CheckContext {
  return { now: new Date(iso), options: defaultCheckOptions() };
}
