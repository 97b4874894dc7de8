/** The alert payload reader, the label mapping, the bearer check and the chain chosen to answer an alert. */
import { bearerMatches } from '../../shared/alert/auth';
import { parseAlertGroup } from '../../shared/alert/payload';
import { targetOf } from '../../shared/alert/target';

const group = (alerts: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ version: '4', status: 'firing', receiver: 'r', groupKey: 'k', alerts, ...extra });
const firing = (labels: Record<string, string>) => ({ status: 'firing', labels, annotations: {}, fingerprint: 'f1' });

describe('alert webhook input', () => {
  it('refuses what is not a version 4 payload, naming the field and never the value', () => {
    expect(() => parseAlertGroup('{')).toThrow(/^body: not JSON/);
    expect(() => parseAlertGroup(group([firing({})], { version: '3' }))).toThrow(/^version:/);
    expect(() => parseAlertGroup(group([]))).toThrow(/^alerts: expected 1 to 1000/);
    expect(() => parseAlertGroup(group([{ status: 'pending', labels: {} }]))).toThrow(/^alerts\[0\]\.status/);
    expect(() => parseAlertGroup(group([firing({ secret: 'x'.repeat(5000) })]))).toThrow(/^alerts\[0\]\.labels\.secret: expected a string of at most 4096/);
    expect(() => parseAlertGroup(JSON.stringify({ status: 'firing', alerts: [firing({})] }))).toThrow(/^groupKey: required/);
  });

  it("maps labels to the cluster and the symptoms, falling back to the allow-list's single cluster", () => {
    const apiservice = firing({ alertname: 'KubeAPIServiceDown', name: 'v1beta1.metrics.k8s.io', cluster_id: 'c1' });
    const g = parseAlertGroup(group([apiservice, firing({ alertname: 'NsStuck', namespace: 'shop', cluster_id: 'c1' })]));
    expect(targetOf(g, 'cluster_id', undefined)).toEqual({
      clusterId: 'c1',
      alerts: [
        { name: 'KubeAPIServiceDown', fingerprint: 'f1' },
        { name: 'NsStuck', fingerprint: 'f1' },
      ],
      symptoms: [
        { kind: 'APIService', name: 'v1beta1.metrics.k8s.io' },
        { kind: 'Namespace', name: 'shop' },
      ],
    });
    expect(targetOf(parseAlertGroup(group([firing({ node: 'n1' })])), 'cluster_id', ['c9']).clusterId).toBe('c9');
    expect(() => targetOf(parseAlertGroup(group([firing({})])), 'cluster_id', ['a', 'b'])).toThrow(/no alert names a cluster/);
    expect(() => targetOf(parseAlertGroup(group([firing({ cluster_id: 'c1' }), firing({ cluster_id: 'c2' })])), 'cluster_id', undefined)).toThrow(/names 2 clusters/);
    expect(() => targetOf(parseAlertGroup(group([firing({ cluster_id: 'c3' })])), 'cluster_id', ['c1'])).toThrow(/not in ACK_DRIFT_CLUSTER_IDS/);
  });

  it('accepts exactly the configured bearer token', () => {
    const token = 't'.repeat(40);
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
  });
});
