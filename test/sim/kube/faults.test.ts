/** Scenario faults (target kubernetes) and latency, seen through client-node 1.4. */
import * as k8s from '@kubernetes/client-node';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { apiError, kubeConfig, rawGet, rejection, seed, seedWithFaults, timeout } from './support';

/** Runs `body` against a simulator of the seed with these fault rules, then closes it. */
async function withFaults(rules: Parameters<typeof seedWithFaults>, body: (sim: KubeSimulator, core: k8s.CoreV1Api) => Promise<void>): Promise<void> {
  const sim = await startKubeSimulator(seedWithFaults(...rules));
  try {
    await body(sim, kubeConfig(sim).makeApiClient(k8s.CoreV1Api));
  } finally {
    await sim.close();
  }
}

describe('kube simulator faults', () => {
  test('reset destroys the connection on the matching attempt only', async () => {
    await withFaults([{ match: { path: '/api/v1/nodes', attempt: 1 }, effect: { reset: true } }], async (sim, core) => {
      const err = await rejection(core.listNode());
      expect(err).toMatchObject({ name: 'FetchError', code: 'ECONNRESET' });
      expect((await core.listNode()).items).toHaveLength(3);
      expect(sim.faults.injected).toEqual([1]);
      expect(sim.calls['k8s:list nodes']).toBe(2);
    });
  });

  test('hang never answers: an AbortSignal.timeout middleware gives up, and close() still returns at once', async () => {
    const sim = await startKubeSimulator(seedWithFaults({ match: { path: '/api/v1/namespaces' }, effect: { hang: true } }));
    const core = kubeConfig(sim).makeApiClient(k8s.CoreV1Api);
    const started = Date.now();
    const err = await rejection(core.listNamespace({}, timeout(300)));
    expect(err).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // A second hung request is left pending: close() must destroy its socket rather than wait for it.
    const pending = rejection(core.listNamespace());
    await new Promise((r) => setTimeout(r, 100));
    // Waiting for the hung socket would never return (the test would time out); the bound allows for a busy machine.
    const closing = Date.now();
    await sim.close();
    expect(Date.now() - closing).toBeLessThan(5000);
    expect(await pending).toMatchObject({ name: 'FetchError' });
  });

  test('truncateAt cuts the body: client-node fails instead of returning a partial list', async () => {
    await withFaults([{ match: { path: '/api/v1/nodes' }, effect: { truncateAt: 100 } }], async (_sim, core) => {
      // No timeout middleware here: the cut must surface as an error on its own.
      const err = await rejection(core.listNode());
      expect(err).toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
      expect(err).not.toBeInstanceOf(k8s.ApiException);
      // Other paths are unaffected.
      expect((await core.listNamespace()).items).toHaveLength(3);
    });
  });

  test('429 with Retry-After: TooManyRequests Status, the header, then success', async () => {
    await withFaults([{ match: { method: 'GET', path: '/api/v1/nodes', attempt: 1 }, effect: { status: 429, retryAfter: 2 } }], async (_sim, core) => {
      const err = await apiError(core.listNode());
      expect(err.code).toBe(429);
      expect(err.headers['retry-after']).toBe('2');
      expect(err.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Too many requests, please try again later.',
        reason: 'TooManyRequests',
        details: { retryAfterSeconds: 2 },
        code: 429,
      });
      expect((await core.listNode()).items).toHaveLength(3);
    });
  });

  test('a bare retryAfter means 429', async () => {
    await withFaults([{ match: { path: '/api/v1/namespaces' }, effect: { retryAfter: 1 } }], async (_sim, core) => {
      const err = await apiError(core.listNamespace());
      expect(err.code).toBe(429);
      expect(err.headers['retry-after']).toBe('1');
    });
  });

  test('status with code and message: the Status carries them; other statuses get the apiserver reason', async () => {
    await withFaults(
      [
        { match: { path: '/api/v1/nodes' }, effect: { status: 500, code: 'InternalError', message: 'etcdserver: request timed out' } },
        { match: { path: '/apis/apiregistration.k8s.io/*' }, effect: { status: 503 } },
      ],
      async (sim, core) => {
        const err = await apiError(core.listNode());
        expect(err.code).toBe(500);
        expect(err.body).toMatchObject({ kind: 'Status', reason: 'InternalError', message: 'etcdserver: request timed out', code: 500 });
        const reg = await apiError(kubeConfig(sim).makeApiClient(k8s.ApiregistrationV1Api).listAPIService());
        expect(reg.body).toMatchObject({ reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', code: 503 });
      },
    );
  });

  test('a 401 fault (token revoked mid-run) answers the Unauthorized Status', async () => {
    await withFaults([{ match: { attempt: { from: 2 } }, effect: { status: 401 } }], async (sim, core) => {
      expect((await core.listNode()).items).toHaveLength(3);
      expect((await apiError(core.listNode())).code).toBe(401);
      // client-node 1.4 drops the body of a 401 (e.body is undefined), so read it raw.
      const res = await rawGet(sim, '/api/v1/nodes');
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    });
  });

  test('method and page narrow a rule: a POST rule leaves GETs alone; a page rule leaves unpaged lists alone', async () => {
    await withFaults(
      [
        { match: { method: 'POST' }, effect: { status: 500 } },
        { match: { path: '/api/v1/nodes', page: 2 }, effect: { status: 503 } },
      ],
      async (sim, core) => {
        expect((await core.listNode()).items).toHaveLength(3);
        const first = await core.listNode({ limit: 2 });
        expect((await apiError(core.listNode({ limit: 2, _continue: first.metadata?._continue }))).code).toBe(503);
        expect(sim.faults.injected).toEqual([0, 1]);
      },
    );
  });

  test('delayMs delays the answer', async () => {
    await withFaults([{ match: { path: '/api/v1/nodes' }, effect: { delayMs: 250 } }], async (_sim, core) => {
      const started = Date.now();
      await core.listNode();
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    });
  });
});

describe('kube simulator latency', () => {
  test('generate.latencyMs.kubernetes applies to every request; the option overrides it', async () => {
    const LATENCY = 400;
    const s = seed((x) => {
      x.generate = { latencyMs: { kubernetes: LATENCY } };
    });
    // With the scenario's latency every answer takes at least that long; with the option's 0 a warm request takes less
    // (the untimed first call of each pair pays for TLS and the client's set-up, which a busy machine stretches).
    for (const [options, applied] of [
      [{}, true],
      [{ latencyMs: 0 }, false],
    ] as const) {
      const sim = await startKubeSimulator(s, options);
      try {
        const kc = kubeConfig(sim);
        for (const call of [() => kc.makeApiClient(k8s.CoreV1Api).listNode(), () => kc.makeApiClient(k8s.ApisApi).getAPIVersions()]) {
          await call();
          const started = Date.now();
          await call();
          const took = Date.now() - started;
          if (applied) expect(took).toBeGreaterThanOrEqual(LATENCY - 5);
          else expect(took).toBeLessThan(LATENCY - 5);
        }
      } finally {
        await sim.close();
      }
    }
  });
});
