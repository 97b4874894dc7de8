/** The cluster CIDR derived from the nodes' pod CIDRs, for a --kubeconfig audit without a cluster id. */
import { clusterCidrFromNodes } from '../../shared/pipeline/collect';
import type { NodeInfo } from '../../shared/collect/inventory';

const node = (podCIDR?: string): NodeInfo => ({ name: podCIDR ?? 'none', labels: {}, podCIDR, podCIDRs: podCIDR ? [podCIDR] : [], internalIPs: [], conditions: [] });

describe('clusterCidrFromNodes', () => {
  it.each([
    [['172.20.0.0/24', '172.20.1.0/24', '172.20.2.0/24'], '172.20.0.0/22'],
    [['10.0.5.0/24'], '10.0.5.0/24'],
    [['172.16.0.0/26', '172.16.3.192/26', undefined], '172.16.0.0/22'],
    [['10.0.0.0/24', '192.168.0.0/24'], undefined],
    [['fd00::/64'], undefined],
    [[undefined], undefined],
  ])('%j → %s', (cidrs, block) => {
    expect(clusterCidrFromNodes(cidrs.map(node))).toBe(block);
  });
});
