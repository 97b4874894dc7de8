/** A Kubernetes API server simulator over HTTPS on 127.0.0.1, serving one scenario's cluster to real clients. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Scenario } from '../../scenario/schema';
import { simCredentials } from '../credentials';
import { applyTransportFault, FaultInjector, sendBody, sleep } from '../faults';
import { faultReply } from './fault-reply';
import { KubeApi, type Reply } from './handler';
import { kubeconfigYaml } from './kubeconfig';
import { failure } from './status';
import { createTlsMaterial } from './tls';

export interface KubeSimulator {
  /** `https://127.0.0.1:PORT`. */
  url: string;
  /** The CA that signed the server certificate. */
  caPem: string;
  /** The bearer token the simulator accepts. */
  token: string;
  /** A kubeconfig (server, CA data, token, one current context) for client-node and kubectl. */
  kubeconfig(): string;
  /** Requests received, by `k8s:<verb> <resource>` or `k8s:<verb> <path>` (`k8s:list nodes`, `k8s:get /apis`). */
  calls: Record<string, number>;
  /** The scenario's `kubernetes` fault rules; `injected` counts what fired. */
  faults: FaultInjector;
  /** Requests refused by the scenario's RBAC rules, per call key. */
  denials: Record<string, number>;
  /** Serves the scenario's objects again after something (the simulated route controller) changed them. */
  reload(): void;
  /** Stops listening and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

export interface KubeSimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Added to every request; defaults to the scenario's `generate.latencyMs.kubernetes`. */
  latencyMs?: number;
  /** The clock that stamps missing `creationTimestamp`s. */
  now?: () => Date;
  /**
   * Serve under a path, as a cluster behind Rancher (`/k8s/clusters/c-abc`) or a path-routing proxy is: the
   * kubeconfig's server carries it, and a request without it is the proxy's 404.
   */
  pathPrefix?: string;
}

/**
 * Writes the status, headers and the first `truncateAt` bytes of the body, then resets the connection. The body is
 * chunked, as kube-apiserver streams list bodies: node-fetch 2.7 (client-node 1.4) reports a chunked body cut short
 * as "Premature close", whereas a body cut short of its Content-Length leaves it waiting forever.
 */
function sendTruncated(res: ServerResponse, status: number, headers: Record<string, string>, body: string, truncateAt: number): void {
  res.writeHead(status, headers);
  res.flushHeaders();
  res.write(Buffer.from(body, 'utf8').subarray(0, truncateAt), () => res.socket?.destroy());
}

function send(res: ServerResponse, reply: Reply, truncateAt?: number, raw?: { body: string; contentType?: string }): void {
  // A request whose client gave up (or that close() cut), or that was already answered, has nowhere to go.
  if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
  const headers = {
    'content-type': raw?.contentType ?? 'application/json',
    'cache-control': 'no-cache, private',
    'audit-id': randomUUID(),
    ...reply.headers,
  };
  const body = raw ? raw.body : JSON.stringify(reply.body);
  if (truncateAt !== undefined && truncateAt < Buffer.byteLength(body)) sendTruncated(res, reply.status, headers, body, truncateAt);
  else sendBody(res, reply.status, headers, body);
}

/** Starts a simulator for a scenario's cluster with a fresh CA; resolves once it listens. */
export async function startKubeSimulator(scenario: Scenario, options: KubeSimulatorOptions = {}): Promise<KubeSimulator> {
  const tls = await createTlsMaterial();
  const clock = options.now ?? (() => new Date());
  const api = new KubeApi(scenario, clock());
  const token = simCredentials(scenario).kubernetesToken;
  const latencyMs = options.latencyMs ?? scenario.generate?.latencyMs?.kubernetes ?? 0;
  const faults = new FaultInjector(scenario.faults, 'kubernetes');
  const calls: Record<string, number> = {};
  const sockets = new Set<Socket>();
  let address = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Only GET is served and no request body is read: drain it so the connection stays usable.
    req.resume();
    const prefix = options.pathPrefix ?? '';
    const raw = req.url ?? '/';
    if (prefix && !raw.startsWith(`${prefix}/`)) return send(res, { status: 404, body: failure(404, `the proxy serves only ${prefix}/`) });
    const request = api.classify(req.method ?? 'GET', raw.slice(prefix.length));
    calls[request.callKey] = (calls[request.callKey] ?? 0) + 1;
    if (latencyMs > 0) await sleep(latencyMs);
    const effect = faults.pick({ method: request.method, path: request.path, page: request.page });
    if (await applyTransportFault(effect, req)) return;
    // A fault with a body answers exactly that (a list without `items`, a duplicated object), authorised or not.
    if (effect?.body !== undefined) return send(res, { status: effect.status ?? 200, body: undefined }, effect.truncateAt, { body: effect.body, contentType: effect.contentType });
    const reply = faultReply(effect) ?? api.authorize(request, req.headers.authorization) ?? api.serve(request, address);
    send(res, reply, effect?.truncateAt);
  };

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { status: 500, body: failure(500, `Internal error occurred: ${String(err)}`) }));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  address = `127.0.0.1:${port}`;
  const url = `https://${address}${options.pathPrefix ?? ''}`;

  return {
    url,
    caPem: tls.caPem,
    token,
    kubeconfig: () => kubeconfigYaml({ server: url, caPem: tls.caPem, token, clusterName: scenario.cluster.name }),
    calls,
    faults,
    denials: api.denials,
    reload: () => api.load(clock()),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
