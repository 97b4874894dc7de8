/** Reads the Alibaba Cloud account through pop-core: CS, VPC, ECS, RAM and ResourceManager, paged as each API pages. */
import type { CloudClients } from './cloud-clients';
import { ApiCallError, endpointHost, fromCloudError, isRetryableCloudCode, withHost } from './api-error';
import type { CallStats } from './call-stats';
import { CCM_ADDON, parseCcmAddon } from './ccm-addon';
import type {
  CcmAddon,
  ClusterInfo,
  ControlPolicyDoc,
  ControlPolicyLevel,
  InstanceInfo,
  PolicyVersionDoc,
  RamIdentity,
  ResourceDirectoryInfo,
  RouteEntryInfo,
  RouteTableInfo,
  ScopedPolicyDoc,
} from './inventory';
import { NONCE_HEADER, withHttpStatus } from './http-status';
import { readOf } from './read';
import { acceptReply, listAt, type Shape } from './reply';
import { withRetry, type RetryPolicy } from '../util/retry';
import { mapLimit } from '../util/concurrency';

export interface CloudCollectOptions {
  region: string;
  retry: RetryPolicy;
  /** DescribeRouteEntryList MaxResult (1–100). */
  routeEntryPageSize: number;
  /** DescribeInstances MaxResults (10–100). */
  instancePageSize: number;
  /** DescribeRouteTableList / DescribeInstanceRamRole PageSize (1–50). */
  listPageSize: number;
  /** TemporaryDurationMinutes of the kubeconfig fetched from CS. */
  kubeconfigMinutes: number;
  /**
   * GetResourceDirectory error codes that mean "this account is in no Resource Directory" (so no control policy
   * applies). Default: the one its API reference documents, 404 `ResourceDirectoryNotInUse`.
   */
  outsideResourceDirectoryCodes?: readonly string[];
}

/** GetResourceDirectory's documented answer for an account outside any Resource Directory. */
export const OUTSIDE_RESOURCE_DIRECTORY_CODES: readonly string[] = ['ResourceDirectoryNotInUse'];

type RpcProduct = 'vpc' | 'ecs' | 'ram' | 'resourcemanager';

type Json = Record<string, unknown>;

const POLICY_CONCURRENCY = 4;

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null ? (v as Json) : {};
}

function arr(v: unknown): Json[] {
  return Array.isArray(v) ? (v as Json[]) : [];
}

