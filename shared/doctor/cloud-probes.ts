/**
 * The cloud half of `ack-drift doctor`: one minimal call per API the audit needs, with the auditor's own credentials.
 * An answer that only says "not found" still proves the API answers and the identity may call it.
 */
import type { ApiCallError } from '../collect/api-error';
import { fromCloudError } from '../collect/api-error';
import type { CloudClients } from '../collect/cloud-clients';
import { withRetry, type RetryPolicy } from '../util/retry';
import { CCM_ADDON } from '../collect/ccm-addon';
import { CS_SERVICE, trustAllowsService, trustRestoreCommand } from '../ram/trust';
import { CREDENTIALS_FIX, ramReadFix } from './fixes';
import type { DoctorItem } from './item';

type Json = Record<string, unknown>;

const CREDENTIAL_CODES = /^(InvalidAccessKeyId|SignatureDoesNotMatch|InvalidSecurityToken|IncompleteSignature|InvalidAccessKeySecret)/;
const DENIED_CODES = /^(Forbidden|NoPermission|AccessDenied|StatusForbidden|ErrorRamPolicy)/;
const NOT_FOUND_CODES = /NotFound|NotExist|NotExists/;

/** Classifies a failed probe: whose fault it is decides the fix. */
function failedItem(id: string, err: ApiCallError): DoctorItem {
  const { code, message, requestId, httpStatus } = err.failure;
  const detail = `${code}: ${message}${requestId ? ` (request id ${requestId})` : ''}`;
  if (CREDENTIAL_CODES.test(code)) return { id, status: 'fail', detail, fix: CREDENTIALS_FIX };
  if (DENIED_CODES.test(code) || httpStatus === 403) return { id, status: 'fail', detail, fix: ramReadFix(id) };
  return { id, status: 'fail', detail, fix: 'the API did not answer: check network access to its endpoint, then run doctor again' };
}

export interface CloudProbeOptions {
  region: string;
  clusterId?: string;
  /** Ask CS for the API server's internal endpoint (runs inside the VPC). */
  privateApiServer?: boolean;
  retry: RetryPolicy;
  /** The role a managed cluster's control-plane CCM acts with (default: ACK's AliyunCSManagedKubernetesRole). */
  managedCcmRole?: string;
}

