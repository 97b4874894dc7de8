/** limit / continue: same items at any page size, remainingItemCount, opaque tokens, 400 on a bad token, 410 Expired. */
import * as k8s from '@kubernetes/client-node';
import type { KubeObject } from '../../../shared/scenario/schema';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { decodeContinue, encodeContinue, pageOf, PagingError, parseLimit } from '../../../shared/sim/kube/paging';
import { EXPIRED_CONTINUE_MESSAGE } from '../../../shared/sim/kube/status';
import { apiError, kubeConfig, seed, seedWithFaults } from './support';

const EXTRA_NODES = 20;

/** The seed plus 20 workers, labelled pool=a for even and pool=b for odd numbers: 23 nodes in all. */
function bigCluster(s: { cluster: { objects: KubeObject[] } }): void {
  for (let i = 0; i < EXTRA_NODES; i++) {
    s.cluster.objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `cn-hangzhou.192.168.20.${100 + i}`, labels: { pool: i % 2 === 0 ? 'a' : 'b' } },
      spec: { podCIDR: `172.16.${10 + i}.0/24` },
    } as KubeObject);
  }
}

interface Paged {
  names: string[];
  pages: number;
  remaining: Array<number | undefined>;
}

async function listAllNodes(core: k8s.CoreV1Api, limit: number, labelSelector?: string): Promise<Paged> {
  const out: Paged = { names: [], pages: 0, remaining: [] };
  let token: string | undefined;
  do {
    const page = await core.listNode({ limit, _continue: token, labelSelector });
    out.pages += 1;
    out.names.push(...page.items.map((n) => n.metadata?.name ?? ''));
    out.remaining.push(page.metadata?.remainingItemCount);
    token = page.metadata?._continue;
  } while (token);
  return out;
}

describe('kube simulator paging', () => {
  let sim: KubeSimulator;
  let core: k8s.CoreV1Api;
  beforeAll(async () => {
    sim = await startKubeSimulator(seed(bigCluster));
    core = kubeConfig(sim).makeApiClient(k8s.CoreV1Api);
  });
  afterAll(() => sim.close());

  test('limit 1, 7 and 500 give the same items as an unpaged list, in ⌈N/limit⌉ pages', async () => {
    const all = (await core.listNode()).items.map((n) => n.metadata?.name);
    expect(all).toHaveLength(23);
    expect([...all].sort()).toEqual(all);
    for (const limit of [1, 7, 500]) {
      const paged = await listAllNodes(core, limit);
      expect(paged.names).toEqual(all);
      expect(paged.pages).toBe(Math.ceil(23 / limit));
    }
  });

  test('remainingItemCount counts what is left, and the last page has neither it nor a continue token', async () => {
    const paged = await listAllNodes(core, 7);
    expect(paged.remaining).toEqual([16, 9, 2, undefined]);
  });

  test('a page of exactly the remaining items ends the list', async () => {
    const first = await core.listNode({ limit: 23 });
    expect(first.items).toHaveLength(23);
    expect(first.metadata?._continue).toBeUndefined();
  });

  test('selectors page too, without remainingItemCount (the real server cannot count them)', async () => {
    const paged = await listAllNodes(core, 3, 'pool=a');
    expect(paged.names).toHaveLength(10);
    expect(paged.pages).toBe(4);
    expect(paged.remaining).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('every page of one list reports the same resourceVersion, which the continue token carries', async () => {
    const first = await core.listNode({ limit: 5 });
    const second = await core.listNode({ limit: 5, _continue: first.metadata?._continue });
    expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    const token = first.metadata?._continue ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinue(token)).toEqual({ resourceVersion: first.metadata?.resourceVersion, offset: 5, page: 2 });
  });

  test('namespaced lists page the same way', async () => {
    const first = await core.listNamespacedPod({ namespace: 'kube-system', limit: 1 });
    expect(first.metadata?.remainingItemCount).toBe(1);
    const second = await core.listNamespacedPod({ namespace: 'kube-system', limit: 1, _continue: first.metadata?._continue });
    expect([...first.items, ...second.items].map((p) => p.metadata?.name)).toEqual(['cloud-controller-manager-t7wq4', 'metrics-server-7d9c5f8b6-x2kqm']);
    expect(second.metadata?._continue).toBeUndefined();
  });

  test.each([
    'not-a-token',
    Buffer.from('{"v":"x"}').toString('base64url'),
    encodeContinue({ resourceVersion: '1', offset: 999, page: 2 }),
  ])('a bad continue token is 400 BadRequest: %s', async (token) => {
    const err = await apiError(core.listNode({ limit: 5, _continue: token }));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(String(err.body.message)).toMatch(/^continue key is not valid: /);
  });
});

describe('kube simulator 410 on continue', () => {
  let sim: KubeSimulator;
  let core: k8s.CoreV1Api;
  beforeAll(async () => {
    const s = seedWithFaults({ match: { method: 'GET', path: '/api/v1/nodes', page: 3, attempt: 1 }, effect: { status: 410 } });
    bigCluster(s);
    sim = await startKubeSimulator(s);
    core = kubeConfig(sim).makeApiClient(k8s.CoreV1Api);
  });
  afterAll(() => sim.close());

  test('page 3 answers 410 Expired; a restart from page 1 then completes', async () => {
    const p1 = await core.listNode({ limit: 5 });
    const p2 = await core.listNode({ limit: 5, _continue: p1.metadata?._continue });
    const err = await apiError(core.listNode({ limit: 5, _continue: p2.metadata?._continue }));
    expect(err.code).toBe(410);
    expect(err.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: EXPIRED_CONTINUE_MESSAGE,
      reason: 'Expired',
      code: 410,
    });
    expect(EXPIRED_CONTINUE_MESSAGE).toBe('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    let token: string | undefined;
    const names: string[] = [];
    do {
      const page = await core.listNode({ limit: 5, _continue: token });
      names.push(...page.items.map((n) => n.metadata?.name ?? ''));
      token = page.metadata?._continue;
    } while (token);
    expect(names).toHaveLength(23);
    expect(sim.faults.injected).toEqual([1]);
  });
});

describe('paging helpers', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  test('pageOf cuts pages and chains positions', () => {
    const p1 = pageOf(items, 2, undefined, '7', true);
    expect(p1.items).toEqual(['a', 'b']);
    expect(p1.remainingItemCount).toBe(3);
    const pos = decodeContinue(p1.continue ?? '');
    expect(pos).toEqual({ resourceVersion: '7', offset: 2, page: 2 });
    const p2 = pageOf(items, 2, pos, '7', true);
    expect(p2.items).toEqual(['c', 'd']);
    expect(decodeContinue(p2.continue ?? '').page).toBe(3);
    expect(pageOf(items, 0, undefined, '7', true)).toEqual({ items });
  });

  test('parseLimit: absent or non-positive means no limit; garbage is refused', () => {
    expect(parseLimit(null)).toBe(0);
    expect(parseLimit('-3')).toBe(0);
    expect(parseLimit('500')).toBe(500);
    expect(() => parseLimit('ten')).toThrow(PagingError);
  });
});