function text(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** Flannel or Terway from CS `meta_data` (`Capabilities.Network`, `Addons[]`), when it says. */
export function networkFromMetaData(metaData: unknown): { network?: string; source?: string } {
  let meta: Json;
  try {
    meta = typeof metaData === 'string' ? obj(JSON.parse(metaData)) : obj(metaData);
  } catch {
    return {};
  }
  const addons = arr(meta.Addons)
    .filter((a) => a.disabled !== true && a.disabled !== 'true')
    .map((a) => text(a.name).toLowerCase());
  if (addons.some((n) => n.startsWith('terway'))) return { network: 'terway', source: 'meta_data.Addons' };
  const capability = text(obj(meta.Capabilities).Network).toLowerCase();
  if (capability === 'flannel' || capability === 'terway') return { network: capability, source: 'meta_data.Capabilities.Network' };
  if (addons.some((n) => n === 'flannel' || n === 'kube-flannel-ds')) return { network: 'flannel', source: 'meta_data.Addons' };
  return {};
}

/** Reads the account: owns retries, paging, loop guards and call counting. */
export class CloudReader {
  constructor(
    private readonly clients: CloudClients,
    readonly stats: CallStats,
    private readonly options: CloudCollectOptions,
  ) {}

  /**
   * One attempt's timeout: the client's own, cut to the time left before the deadline, so a hung call cannot carry
   * the run past it (and past the function's timeout, with the alert still unsent).
   */
  private attemptTimeout(client: unknown): number {
    const own = (client as { opts?: { timeout?: unknown } }).opts?.timeout;
    // pop-core's default when the client names none (lib/rpc.js, lib/roa.js).
    const configured = typeof own === 'number' && own > 0 ? own : 3000;
    return Math.max(1, Math.min(configured, this.options.retry.deadline - Date.now()));
  }

  /** One RPC call, retried; its reply passes the one gate (status, JSON object, `shape`) before anything reads it. */
  private rpc(product: RpcProduct, action: string, params: Json, shape?: Shape): Promise<Json> {
    const api = `${product}:${action}`;
    // pop-core keeps the endpoint it was given; its typings leave it out.
    const host = endpointHost((this.clients[product] as unknown as { endpoint?: string }).endpoint);
    return withRetry(
      api,
      this.options.retry,
      (a, err) => withHost(fromCloudError(a, err), host),
      async () => {
        this.stats.count(api);
        const client = this.clients[product];
        const reply = await withHttpStatus((nonce) => client.request<unknown>(action, { ...params, SignatureNonce: nonce }, { timeout: this.attemptTimeout(client) }));
        return this.accept(api, reply, shape);
      },
    );
  }

  /** One CS (ROA) call, retried; an HTML or XML answer is a failure with the status the server sent, never `{}`. */
  private roa(action: string, path: string, query: Json, shape?: Shape): Promise<Json> {
    const api = `cs:${action}`;
    const host = endpointHost(this.clients.cs.endpoint);
    return withRetry(
      api,
      this.options.retry,
      (a, err) => withHost(fromCloudError(a, err), host),
      async () => {
        this.stats.count(api);
        const reply = await withHttpStatus((nonce) => this.clients.cs.get(path, query, { [NONCE_HEADER]: nonce }, { timeout: this.attemptTimeout(this.clients.cs) }));
        return this.accept(api, reply, shape);
      },
    );
  }

  /** The reply of one call, judged with its HTTP status; an error the client threw gets that status when it lacks one. */
  private accept(api: string, r: Awaited<ReturnType<typeof withHttpStatus<unknown>>>, shape?: Shape): Json {
    if (!('error' in r)) return acceptReply(api, r.status, r.value, shape);
    const err = fromCloudError(api, r.error);
    if (err.failure.httpStatus !== undefined || r.status === undefined || (r.status >= 200 && r.status < 300)) throw err;
    // An HTML error page fails JSON.parse (RPC) or an XML error lacks fields (ROA): the status is what is known.
    const raw = (r.error as { code?: unknown }).code;
    const code = typeof raw === 'string' && raw !== '' ? raw : `HTTP${r.status}`;
    throw new ApiCallError({ ...err.failure, code, httpStatus: r.status }, isRetryableCloudCode(code, r.status) || r.status === 429);
  }

  /** Follows NextToken until it is empty; a repeated token is an error, not an endless loop; fewer items than a stated TotalCount is incomplete. */
  private async byNextToken(product: RpcProduct, action: string, params: Json, list: string, onPage?: (rows: Json[]) => void): Promise<Json[]> {
    const out: Json[] = [];
    const seen = new Set<string>();
    let token = '';
    let page: Json;
    do {
      page = await this.rpc(product, action, token ? { ...params, NextToken: token } : params, { list });
      const rows = listAt(page, list);
      out.push(...rows);
      onPage?.(rows);
      token = text(page.NextToken);
      if (token && seen.has(token))
        throw new ApiCallError(
          { api: `${product}:${action}`, code: 'RepeatedNextToken', message: `the API returned NextToken ${JSON.stringify(token)} twice`, requestId: text(page.RequestId) },
          false,
        );
      seen.add(token);
    } while (token);
    const total = text(page.TotalCount) === '' ? Number.NaN : Number(text(page.TotalCount));
    if (Number.isFinite(total) && out.length < total) {
      throw new ApiCallError({ api: `${product}:${action}`, code: 'IncompletePaging', message: `the pages held ${out.length} of ${total} items`, requestId: text(page.RequestId) }, false);
    }
    return out;
  }

  /** Pages with PageNumber/PageSize until TotalCount items are read; stops on an empty page (never loops). */
  private async byPageNumber(product: RpcProduct, action: string, params: Json, list: string, totalCount: 'of all pages' | 'of this page' = 'of all pages'): Promise<Json[]> {
    const out: Json[] = [];
    const pageSize = this.options.listPageSize;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.rpc(product, action, { ...params, PageNumber: pageNumber, PageSize: pageSize }, { list });
      const got = listAt(page, list);
      out.push(...got);
      // Some APIs count only what they returned: a short page is the last one.
      if (totalCount === 'of this page') {
        if (got.length < pageSize) return out;
        continue;
      }
      // Without a usable TotalCount, a full page means there may be another.
      const total = text(page.TotalCount) === '' ? Number.NaN : Number(text(page.TotalCount));
      if (!Number.isFinite(total) && got.length === pageSize) continue;
      if (got.length === 0 || !Number.isFinite(total) || out.length >= total) {
        if (Number.isFinite(total) && out.length < total) {
          throw new ApiCallError(
            { api: `${product}:${action}`, code: 'IncompletePaging', message: `page ${pageNumber} was empty after ${out.length} of ${total} items`, requestId: text(page.RequestId) },
            false,
          );
        }
        return out;
      }
    }
  }

  /** DescribeClusterDetail, reduced to the inventory's ClusterInfo. */
  async cluster(clusterId: string): Promise<ClusterInfo> {
    const d = await this.roa('DescribeClusterDetail', `/clusters/${encodeURIComponent(clusterId)}`, {}, { string: 'cluster_id' });
    const net = networkFromMetaData(d.meta_data);
    return {
      clusterId: text(d.cluster_id) || clusterId,
      name: text(d.name),
      region: text(d.region_id) || this.options.region,
      vpcId: text(d.vpc_id),
      clusterType: text(d.cluster_type),
      // subnet_cidr is the deprecated name of the same pod CIDR (SDK model DescribeClusterDetailResponseBody).
      containerCidr: text(d.container_cidr) || text(d.subnet_cidr) || undefined,
      serviceCidr: text(d.service_cidr) || undefined,
      network: net.network,
      networkSource: net.source,
      currentVersion: text(d.current_version) || undefined,
    };
  }

  /** DescribeClusterAddonInstance for the CCM add-on of a managed cluster: its version and route table ids. */
  async ccmAddon(clusterId: string, routeTablesKey?: string): Promise<CcmAddon> {
    const path = `/clusters/${encodeURIComponent(clusterId)}/components/${encodeURIComponent(CCM_ADDON)}/instance`;
    return parseCcmAddon(await this.roa('DescribeClusterAddonInstance', path, {}, { string: 'version' }), routeTablesKey);
  }

  /** DescribeClusterUserKubeconfig: a short-lived kubeconfig for the cluster's API server. */
  async kubeconfig(clusterId: string, privateIp: boolean): Promise<string> {
    const d = await this.roa(
      'DescribeClusterUserKubeconfig',
      `/k8s/${encodeURIComponent(clusterId)}/user_config`,
      {
        PrivateIpAddress: String(privateIp),
        TemporaryDurationMinutes: this.options.kubeconfigMinutes,
      },
      { string: 'config' },
    );
    return text(d.config);
  }

  /** The VPC's route tables (DescribeRouteTableList, as the CCM v2 finds them). */
  async routeTables(vpcId: string): Promise<RouteTableInfo[]> {
    const rows = await this.byPageNumber('vpc', 'DescribeRouteTableList', { RegionId: this.options.region, VpcId: vpcId }, 'RouterTableList.RouterTableListType');
    // A table repeated across pages is one table: two ids would read as "several tables, none configured".
    const unique = [...new Map(rows.map((t) => [text(t.RouteTableId), t])).values()];
    return unique.map((t) => {
      const vSwitchIds = arr(obj(t.VSwitchIds).VSwitchId).map(text).filter(Boolean);
      return {
        routeTableId: text(t.RouteTableId),
        vpcId: text(t.VpcId),
        type: text(t.RouteTableType),
        status: text(t.Status) || undefined,
        resourceGroupId: text(t.ResourceGroupId) || undefined,
        ...(vSwitchIds.length ? { vSwitchIds } : {}),
      };
    });
  }

  /**
   * Every custom entry of one route table (DescribeRouteEntryList, NextToken paging). Each page's entries are mapped
   * as it arrives and handed to `onPage`, so work on them overlaps the wait for the next page.
   */
  async routeEntries(routeTableId: string, onPage?: (entries: RouteEntryInfo[]) => void): Promise<RouteEntryInfo[]> {
    const entries: RouteEntryInfo[] = [];
    await this.byNextToken(
      'vpc',
      'DescribeRouteEntryList',
      { RegionId: this.options.region, RouteTableId: routeTableId, RouteEntryType: 'Custom', MaxResult: this.options.routeEntryPageSize },
      'RouteEntrys.RouteEntry',
      (rows) => {
        const mapped = rows.map(
          (e): RouteEntryInfo => ({
            routeTableId: text(e.RouteTableId) || routeTableId,
            routeEntryId: text(e.RouteEntryId),
            destination: text(e.DestinationCidrBlock),
            type: text(e.Type),
            status: text(e.Status),
            nextHops: arr(obj(e.NextHops).NextHop).map((h) => ({ type: text(h.NextHopType), id: text(h.NextHopId) })),
          }),
        );
        entries.push(...mapped);
        onPage?.(mapped);
      },
    );
    // An entry repeated across pages (a table changing under the pager) is one entry.
    return [...new Map(entries.map((e) => [e.routeEntryId, e])).values()];
  }

  /**
   * The given instances of the VPC (DescribeInstances by `InstanceIds`, ≤100 a call). Batches are independent, so
   * they run concurrently, unlike NextToken pages; and the cost follows the cluster, not the VPC's other machines.
   */
  async instances(vpcId: string, instanceIds: string[], concurrency: number): Promise<InstanceInfo[]> {
    const batches: string[][] = [];
    for (let i = 0; i < instanceIds.length; i += 100) batches.push(instanceIds.slice(i, i + 100));
    const pages = await mapLimit(batches, concurrency, (ids) =>
      this.byNextToken('ecs', 'DescribeInstances', { RegionId: this.options.region, VpcId: vpcId, InstanceIds: JSON.stringify(ids), MaxResults: this.options.instancePageSize }, 'Instances.Instance'),
    );
    return pages.flat().map((i) => {
      const vpcAttrs = obj(i.VpcAttributes);
      return {
        instanceId: text(i.InstanceId),
        privateIps: arr(obj(vpcAttrs.PrivateIpAddress).IpAddress).map(text),
        status: text(i.Status),
        vpcId: text(vpcAttrs.VpcId) || undefined,
        ...(text(vpcAttrs.VSwitchId) ? { vSwitchId: text(vpcAttrs.VSwitchId) } : {}),
      };
    });
  }

  /** The RAM role of each instance (DescribeInstanceRamRole, ≤50 ids a call); null for an instance with none. */
  async instanceRoles(instanceIds: string[]): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = Object.fromEntries(instanceIds.map((id) => [id, null]));
    for (let i = 0; i < instanceIds.length; i += 50) {
      const ids = instanceIds.slice(i, i + 50);
      // TotalCount counts the instances returned, not all that match (terraform-provider-alicloud's instances data source relies on it).
      const rows = await this.byPageNumber(
        'ecs',
        'DescribeInstanceRamRole',
        { RegionId: this.options.region, InstanceIds: JSON.stringify(ids) },
        'InstanceRamRoleSets.InstanceRamRoleSet',
        'of this page',
      );
      for (const r of rows) if (text(r.RamRoleName)) out[text(r.InstanceId)] = text(r.RamRoleName);
    }
    return out;
  }

  /** A RAM role: its trust policy and the default version of every attached policy. */
  async ramRole(roleName: string): Promise<RamIdentity> {
    const role = obj((await this.rpc('ram', 'GetRole', { RoleName: roleName }, { object: 'Role' })).Role);
    const attached = listAt(await this.rpc('ram', 'ListPoliciesForRole', { RoleName: roleName }, { list: 'Policies.Policy' }), 'Policies.Policy');
    // A role may have hundreds of policies attached: a few GetPolicy calls at a time, never one socket each.
    const policies = await readOf('ram:GetPolicy', () => mapLimit(attached, POLICY_CONCURRENCY, (p) => this.defaultVersion(text(p.PolicyName), text(p.PolicyType))));
    return { kind: 'RamRole', name: roleName, arn: text(role.Arn) || undefined, trustPolicy: text(role.AssumeRolePolicyDocument) || undefined, policies };
  }

  /**
   * The policies attached to a role or user at resource-group scope (ResourceManager ListPolicyAttachments, paged).
   * The listing is filtered by principal type only and matched here by name, because the form of a role's
   * PrincipalName (`<name>` or `<name>@role.<uid>.onaliyunservice.com`) is not documented; rows whose
   * ResourceGroupId is the account id are account-scope attachments, which ListPoliciesForRole already gave.
   */
  async resourceGroupPolicies(kind: RamIdentity['kind'], name: string): Promise<ScopedPolicyDoc[]> {
    const rows = await this.byPageNumber('resourcemanager', 'ListPolicyAttachments', { PrincipalType: kind === 'RamRole' ? 'ServiceRole' : 'IMSUser' }, 'PolicyAttachments.PolicyAttachment');
    const lower = name.toLowerCase();
    const mine = rows.filter((r) => {
      const principal = text(r.PrincipalName).toLowerCase();
      return (principal === lower || principal.startsWith(`${lower}@`)) && !/^\d+$/.test(text(r.ResourceGroupId));
    });
    const keyOf = (r: Json) => `${text(r.PolicyType)}\u0000${text(r.PolicyName)}`;
    const unique = [...new Map(mine.map((r) => [keyOf(r), r])).values()];
    const read = await mapLimit(unique, POLICY_CONCURRENCY, (r) => this.defaultVersion(text(r.PolicyName), text(r.PolicyType)));
    const docs = new Map(unique.map((r, i) => [keyOf(r), read[i]]));
    return mine.map((r) => ({ ...docs.get(keyOf(r))!, resourceGroupId: text(r.ResourceGroupId) }));
  }

  /**
   * The Resource Directory over the account and the control policies from the account up to the root
   * (GetResourceDirectory, GetAccount, ListAncestors, ListControlPolicyAttachmentsForTarget, GetControlPolicy).
   * Control policies bind the RAM identities of member accounts only, and only while the feature is on.
   */
  async resourceDirectory(accountId: string | undefined): Promise<ResourceDirectoryInfo> {
    let rd: Json;
    try {
      rd = obj((await this.rpc('resourcemanager', 'GetResourceDirectory', {}, { object: 'ResourceDirectory' })).ResourceDirectory);
    } catch (err) {
      const outside = this.options.outsideResourceDirectoryCodes ?? OUTSIDE_RESOURCE_DIRECTORY_CODES;
      if (err instanceof ApiCallError && outside.includes(err.failure.code)) return { membership: 'none', levels: [] };
      throw err;
    }
    const base = { resourceDirectoryId: text(rd.ResourceDirectoryId) || undefined, controlPolicyStatus: text(rd.ControlPolicyStatus) || undefined };
    if (accountId !== undefined && text(rd.MasterAccountId) === accountId) return { membership: 'management', ...base, levels: [] };
    if (base.controlPolicyStatus === 'Disabled') return { membership: 'member', ...base, levels: [] };
    if (accountId === undefined) {
      throw new ApiCallError({ api: 'resourcemanager:GetAccount', code: 'AccountIdUnknown', message: 'the account id is unknown, so its place in the Resource Directory cannot be looked up' }, false);
    }
    const account = obj((await this.rpc('resourcemanager', 'GetAccount', { AccountId: accountId }, { object: 'Account' })).Account);
    const folderId = text(account.FolderId);
    const ancestors = folderId ? listAt(await this.rpc('resourcemanager', 'ListAncestors', { ChildId: folderId }, { list: 'Folders.Folder' }), 'Folders.Folder').map((f) => text(f.FolderId)) : [];
    const root = text(rd.RootFolderId);
    const folders = [...ancestors, folderId].filter((f) => f && f !== root);
    const targets: Omit<ControlPolicyLevel, 'policies'>[] = [
      { targetId: accountId, kind: 'account' },
      ...[...new Set(folders)].reverse().map((f) => ({ targetId: f, kind: 'folder' as const })),
      ...(root ? [{ targetId: root, kind: 'root' as const }] : []),
    ];
    const attachedTo = await mapLimit(targets, POLICY_CONCURRENCY, async (t) =>
      listAt(
        await this.rpc('resourcemanager', 'ListControlPolicyAttachmentsForTarget', { TargetId: t.targetId }, { list: 'ControlPolicyAttachments.ControlPolicyAttachment' }),
        'ControlPolicyAttachments.ControlPolicyAttachment',
      ).map((a) => text(a.PolicyId)),
    );
    const ids = [...new Set(attachedTo.flat())];
    const read = await mapLimit(ids, POLICY_CONCURRENCY, (id) => this.controlPolicy(id));
    const byId = new Map(ids.map((id, i) => [id, read[i]]));
    const levels = targets.map((t, i) => ({ ...t, policies: attachedTo[i].map((id) => byId.get(id)!) }));
    return { membership: 'member', ...base, levels };
  }

  private async controlPolicy(policyId: string): Promise<ControlPolicyDoc> {
    const p = obj((await this.rpc('resourcemanager', 'GetControlPolicy', { PolicyId: policyId }, { object: 'ControlPolicy' })).ControlPolicy);
    return { policyId, policyName: text(p.PolicyName), policyType: text(p.PolicyType), effectScope: text(p.EffectScope) || undefined, document: text(p.PolicyDocument) };
  }

  private async defaultVersion(policyName: string, policyType: string): Promise<PolicyVersionDoc> {
    const res = await this.rpc('ram', 'GetPolicy', { PolicyName: policyName, PolicyType: policyType }, { object: 'DefaultPolicyVersion' });
    const v = obj(res.DefaultPolicyVersion);
    const versionId = text(v.VersionId) || text(obj(res.Policy).DefaultVersion);
    const doc: PolicyVersionDoc = { policyName, policyType, versionId, document: text(v.PolicyDocument) };
    // A custom policy past v1 may have an earlier working version, which the fix can offer as a one-command
    // alternative. Best effort: without it the fix plan simply has no such alternative.
    if (policyType === 'Custom' && versionId !== 'v1') {
      try {
        const list = arr(obj((await this.rpc('ram', 'ListPolicyVersions', { PolicyName: policyName, PolicyType: policyType })).PolicyVersions).PolicyVersion);
        doc.versions = list.map((x) => ({ versionId: text(x.VersionId), document: text(x.PolicyDocument) }));
      } catch {
        // Not an unknown: the audit's verdicts do not depend on it.
      }
    }
    return doc;
  }
}
