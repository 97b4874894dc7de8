/**
 * The Alibaba Cloud OpenAPI simulator: one node:http server on 127.0.0.1 answering VPC, ECS and RAM (RPC,
 * by `Version`), Container Service (ROA, by path), Function Compute (by `/2016-08-15/`, `/2023-03-30/`) and OSS
 * (by its virtual-hosted `Host`), authenticating every request as the real services do and serving the
 * scenario's cloud records.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Scenario } from '../../scenario/schema';
import { simCredentials } from '../credentials';
import { FaultInjector, sleep } from '../faults';
import type { FcInvocation, SimContext, SimFunction } from './context';
import { FC_PREFIXES, serveFc } from './fc';
import { RequestIds } from './ids';
import { NonceCache } from './nonces';
import { ossHost, serveOss } from './oss';
import { OssBuckets } from './oss-buckets';
import { TokenPager } from './paging';
import { serveRoa } from './roa';
import { serveRpc } from './rpc';
import { Throttle } from './throttle';

export type { FcInvocation, SimFunction } from './context';
export { OssBuckets } from './oss-buckets';

export interface CloudSimulator {
  /** `http://127.0.0.1:PORT`: the endpoint of every product. */
  url: string;
  /** Requests per `product:Action` (`vpc:DescribeRouteEntryList`, `cs:DescribeClusterDetail`, `fc:InvokeFunction`), failed ones included. */
  calls: Record<string, number>;
  /** Requests refused by the scenario's `auditor.deniedActions`, per RAM action. */
  denials: Record<string, number>;
  fcInvocations: FcInvocation[];
  /** The scenario's `cloud` fault rules (they also apply to FC requests, after the `fc` rules). */
  faults: FaultInjector;
  /** The scenario's `fc` fault rules. */
  fcFaults: FaultInjector;
  /** The OSS buckets served (the `oss` option, or an empty set). */
  oss: OssBuckets;
  /** Stops the server and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

export interface CloudSimulatorOptions {
  /** Functions Function Compute runs for sync invocations; without them every name is accepted and answers nothing. */
  fcFunctions?: Readonly<Record<string, SimFunction>>;
  port?: number;
  /** The YAML DescribeClusterUserKubeconfig returns; by default a token kubeconfig for https://127.0.0.1:6443. */
  kubeconfig?: () => string;
  /** The server's clock, against which request timestamps are checked. */
  now?: () => Date;
  /** Added to every request; defaults to the scenario's `generate.latencyMs.cloud`. */
  latencyMs?: number;
  /** Per-API QPS budgets (`vpc:DescribeRouteEntryList: 20`); defaults to the scenario's `generate.qps`. */
  qps?: Record<string, number>;
  /**
   * OSS buckets to serve on `<bucket>.oss-<region>.aliyuncs.com:PORT` (clients reach it with a lookup pinned to
   * 127.0.0.1); pass the same object to successive simulators so that objects outlive one scenario.
   */
  oss?: OssBuckets;
}

// Large enough for any event an auditor sends, small enough that a runaway client cannot exhaust memory.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(undefined));
  });
}

async function dispatch(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const bytes = await readBody(req);
  if (bytes === undefined) return;
  if (ctx.latencyMs > 0) await sleep(ctx.latencyMs);
  const oss = ossHost(req.headers.host);
  if (oss) return serveOss(ctx, req, res, bytes, oss);
  const body = bytes.toString('utf8');
  const path = (req.url ?? '/').split('?')[0];
  if (FC_PREFIXES.some((p) => path.startsWith(p))) return serveFc(ctx, req, res, body);
  if (path === '/') return serveRpc(ctx, req, res, body);
  return serveRoa(ctx, req, res, body);
}

/** Starts a simulator serving the scenario's cloud account on 127.0.0.1. */
export async function startCloudSimulator(scenario: Scenario, options: CloudSimulatorOptions = {}): Promise<CloudSimulator> {
  const ctx: SimContext = {
    scenario,
    credentials: simCredentials(scenario),
    now: options.now ?? (() => new Date()),
    latencyMs: options.latencyMs ?? scenario.generate?.latencyMs?.cloud ?? 0,
    requestIds: new RequestIds(scenario.name ?? scenario.accountId),
    nonces: new NonceCache(),
    pager: new TokenPager(`${scenario.accountId}/${scenario.cluster.clusterId}`),
    throttle: new Throttle(options.qps ?? scenario.generate?.qps ?? {}),
    faults: new FaultInjector(scenario.faults, 'cloud'),
    fcFaults: new FaultInjector(scenario.faults, 'fc'),
    calls: {},
    denials: {},
    fcInvocations: [],
    fcAsyncTasks: new Set(),
    fcFunctions: options.fcFunctions,
    kubeconfig: options.kubeconfig,
    oss: options.oss ?? new OssBuckets(),
  };
  const server = createServer((req, res) => {
    dispatch(ctx, req, res).catch((err: unknown) => {
      // Every product answers its own errors; reaching here is a simulator bug, which must not kill the test run.
      process.emitWarning(`cloud simulator: ${String(err)}`);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: ctx.calls,
    denials: ctx.denials,
    fcInvocations: ctx.fcInvocations,
    faults: ctx.faults,
    fcFaults: ctx.fcFaults,
    oss: ctx.oss,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
