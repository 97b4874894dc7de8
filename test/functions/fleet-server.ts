/**
 * A Container Service `DescribeClustersV1` endpoint serving a generated fleet (the cloud simulator knows only its
 * scenario's one cluster). It checks requests as strictly as the simulator: the ROA signature (the simulator's own
 * code), the API version, the STS token, page_size ≤ 100; it answers errors in the CS format.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { headerValue } from '../../shared/sim/cloud/headers';
import { parseForm } from '../../shared/sim/cloud/query';
import { roaSign, roaStringToSign } from '../../shared/sim/cloud/roa-signature';

export interface FleetClusterRecord {
  cluster_id: string;
  name: string;
  region_id: string;
  cluster_type: string;
  state: string;
  tags: { key: string; value: string }[];
}

export interface FleetServerOptions {
  clusters: FleetClusterRecord[];
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Regions whose listing answers 403 Forbidden.RAM. */
  deniedRegions?: string[];
}

export interface ListRequest {
  query: Record<string, string>;
  status: number;
}

export interface FleetServer {
  url: string;
  requests: ListRequest[];
  close(): Promise<void>;
}

/** `n` clusters spread over `regions`: every tenth is `Ask` (serverless), every third carries team=payments. */
export function generateFleet(n: number, regions: string[]): FleetClusterRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    cluster_id: `c${i.toString(16).padStart(6, '0')}f1ee7a11c1u57e7`,
    name: `fleet-${i}`,
    region_id: regions[i % regions.length],
    cluster_type: i % 10 === 9 ? 'Ask' : i % 2 === 0 ? 'ManagedKubernetes' : 'Kubernetes',
    state: 'running',
    tags: i % 3 === 0 ? [{ key: 'team', value: 'payments' }] : [{ key: 'team', value: 'search' }],
  }));
}

/** Starts the endpoint on 127.0.0.1. */
export async function startFleetServer(o: FleetServerOptions): Promise<FleetServer> {
  const requests: ListRequest[] = [];
  const server = createServer((req, res) => {
    const [path, raw = ''] = (req.url ?? '/').split('?');
    const query = parseForm(raw);
    const answer = (status: number, body: unknown) => {
      requests.push({ query: Object.fromEntries(query), status });
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': `req-${requests.length}` }).end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string) => answer(status, { Code: code, Message: message, RequestId: `req-${requests.length + 1}` });
    if (req.method !== 'GET' || path !== '/api/v1/clusters') return error(404, 'InvalidAction.NotFound', 'Specified api is not found');
    if (headerValue(req.headers, 'x-acs-version') !== '2015-12-15') return error(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const auth = /^acs ([^:\s]+):(\S+)$/.exec(headerValue(req.headers, 'authorization'));
    if (!auth || auth[1] !== o.accessKeyId) return error(400, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (roaSign(roaStringToSign('GET', path, query, req.headers), o.accessKeySecret) !== auth[2]) return error(400, 'SignatureDoesNotMatch', 'signature mismatch');
    if ((headerValue(req.headers, 'x-acs-security-token') || undefined) !== o.securityToken) return error(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.');
    const region = query.get('region_id') ?? '';
    if (o.deniedRegions?.includes(region)) return error(403, 'Forbidden.RAM', 'User not authorized to operate on the specified resource.');
    const pageNumber = Number(query.get('page_number') ?? '1');
    const pageSize = Number(query.get('page_size') ?? '10');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return error(400, 'InvalidParameter', 'page_size');
    const type = query.get('cluster_type');
    const matches = o.clusters.filter((c) => (!region || c.region_id === region) && (!type || c.cluster_type === type));
    answer(200, { clusters: matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize), page_info: { page_number: pageNumber, page_size: pageSize, total_count: matches.length } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
