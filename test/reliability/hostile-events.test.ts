/**
 * Issue #10 item 11: a 512 MB function facing a cluster whose event lists never end, or whose API server ignores
 * `limit` and answers with one enormous list. Raw loopback servers play the hostile API server and count the bytes
 * they serve; the real reader (client-node's configuration, Node's http) reads them. The reader must stop at the
 * bound derived from the function's memory and say so (partial, ListTooLarge / ResponseTooLarge), never read on.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { CallStats } from '../../shared/collect/call-stats';
import { KubeReader } from '../../shared/collect/kube';
import { ApiCallError } from '../../shared/collect/api-error';
import { readBudget } from '../../shared/pipeline/read-budget';
import { defaultRetryPolicy } from '../../shared/util/retry';

const PAGE = 500;
/** Pages the endless server serves before it gives up: far past any bound, so only the reader can end the list. */
const LAST_PAGE = 400;
const budget = readBudget(512);

interface Hostile {
  url: string;
  bytes: number;
  items: number;
  requests: URL[];
  close(): Promise<void>;
}

async function serve(handler: (url: URL, res: http.ServerResponse, count: (bytes: number, items: number) => void) => void): Promise<Hostile> {
  const state = { bytes: 0, items: 0, requests: [] as URL[] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push(url);
    handler(url, res, (bytes, items) => {
      state.bytes += bytes;
      state.items += items;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get bytes() {
      return state.bytes;
    },
    get items() {
      return state.items;
    },
    requests: state.requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A noisy event about a pod (about 1.1 KB), as a crash-looping workload writes them. */
function noise(page: number, i: number): Record<string, unknown> {
  return {
    metadata: { name: `noise-${page}-${i}.18a0c0ffee`, namespace: 'kube-system' },
    involvedObject: { kind: 'Pod', name: `crashloop-${i}` },
    reason: 'BackOff',
    type: 'Warning',
    message: `Back-off restarting failed container ${'x'.repeat(1000)}`,
  };
}

const routeFailure = {
  metadata: { name: 'route-controller.1879c2a4d3e5f601', namespace: 'kube-system' },
  involvedObject: { kind: 'Node', name: 'route-controller' },
  reason: 'SyncRouteFailed',
  type: 'Warning',
  message: 'Couldn\u0027t reconcile node routes: Code: Forbidden.RAM',
  lastTimestamp: '2026-11-26T07:57:12Z',
};

function reader(url: string): KubeReader {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: url, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
  const retry = { ...defaultRetryPolicy(Date.now() + 20_000), baseDelayMs: 5 };
  return new KubeReader(kc, new CallStats(), { pageSize: PAGE, requestTimeoutMs: 10_000, probeTimeoutMs: 2000, retry, relistOnExpired: 1, ...budget });
}

/** An event list of `last` pages of noise, the route controller's failure first. */
function eventPages(last: number): Promise<Hostile> {
  return serve((url, res, count) => {
    const page = Number(url.searchParams.get('continue') ?? '1');
    const items = Array.from({ length: PAGE }, (_, i) => (page === 1 && i === 0 ? routeFailure : noise(page, i)));
    const body = JSON.stringify({ kind: 'EventList', apiVersion: 'v1', metadata: page < last ? { continue: String(page + 1) } : {}, items });
    count(Buffer.byteLength(body), items.length);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
}

describe('a hostile cluster against a 512 MB function', () => {
  it('derives its caps from the memory: 32 MiB per answer, 20,480 events or 32 MiB per event list', () => {
    expect(budget).toEqual({ maxAnswerBytes: 32 * 1024 * 1024, events: { maxItems: 20_480, maxBytes: 32 * 1024 * 1024 } });
    // The command line's default stays generous; the smallest function still reads a real page of fat objects.
    expect(readBudget(128).maxAnswerBytes).toBe(16 * 1024 * 1024);
    expect(readBudget(32768).maxAnswerBytes).toBe(256 * 1024 * 1024);
  });

  it('an event list that never ends is read page by page up to its bound, then reported partial, never complete', async () => {
    const server = await eventPages(LAST_PAGE);
    try {
      const scan = await reader(server.url).routeEvents('kube-system');
      expect(scan.stopped).toMatchObject({ api: 'k8s:list events', code: 'ListTooLarge' });
      expect(scan.stopped?.message).toMatch(/^stopped after \d+ events in \d+ pages \(\d+ bytes\) of kube-system: the most this run reads is 20480 events or 33554432 bytes$/);
      // Only the route controller's events are kept: memory holds one page and them, whatever the namespace holds.
      expect(scan.events.map((e) => e.reason)).toEqual(['SyncRouteFailed']);
      // Paged as the API server pages: every request asks for `limit`, and each follows the previous continue token.
      expect(server.requests.map((u) => u.searchParams.get('limit'))).toEqual(server.requests.map(() => String(PAGE)));
      expect(server.requests.map((u) => u.searchParams.get('continue'))).toEqual(server.requests.map((_, i) => (i === 0 ? null : String(i + 1))));
      // Bytes and items served stop within one page of the bound: the reader read no further.
      const pageBytes = server.bytes / server.requests.length;
      expect(server.requests.length).toBeLessThan(LAST_PAGE);
      expect(server.bytes).toBeLessThanOrEqual(budget.events.maxBytes + 2 * pageBytes);
      expect(server.items).toBeLessThanOrEqual(budget.events.maxItems + PAGE);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a list that ends on the page that reaches the bound was read whole: complete', async () => {
    const last = Math.ceil(budget.events.maxItems / PAGE);
    const server = await eventPages(last);
    try {
      const scan = await reader(server.url).routeEvents('kube-system');
      expect(server.items).toBeGreaterThanOrEqual(budget.events.maxItems);
      expect(server.requests).toHaveLength(last);
      expect(scan.stopped).toBeUndefined();
      expect(scan.events.map((e) => e.reason)).toEqual(['SyncRouteFailed']);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('one answer that ignores limit and outgrows the cap is refused unread (ResponseTooLarge), never parsed', async () => {
    const chunk = Buffer.from(`${JSON.stringify(noise(1, 0))},`);
    const total = 4 * budget.maxAnswerBytes;
    const server = await serve((_url, res, count) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      // Streams with backpressure, as an API server writes a huge list: a reader that stops reading stops it.
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          count(chunk.length, 1);
          if (!res.write(sent === chunk.length ? Buffer.concat([Buffer.from('{"kind":"EventList","items":['), chunk]) : chunk)) return void res.once('drain', pump);
        }
        res.end('{}]}');
      };
      res.on('close', () => {
        sent = total + 1;
      });
      pump();
    });
    try {
      const err = await reader(server.url)
        .routeEvents('kube-system')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiCallError);
      expect((err as ApiCallError).failure).toMatchObject({ api: 'k8s:list events', code: 'ResponseTooLarge' });
      expect((err as ApiCallError).failure.message).toContain(`answer larger than ${budget.maxAnswerBytes} bytes`);
      // Not retried, and not drained: what the server got out is the cap plus what the sockets buffer.
      expect(server.requests).toHaveLength(1);
      expect(server.bytes).toBeLessThan(budget.maxAnswerBytes + 16 * 1024 * 1024);
    } finally {
      await server.close();
    }
  }, 60_000);
});
