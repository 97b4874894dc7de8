/**
 * The parts of the world a fix writes to, read through pop-core: a policy's default version and document, a
 * role's attachments, a route table's entries. Used to refuse a fix when the world changed since the audit and to
 * re-read each step after it ran.
 */
import { createHash } from 'node:crypto';
import type { RouteEntryInfo } from '../collect/inventory';

/** What `--apply` needs of an RPC client: pop-core's `request`. */
export interface RpcLike {
  request(action: string, params: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown>;
}

export interface FixClients {
  ram: RpcLike;
  vpc: RpcLike;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** A table's entries as one hash: any added, removed or changed entry changes it. */
export function tableFingerprint(entries: readonly Pick<RouteEntryInfo, 'routeEntryId' | 'destination' | 'status' | 'nextHops'>[]): string {
  const lines = entries.map((e) => `${e.routeEntryId}|${e.destination}|${e.status}|${e.nextHops.map((h) => `${h.type}:${h.id}`).join(',')}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** Every custom entry of a route table (DescribeRouteEntryList, all pages), as the audit reads them. */
export async function readTable(clients: FixClients, region: string, routeTableId: string): Promise<RouteEntryInfo[]> {
  const out: RouteEntryInfo[] = [];
  let token = '';
  do {
    const page = obj(
      await clients.vpc.request('DescribeRouteEntryList', { RegionId: region, RouteTableId: routeTableId, RouteEntryType: 'Custom', MaxResult: 100, ...(token ? { NextToken: token } : {}) }),
    );
    for (const e of arr(obj(page.RouteEntrys).RouteEntry)) {
      out.push({
        routeTableId,
        routeEntryId: text(e.RouteEntryId),
        destination: text(e.DestinationCidrBlock),
        type: text(e.Type),
        status: text(e.Status),
        nextHops: arr(obj(e.NextHops).NextHop).map((h) => ({ type: text(h.NextHopType), id: text(h.NextHopId) })),
      });
    }
    token = text(page.NextToken);
  } while (token);
  return out;
}

/** A custom policy's default version id and document text (GetPolicy). */
export async function readPolicy(clients: FixClients, policyName: string, policyType = 'Custom'): Promise<{ versionId: string; document: string }> {
  const res = obj(await clients.ram.request('GetPolicy', { PolicyName: policyName, PolicyType: policyType }));
  const v = obj(res.DefaultPolicyVersion);
  return { versionId: text(v.VersionId) || text(obj(res.Policy).DefaultVersion), document: text(v.PolicyDocument) };
}

/** Whether a policy is attached to a role (ListPoliciesForRole). */
export async function isAttached(clients: FixClients, roleName: string, policyName: string, policyType: string): Promise<boolean> {
  const res = obj(await clients.ram.request('ListPoliciesForRole', { RoleName: roleName }));
  return arr(obj(res.Policies).Policy).some((p) => text(p.PolicyName) === policyName && text(p.PolicyType) === policyType);
}
