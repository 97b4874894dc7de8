/** The CCM's health as the route check reads it: pflag's boolean parsing, and which pods count as running. */
import { boolFlag, ccmHealthFindings } from '../../shared/checks/ccm-health';
import type { PodInfo } from '../../shared/collect/inventory';
import { inventoryOf } from '../support/inventory';

const IMAGE = 'registry-vpc.cn-hangzhou.aliyuncs.com/acs/cloud-controller-manager-amd64:v2.12.4';

function ccmPod(name: string, container: Partial<NonNullable<PodInfo['containers']>[number]>, phase = 'Running'): PodInfo {
  return {
    namespace: 'kube-system',
    name,
    phase,
    hostNetwork: true,
    labels: { app: 'cloud-controller-manager' },
    images: [IMAGE],
    containers: [{ name: 'cloud-controller-manager', image: IMAGE, args: [], env: [], envFrom: [], mounts: [], state: 'running', ready: true, restartCount: 0, ...container }],
  };
}

describe('boolFlag reads a flag as pflag does', () => {
  it.each([
    [['--configure-cloud-routes=false'], false],
    [['--configure-cloud-routes=0'], false],
    [['--configure-cloud-routes=F'], false],
    [['--configure-cloud-routes=false', '--configure-cloud-routes'], true],
    [['/ccm --configure-cloud-routes=False --v=2'], false],
  ])('%j → %s', (args, value) => expect(boolFlag(args, 'configure-cloud-routes')?.value).toBe(value));
  it('takes `--flag false` as true followed by a positional argument', () => expect(boolFlag(['--configure-cloud-routes', 'false'], 'configure-cloud-routes')?.value).toBe(true));
  it('ignores values strconv.ParseBool rejects and other flags', () => {
    expect(boolFlag(['--configure-cloud-routes=no'], 'configure-cloud-routes')).toBeUndefined();
    expect(boolFlag(['--configure-cloud-routes-x=false'], 'configure-cloud-routes')).toBeUndefined();
  });
});

describe('ccmHealthFindings', () => {
  const codes = (pods: PodInfo[], parts = {}) => ccmHealthFindings(inventoryOf({ pods: { status: 'complete', value: pods }, ...parts })).map((f) => `${f.code} ${f.resource.name}`);
  it('one ready replica is enough (the others wait for the leader lock)', () => {
    expect(codes([ccmPod('ccm-a', { state: 'waiting', stateReason: 'CrashLoopBackOff', ready: false, restartCount: 9 }), ccmPod('ccm-b', {})])).toEqual([]);
  });
  it('a running but unready container is not running', () => expect(codes([ccmPod('ccm-a', { ready: false })])).toEqual(['CCM_NOT_RUNNING ccm-a']));
  it('a Pending pod is not running', () => expect(codes([ccmPod('ccm-a', { state: 'waiting', stateReason: 'ContainerCreating' }, 'Pending')])).toEqual(['CCM_NOT_RUNNING ccm-a']));
  it('no CCM on a dedicated cluster is a finding; on a cluster CS did not describe it is not judged', () => {
    expect(codes([])).toEqual(['CCM_NOT_RUNNING cloud-controller-manager']);
    const bare = inventoryOf().cluster;
    const fromKubeconfig = { status: 'complete' as const, value: { ...(bare.status === 'complete' ? bare.value : ({} as never)), clusterId: '' } };
    expect(codes([], { cluster: fromKubeconfig })).toEqual([]);
  });
  it('no pods on a managed cluster is normal', () => {
    const bare = inventoryOf().cluster;
    const managed = { status: 'complete' as const, value: { ...(bare.status === 'complete' ? bare.value : ({} as never)), clusterType: 'ManagedKubernetes' } };
    expect(codes([], { cluster: managed })).toEqual([]);
  });
  it('an unreadable pod or workload list judges nothing', () => {
    expect(codes([], { workloads: { status: 'failed', failures: [] } })).toEqual([]);
  });
  it('routes disabled on the running replica', () => expect(codes([ccmPod('ccm-a', { args: ['--configure-cloud-routes=false'] })])).toEqual(['CCM_ROUTES_DISABLED ccm-a']));
});
