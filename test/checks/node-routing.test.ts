import type { NodeInfo } from '../../shared/collect/inventory';
import { routeFlaps, skipReason } from '../../shared/checks/node-routing';

const node = (over: Partial<NodeInfo>): NodeInfo => ({
  name: 'n',
  labels: {},
  podCIDR: '172.16.0.0/24',
  podCIDRs: ['172.16.0.0/24'],
  providerID: 'cn-hangzhou.i-1',
  internalIPs: [],
  conditions: [],
  ...over,
});
const V1 = 'v1.9.3.339-g9830b58-aliyun';

describe('skipReason follows the CCM version (cloud-provider-alibaba-cloud needSyncRoute, IsExcludedNode)', () => {
  it('routes an ordinary node on every version', () => {
    for (const v of [V1, 'v2.10.0', 'v2.12.4', undefined]) expect(skipReason(node({}), v)).toBeUndefined();
  });

  it('skips exclude labels, Ready=Unknown, an empty providerID and no pod CIDR on every version', () => {
    for (const v of [V1, 'v2.10.0', 'v2.12.4', undefined]) {
      expect(skipReason(node({ labels: { 'service.beta.kubernetes.io/exclude-node': '' } }), v)?.kind).toBe('exclude-label');
      expect(skipReason(node({ conditions: [{ type: 'Ready', status: 'Unknown' }] }), v)?.kind).toBe('ready-unknown');
      expect(skipReason(node({ providerID: '' }), v)?.kind).toBe('no-provider-id');
      expect(skipReason(node({ podCIDR: undefined, podCIDRs: [] }), v)?.kind).toBe('no-pod-cidr');
    }
  });

  it('skips a node being deleted in v2 only (v1.9.3 still routes it)', () => {
    const deleting = node({ deletionTimestamp: '2026-11-26T07:00:00Z' });
    expect(skipReason(deleting, 'v2.10.0')?.kind).toBe('deleting');
    expect(skipReason(deleting, V1)).toBeUndefined();
  });

  it('skips ack-hybrid:// providerIDs from v2.12.4 (and when the version is unknown, saying so)', () => {
    const hybrid = node({ providerID: 'ack-hybrid://idc-1' });
    expect(skipReason(hybrid, 'v2.12.4')?.kind).toBe('hybrid-node');
    expect(skipReason(hybrid, 'v2.11.2')).toBeUndefined();
    expect(skipReason(hybrid, V1)).toBeUndefined();
    expect(skipReason(hybrid, undefined)?.reason).toMatch(/assumed/);
  });

  it('reads only spec.podCIDR in v1', () => {
    const onlyList = node({ podCIDR: undefined, podCIDRs: ['172.16.0.0/24'] });
    expect(skipReason(onlyList, V1)?.kind).toBe('no-pod-cidr');
    expect(skipReason(onlyList, 'v2.12.4')).toBeUndefined();
  });
});

describe('routeFlaps: the alicloud:// prefix against v2.4.0+ string comparison', () => {
  const prefixed = node({ providerID: 'alicloud://cn-hangzhou.i-1' });
  it('flaps from v2.4.0, not before, not in v1; unknown without a version', () => {
    expect(routeFlaps(prefixed, 'v2.4.0')).toBe(true);
    expect(routeFlaps(prefixed, 'v2.3.0')).toBe(false);
    expect(routeFlaps(prefixed, V1)).toBe(false);
    expect(routeFlaps(prefixed, undefined)).toBeUndefined();
    expect(routeFlaps(node({}), 'v2.12.4')).toBe(false);
  });
});
