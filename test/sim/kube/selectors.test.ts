/** labelSelector and fieldSelector, as parsed functions and through client-node. */
import * as k8s from '@kubernetes/client-node';
import { parseFieldSelector, parseLabelSelector, SelectorError } from '../../../shared/sim/kube/selectors';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { apiError, kubeConfig, seed } from './support';

const obj = (labels: Record<string, string>, rest: Record<string, unknown> = {}): Record<string, unknown> => ({ metadata: { name: 'x', labels }, ...rest });

describe('label selectors', () => {
  test.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'web' }, true],
    ['app=web', { app: 'db' }, false],
    ['app!=web', { app: 'db' }, true],
    ['app!=web', {}, true],
    ['app', { app: '' }, true],
    ['app', {}, false],
    ['!app', {}, true],
    ['!app', { app: 'web' }, false],
    ['app in (web,db)', { app: 'db' }, true],
    ['app in (web, db)', { app: 'cache' }, false],
    ['app in (web)', {}, false],
    ['app notin (web,db)', { app: 'cache' }, true],
    ['app notin (web,db)', {}, true],
    ['app notin (web,db)', { app: 'web' }, false],
    ['app=web,tier in (front,back),!canary', { app: 'web', tier: 'back' }, true],
    ['app=web,tier in (front,back),!canary', { app: 'web', tier: 'back', canary: 'true' }, false],
    ['node-role.kubernetes.io/master', { 'node-role.kubernetes.io/master': '' }, true],
    ['constructor', {}, false],
    ['', { any: 'thing' }, true],
  ])('%s on %j → %s', (selector, labels, expected) => {
    expect(parseLabelSelector(selector)(obj(labels))).toBe(expected);
  });

  test.each(['app=web=x', 'a b', 'app in web', '=x', 'app=bad value!'])('rejects %s', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
  });
});

describe('field selectors', () => {
  const event = { metadata: { name: 'e1', namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n1' }, reason: 'SyncRouteFailed', source: { component: 'route-controller' } };

  test('common and per-kind fields, =, == and !=', () => {
    expect(parseFieldSelector('metadata.name=e1', 'Event')(event)).toBe(true);
    expect(parseFieldSelector('metadata.namespace==default,reason=SyncRouteFailed', 'Event')(event)).toBe(true);
    expect(parseFieldSelector('involvedObject.name=n1,involvedObject.kind=Node', 'Event')(event)).toBe(true);
    expect(parseFieldSelector('source=route-controller', 'Event')(event)).toBe(true);
    expect(parseFieldSelector('reason!=SyncRouteFailed', 'Event')(event)).toBe(false);
    expect(parseFieldSelector('spec.nodeName=', 'Pod')({ metadata: { name: 'p' }, spec: {} })).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=false', 'Node')({ metadata: { name: 'n' }, spec: {} })).toBe(true);
  });

  test('a field the kind does not support is refused like the apiserver does', () => {
    expect(() => parseFieldSelector('spec.nodeName=x', 'ConfigMap')).toThrow('field label not supported: spec.nodeName');
    expect(() => parseFieldSelector('garbage', 'Pod')).toThrow(SelectorError);
  });
});

describe('selectors through client-node', () => {
  let sim: KubeSimulator;
  let core: k8s.CoreV1Api;
  beforeAll(async () => {
    sim = await startKubeSimulator(seed());
    core = kubeConfig(sim).makeApiClient(k8s.CoreV1Api);
  });
  afterAll(() => sim.close());

  const podNames = async (p: { labelSelector?: string; fieldSelector?: string }): Promise<string[]> => (await core.listPodForAllNamespaces(p)).items.map((i) => i.metadata?.name ?? '');

  test('labelSelector on pods and nodes', async () => {
    expect(await podNames({ labelSelector: 'k8s-app=metrics-server' })).toEqual(['metrics-server-7d9c5f8b6-x2kqm']);
    expect(await podNames({ labelSelector: 'k8s-app in (metrics-server,other)' })).toEqual(['metrics-server-7d9c5f8b6-x2kqm']);
    expect(await podNames({ labelSelector: '!k8s-app' })).toEqual(['cloud-controller-manager-t7wq4']);
    expect(await podNames({ labelSelector: 'app' })).toEqual(['cloud-controller-manager-t7wq4']);
    const masters = await core.listNode({ labelSelector: 'node-role.kubernetes.io/master' });
    expect(masters.items.map((n) => n.metadata?.name)).toEqual(['cn-hangzhou.192.168.10.21']);
  });

  test('fieldSelector on pods and events', async () => {
    expect(await podNames({ fieldSelector: 'spec.nodeName=cn-hangzhou.192.168.10.22' })).toEqual(['metrics-server-7d9c5f8b6-x2kqm']);
    expect(await podNames({ fieldSelector: 'metadata.namespace=kube-system,metadata.name=cloud-controller-manager-t7wq4' })).toEqual(['cloud-controller-manager-t7wq4']);
    const events = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: 'involvedObject.name=route-controller,reason=SyncRouteFailed' });
    expect(events.items).toHaveLength(1);
    expect((await core.listEventForAllNamespaces({ fieldSelector: 'reason=NodeNotReady' })).items).toEqual([]);
  });

  test('a bad selector is 400 BadRequest', async () => {
    const err = await apiError(core.listPodForAllNamespaces({ fieldSelector: 'spec.bogus=1' }));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({ reason: 'BadRequest', message: 'field label not supported: spec.bogus' });
    expect((await apiError(core.listNode({ labelSelector: 'a in b' }))).code).toBe(400);
  });
});
