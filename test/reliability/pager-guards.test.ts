/**
 * Pagers facing misbehaving servers (docs/reliability.md, promise 3): a NextToken or
 * continue token that repeats ends the read as a failure, never an endless loop; a server that ignores `limit` is
 * read as one complete page. Raw loopback servers play the misbehaving APIs; the real clients talk to them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { CallStats } from '../../shared/collect/call-stats';
import { CloudReader } from '../../shared/collect/cloud';
import { createCloudClients } from '../../shared/collect/cloud-clients';
import { KubeReader } from '../../shared/collect/kube';
import { ApiCallError } from '../../shared/collect/api-error';
import { readBudget } from '../../shared/pipeline/read-budget';
import { defaultRetryPolicy } from '../../shared/util/retry';

async function serve(answer: (url: URL) => unknown): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer(new URL(req.url ?? '/', 'http://127.0.0.1'))));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const retry = { ...defaultRetryPolicy(Date.now() + 10_000), baseDelayMs: 5 };

function cloudReader(url: string): CloudReader {
  const clients = createCloudClients({ accessKeyId: 'AK', accessKeySecret: 'SK' }, { vpc: url, ecs: url, ram: url, resourcemanager: url, cs: url }, 2000);
  return new CloudReader(clients, new CallStats(), { region: 'cn-hangzhou', retry, routeEntryPageSize: 100, instancePageSize: 100, listPageSize: 50, kubeconfigMinutes: 15 });
}

function kubeReader(url: string): KubeReader {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  return new KubeReader(kc, new CallStats(), { pageSize: 2, requestTimeoutMs: 2000, probeTimeoutMs: 2000, retry, relistOnExpired: 1, ...readBudget(512) });
}

describe('pager guards', () => {
  it('a NextToken that comes back again ends the route-entry read as a failure', async () => {
    const server = await serve(() => ({
      RequestId: 'R',
      NextToken: 'same',
      RouteEntrys: { RouteEntry: [{ RouteEntryId: 'rte-1', DestinationCidrBlock: '10.0.0.0/24', Type: 'Custom', Status: 'Available', NextHops: { NextHop: [] } }] },
    }));
    try {
      const err = await cloudReader(server.url)
        .routeEntries('vtb-1')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiCallError);
      expect((err as ApiCallError).failure.code).toBe('RepeatedNextToken');
      expect(server.requests).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('an empty page that still says there are more items is an incomplete read, not a short list', async () => {
    const server = await serve(() => ({ RequestId: 'R', TotalCount: 5, PageNumber: 2, PageSize: 50, RouterTableList: { RouterTableListType: [] } }));
    try {
      const err = await cloudReader(server.url)
        .routeTables('vpc-1')
        .catch((e: unknown) => e);
      expect((err as ApiCallError).failure.code).toBe('IncompletePaging');
    } finally {
      await server.close();
    }
  });

  it('a continue token that comes back again ends the node list as a failure', async () => {
    const server = await serve(() => ({ kind: 'NodeList', apiVersion: 'v1', metadata: { continue: 'again' }, items: [{ metadata: { name: 'n1' } }] }));
    try {
      const err = await kubeReader(server.url)
        .nodes()
        .catch((e: unknown) => e);
      expect((err as ApiCallError).failure.code).toBe('RepeatedContinueToken');
      expect(server.requests).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('a server that ignores limit is read as one complete page', async () => {
    const server = await serve((url) => {
      expect(url.searchParams.get('limit')).toBe('2');
      return { kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [1, 2, 3, 4, 5].map((i) => ({ metadata: { name: `n${i}` } })) };
    });
    try {
      const nodes = await kubeReader(server.url).nodes();
      expect(nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
      expect(server.requests).toBe(1);
    } finally {
      await server.close();
    }
  });
});
