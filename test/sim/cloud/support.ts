/** Shared by the cloud simulator tests: scenarios, real clients pointed at the simulator, and error capture. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import RPCClient = require('@alicloud/pop-core');
import ROAClient = require('@alicloud/pop-core/lib/roa');
import FC = require('@alicloud/fc2');
import { loadScenario } from '../../../shared/scenario/load';
import type { Scenario } from '../../../shared/scenario/schema';
import { simCredentials } from '../../../shared/sim/credentials';

export const VERSION = { vpc: '2016-04-28', ecs: '2014-05-26', ram: '2015-05-01', resourcemanager: '2020-03-31', cs: '2015-12-15' } as const;

/** The built-in incident scenario, freshly loaded (tests may change their copy). */
export function seedScenario(): Scenario {
  return loadScenario(join(__dirname, '../../../scenarios/seed-incident.yaml'));
}

/** The seed's route table. */
export const TABLE = 'vtb-bp1q3w5e7r9t1y3u5i7o';

/** Adds `n` custom routes (`10.<i>.0.0/24` via `i-bulk<i>`) to the seed's route table. */
export function withBulkRoutes(scenario: Scenario, n: number): Scenario {
  for (let i = 0; i < n; i++) {
    scenario.cloud.routeEntries.push({
      RouteTableId: TABLE,
      RouteEntryId: `rte-bulk${String(i).padStart(4, '0')}`,
      DestinationCidrBlock: `10.${Math.floor(i / 256)}.${i % 256}.0/24`,
      Type: 'Custom',
      Status: 'Available',
      NextHops: [{ NextHopType: 'Instance', NextHopId: `i-bulk${i}` }],
    });
  }
  return scenario;
}

interface Keys {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

function keys(scenario: Scenario, override: Keys): Required<Pick<Keys, 'accessKeyId' | 'accessKeySecret'>> & Keys {
  const c = simCredentials(scenario);
  return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken, ...override };
}

// pop-core's bundled typings omit the constructor's `verbose` flag (requests then resolve to [body, entry]).
const VerboseRPCClient = RPCClient as unknown as new (config: RPCClient.Config, verbose: boolean) => RPCClient;

/** A pop-core RPC client for one product, with the scenario's credentials unless overridden. */
export function rpcClient(url: string, scenario: Scenario, product: 'vpc' | 'ecs' | 'ram' | 'resourcemanager', override: Keys = {}, verbose = false): RPCClient {
  return new VerboseRPCClient({ endpoint: url, apiVersion: VERSION[product], ...keys(scenario, override) }, verbose);
}

/** A pop-core ROA client for Container Service. */
export function csClient(url: string, scenario: Scenario, override: Keys = {}): ROAClient {
  return new ROAClient({ endpoint: url, apiVersion: VERSION.cs, ...keys(scenario, override) });
}

/** An fc2 client (STS keys must start with `STS` for fc2 to send the token). */
export function fcClient(url: string, scenario: Scenario, override: Keys = {}): FC {
  const k = keys(scenario, override);
  return new FC(scenario.accountId, { accessKeyID: k.accessKeyId, accessKeySecret: k.accessKeySecret, securityToken: k.securityToken, region: scenario.region, endpoint: url, timeout: 5000 });
}

/** What pop-core's RPCClient throws for an error body. */
export interface PopError {
  name: string;
  message: string;
  code: string;
  data: Record<string, unknown>;
  url: string;
  entry: { response: { statusCode: number; headers: Record<string, string> } };
}

/** What pop-core's ROAClient throws for a status >= 400. */
export interface RoaError {
  name: string;
  message: string;
  code: string;
  statusCode: number;
  result: Record<string, unknown>;
}

/** What fc2 throws for a status outside 2xx. */
export interface FcError {
  name: string;
  message: string;
  code: string;
}

/** The rejection of a call that must fail. */
export async function failure<E>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (err) {
    return err as E;
  }
  throw new Error('expected the call to fail');
}

/** One raw HTTP exchange. */
export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends a request with node's http, as a replaying attacker would. */
export function send(url: string, method = 'GET', headers: IncomingHttpHeaders = {}, body = ''): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request as a client sent it. */
export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the simulator answered, byte for byte, once it has. */
  response?: Exchange;
}

/** A pass-through proxy that records what a real client sends and what it got, so that a test can replay or decode it. */
export async function startRecorder(target: string): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: Recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      requests.push(recorded);
      send(`${target}${recorded.path}`, recorded.method, recorded.headers, body).then(
        (x) => {
          recorded.response = x;
          res.writeHead(x.status, x.headers);
          res.end(x.body);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