/** What the cloud probes learnt on the way, for the Kubernetes probes. */
export interface CloudProbeResult {
  items: DoctorItem[];
  kubeconfig?: string;
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

/** Runs the probes in dependency order: the cluster gives the VPC, the VPC its route tables. */
export async function probeCloud(clients: CloudClients, o: CloudProbeOptions): Promise<CloudProbeResult> {
  const items: DoctorItem[] = [];
  async function probe<T>(id: string, call: () => Promise<T>, ok: (v: T) => string, notFoundIsOk = false): Promise<T | undefined> {
    try {
      const v = await withRetry(id, o.retry, fromCloudError, call);
      items.push({ id, status: 'ok', detail: ok(v) });
      return v;
    } catch (raw) {
      const err = fromCloudError(id, raw);
      if (notFoundIsOk && NOT_FOUND_CODES.test(err.failure.code)) {
        items.push({ id, status: 'ok', detail: `answers and allows the call (${err.failure.code})` });
        return undefined;
      }
      items.push(failedItem(id, err));
      return undefined;
    }
  }
  const rpc = (product: 'vpc' | 'ecs' | 'ram' | 'resourcemanager', action: string, params: Json) => () => clients[product].request(action, params, { method: 'POST' }) as Promise<Json>;
  let vpcId: string | undefined;
  let kubeconfig: string | undefined;
  let managed = false;
  if (o.clusterId) {
    const path = `/clusters/${encodeURIComponent(o.clusterId)}`;
    const detail = await probe(
      'cs:DescribeClusterDetail',
      () => clients.cs.get(path, {}) as Promise<Json>,
      (d) => `cluster ${String(d.name ?? o.clusterId)} (${String(d.cluster_type ?? '?')}, VPC ${String(d.vpc_id ?? '?')})`,
    );
    vpcId = detail && typeof detail.vpc_id === 'string' ? detail.vpc_id : undefined;
    managed = detail?.cluster_type === 'ManagedKubernetes';
    if (managed) {
      // The managed route controller's settings: what the audit reads its version and route tables from.
      await probe(
        'cs:DescribeClusterAddonInstance',
        () => clients.cs.get(`${path}/components/${CCM_ADDON}/instance`, {}) as Promise<Json>,
        (a) => `${CCM_ADDON} ${String(a.version ?? '?')} (${String(a.state ?? '?')})`,
        true,
      );
    }
    const kc = await probe(
      'cs:DescribeClusterUserKubeconfig',
      () => clients.cs.get(`/k8s/${encodeURIComponent(o.clusterId!)}/user_config`, { PrivateIpAddress: String(o.privateApiServer ?? false), TemporaryDurationMinutes: 15 }) as Promise<Json>,
      () => 'a kubeconfig is issued (valid 15 minutes)',
    );
    kubeconfig = kc && typeof kc.config === 'string' ? kc.config : undefined;
  } else {
    items.push({ id: 'cs:DescribeClusterDetail', status: 'skip', detail: 'no cluster id given (--cluster-id)' });
  }
  let tableId: string | undefined;
  let instanceIds: string[] = [];
  if (vpcId) {
    const tables = await probe('vpc:DescribeRouteTableList', rpc('vpc', 'DescribeRouteTableList', { RegionId: o.region, VpcId: vpcId, PageSize: 10 }), (p) => {
      const rows = arr(obj(p.RouterTableList).RouterTableListType);
      return `${rows.length} route table(s) in ${vpcId}`;
    });
    tableId = tables ? String(arr(obj(tables.RouterTableList).RouterTableListType)[0]?.RouteTableId ?? '') || undefined : undefined;
    const instances = await probe(
      'ecs:DescribeInstances',
      rpc('ecs', 'DescribeInstances', { RegionId: o.region, VpcId: vpcId, MaxResults: 10 }),
      (p) => `answers (${String(p.TotalCount ?? arr(obj(p.Instances).Instance).length)} instance(s) in the VPC)`,
    );
    instanceIds = arr(obj(instances?.Instances).Instance)
      .map((i) => String(i.InstanceId ?? ''))
      .filter(Boolean)
      .slice(0, 10);
  }
  if (tableId) {
    await probe('vpc:DescribeRouteEntryList', rpc('vpc', 'DescribeRouteEntryList', { RegionId: o.region, RouteTableId: tableId, MaxResult: 10 }), () => `reads route table ${tableId}`);
  }
  if (instanceIds.length > 0) {
    await probe(
      'ecs:DescribeInstanceRamRole',
      rpc('ecs', 'DescribeInstanceRamRole', { RegionId: o.region, InstanceIds: JSON.stringify(instanceIds), PageSize: 10 }),
      () => `answers for ${instanceIds.length} instance(s)`,
    );
  } else {
    items.push({ id: 'ecs:DescribeInstanceRamRole', status: 'skip', detail: 'no instance in the VPC to ask about' });
  }
  // Every ACK account has this role; reading it proves the RAM reads the route controller's identity needs.
  const role = await probe('ram:GetRole', rpc('ram', 'GetRole', { RoleName: 'AliyunCSManagedKubernetesRole' }), () => 'answers', true);
  if (managed) items.push(managedRoleItem(o.managedCcmRole ?? 'AliyunCSManagedKubernetesRole', o.managedCcmRole ? await roleOf(o.managedCcmRole) : role));
  await probe('ram:ListPoliciesForRole', rpc('ram', 'ListPoliciesForRole', { RoleName: 'AliyunCSManagedKubernetesRole' }), () => 'answers', true);
  await probe('ram:GetPolicy', rpc('ram', 'GetPolicy', { PolicyName: 'AliyunCSManagedKubernetesRolePolicy', PolicyType: 'System' }), () => 'answers', true);
  // Without these two reads RAM is judged on identity policies only (resource-group scope, control policies).
  await probe('resourcemanager:ListPolicyAttachments', rpc('resourcemanager', 'ListPolicyAttachments', { PrincipalType: 'ServiceRole', PageSize: 1 }), () => 'answers');
  await probe(
    'resourcemanager:GetResourceDirectory',
    // Its documented answer outside any directory: the account then has no control policies.
    () => rpc('resourcemanager', 'GetResourceDirectory', {})().catch((err: { code?: unknown }) => (err.code === 'ResourceDirectoryNotInUse' ? { outside: true } : Promise.reject(err))),
    (d: Json) => (d.outside ? 'answers: the account is in no Resource Directory' : `answers: in Resource Directory ${String(obj(d.ResourceDirectory).ResourceDirectoryId ?? '?')}`),
  );
  return { items, kubeconfig };

  /** GetRole for a role other than the default, for the managed-role item; undefined when it does not exist. */
  async function roleOf(name: string): Promise<Json | undefined> {
    try {
      return await withRetry('ram:GetRole', o.retry, fromCloudError, rpc('ram', 'GetRole', { RoleName: name }));
    } catch {
      return undefined;
    }
  }
}

/**
 * The managed cluster's CCM role: it must exist and trust cs.aliyuncs.com, or the control plane's route controller
 * has no identity. `role` is GetRole's answer, undefined when the role does not exist (or could not be read, which
 * the ram:GetRole item already reports).
 */
function managedRoleItem(name: string, role: Json | undefined): DoctorItem {
  const id = `ram:role ${name}`;
  const document = obj(role?.Role).AssumeRolePolicyDocument;
  if (!role || typeof document !== 'string') {
    return {
      id,
      status: 'fail',
      detail: `role ${name}, which a managed cluster's route controller acts with, does not exist or could not be read`,
      fix: `authorise ACK's default roles for the account in the Container Service console ("Cloud resource access authorization"), which creates ${name} trusting cs.aliyuncs.com`,
    };
  }
  const verdict = trustAllowsService(document, CS_SERVICE);
  if (verdict === 'allow') return { id, status: 'ok', detail: `exists and trusts ${CS_SERVICE}` };
  return {
    id,
    status: 'fail',
    detail: `the trust policy of ${name} does not let ${CS_SERVICE} assume it (${verdict})`,
    fix: trustRestoreCommand(name, CS_SERVICE),
  };
}
