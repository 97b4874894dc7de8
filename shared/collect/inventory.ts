/**
 * The inventory: everything the checks read, collected once, JSON-serialisable, and honest about what could
 * not be read. Checks never see an SDK type, only these.
 */
import type { ApiFailure } from './api-error';

/** The outcome of reading one input: complete, partial (some pages or items failed) or failed. */
export type Read<T> =
  | { status: 'complete'; value: T }
  | { status: 'partial'; value: T; failures: ApiFailure[] }
  | { status: 'failed'; failures: ApiFailure[] }
  | { status: 'not_collected'; reason: string };

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  podCIDR?: string;
  podCIDRs: string[];
  providerID?: string;
  internalIPs: string[];
  conditions: Condition[];
  deletionTimestamp?: string;
}

export interface NamespaceInfo {
  name: string;
  phase?: string;
  deletionTimestamp?: string;
  finalizers: string[];
  conditions: Condition[];
}

export interface APIServiceInfo {
  name: string;
  group: string;
  version: string;
  service?: { namespace: string; name: string; port?: number };
  conditions: Condition[];
}

export interface ServiceInfo {
  namespace: string;
  name: string;
  clusterIP?: string;
  ports: { name?: string; port: number; targetPort?: number | string }[];
  selector?: Record<string, string>;
}

export interface EndpointAddress {
  ip: string;
  ready: boolean;
  nodeName?: string;
  targetPod?: string;
}

/** Backend addresses of one Service, from its EndpointSlices (or Endpoints on old clusters). */
export interface ServiceEndpoints {
  namespace: string;
  service: string;
  source: 'EndpointSlice' | 'Endpoints';
  addresses: EndpointAddress[];
  portNames: string[];
}

/** One container of a pod: what it runs with and how it is doing. Env values are never read: they may be keys. */
export interface ContainerInfo {
  name: string;
  image: string;
  /** `command` then `args`, as the pod spec gives them. */
  args: string[];
  /** Env var names, with where each value comes from (`value`, `empty`, `secret`, `configMap`, `field`, `resource`). */
  env: { name: string; from: string }[];
  /** `envFrom` sources (`secret/<name>`, `configMap/<name>`): they may set any variable. */
  envFrom: string[];
  mounts: { path: string; volume: string; subPath?: string }[];
  ready?: boolean;
  restartCount?: number;
  state?: 'running' | 'waiting' | 'terminated';
  /** Why it is waiting or terminated (`CrashLoopBackOff`, `Error`), and the last termination's reason. */
  stateReason?: string;
  lastTerminationReason?: string;
}

export interface PodInfo {
  namespace: string;
  name: string;
  nodeName?: string;
  podIP?: string;
  hostIP?: string;
  hostNetwork: boolean;
  phase?: string;
  labels: Record<string, string>;
  images: string[];
  /** The app containers (not init containers); absent where a collector did not read them. */
  containers?: ContainerInfo[];
  /** Volumes by name, with their source (`secret/<name>`, `configMap/<name>`, `hostPath/<path>`, or the type). */
  volumes?: { name: string; source: string }[];
}

export interface EventInfo {
  namespace: string;
  reason: string;
  type?: string;
  message: string;
  involvedKind?: string;
  involvedName?: string;
  count?: number;
  lastTimestamp?: string;
}

export interface WorkloadInfo {
  kind: 'DaemonSet' | 'Deployment';
  namespace: string;
  name: string;
  images: string[];
}

/** The live discovery answer for one aggregated group/version. */
export interface DiscoveryProbe {
  groupVersion: string;
  ok: boolean;
  httpStatus?: number;
  message?: string;
}

/** What CS says about the cluster (DescribeClusterDetail), reduced to what the checks use. */
export interface ClusterInfo {
  clusterId: string;
  name: string;
  region: string;
  vpcId: string;
  clusterType: string;
  containerCidr?: string;
  /** Where containerCidr came from; `nodes` means derived from the nodes' pod CIDRs, so possibly narrower than the real one. */
  containerCidrSource?: 'given' | 'cluster detail' | 'nodes';
  serviceCidr?: string;
  /** `flannel`, `terway`, or undefined when neither meta_data nor DaemonSets tell. */
  network?: string;
  networkSource?: string;
  currentVersion?: string;
}

export interface RouteTableInfo {
  routeTableId: string;
  vpcId: string;
  type: string;
  status?: string;
  /** The vSwitches associated with the table (DescribeRouteTableList `VSwitchIds`). */
  vSwitchIds?: string[];
  /** The table's resource group (DescribeRouteTableList `ResourceGroupId`); undefined when the API did not say. */
  resourceGroupId?: string;
}

export interface RouteEntryInfo {
  routeTableId: string;
  routeEntryId: string;
  destination: string;
  type: string;
  status: string;
  nextHops: { type: string; id: string }[];
}

export interface InstanceInfo {
  instanceId: string;
  privateIps: string[];
  status: string;
  vpcId?: string;
  /** `VpcAttributes.VSwitchId`: the vSwitch, hence the route table, the instance sends through. */
  vSwitchId?: string;
}

export interface PolicyVersionDoc {
  policyName: string;
  policyType: string;
  versionId: string;
  /** The document text exactly as the API returned it (a JSON string). */
  document: string;
  /** Every version of a custom policy (ListPolicyVersions), when it was read: the fix may offer an earlier one. */
  versions?: { versionId: string; document: string }[];
}

/** A policy attached to an identity at a resource group's scope: it applies only to resources in that group. */
export interface ScopedPolicyDoc extends PolicyVersionDoc {
  resourceGroupId: string;
}

/** A RAM identity and the default versions of its attached policies. */
export interface RamIdentity {
  kind: 'RamRole' | 'RamUser';
  name: string;
  /** `acs:ram::<uid>:role/<name>`: tells the account id when the run was not given one. */
  arn?: string;
  trustPolicy?: string;
  /** Attached at account scope (ListPoliciesForRole / ListPoliciesForUser). */
  policies: Read<PolicyVersionDoc[]>;
  /** Attached at resource-group scope (ResourceManager ListPolicyAttachments); absent where nobody looked. */
  resourceGroupPolicies?: Read<ScopedPolicyDoc[]>;
}

/** One control policy of the Resource Directory (GetControlPolicy), its document as the API returned it. */
export interface ControlPolicyDoc {
  policyId: string;
  policyName: string;
  policyType: string;
  /** `All` or `RAM`: both restrict RAM roles, which is what the route controller is. */
  effectScope?: string;
  document: string;
}

/** The control policies attached to one node of the Resource Directory between the account and the root. */
export interface ControlPolicyLevel {
  targetId: string;
  kind: 'root' | 'folder' | 'account';
  policies: ControlPolicyDoc[];
}

/** Whether the account is in a Resource Directory, and the control policies that bound its RAM identities. */
export interface ResourceDirectoryInfo {
  /** `none`: outside any directory (no control policies); `management`: control policies do not apply to it. */
  membership: 'none' | 'member' | 'management';
  resourceDirectoryId?: string;
  controlPolicyStatus?: string;
  /** From the account up to the root; each level must allow. Empty when control policies do not apply. */
  levels: ControlPolicyLevel[];
}

export interface CloudConfig {
  vpcId?: string;
  region?: string;
  routeTableIds: string[];
  /** Set when `routeTableIDs` had pieces that are not route table ids, or more ids than are read (route-table-ids.ts). */
  routeTableIdsRefused?: { invalid: { count: number; samples: string[] }; overCap: number };
  /** True when the ConfigMap carries an AccessKey: the CCM then acts as that key's RAM user. Never the key itself. */
  hasAccessKey: boolean;
  /** `uid` is set beside the AccessKey: CCM v2 then assumes a role in that account through servicetoken. */
  assumesRole?: boolean;
  /** How the text decoded: v2 reads YAML or JSON, v1.9.3.x JSON only. */
  format?: 'json' | 'yaml' | 'unreadable';
  /** What the CCM's decoder rejects (text that does not parse, a number where it expects a string). */
  problems?: string[];
}

/** The `cloud-controller-manager` add-on of a managed cluster (CS DescribeClusterAddonInstance). */
export interface CcmAddon {
  /** The add-on's version, which is the route controller's (`v2.12.4`). */
  version?: string;
  /** `active`, `unhealthy`, `upgrading`, ... as CS reports it. */
  state?: string;
  /** The config key the route table ids were read from (configurable: its name is not documented). */
  routeTablesKey: string;
  routeTableIds: string[];
  routeTableIdsRefused?: { invalid: { count: number; samples: string[] }; overCap: number };
  /** Why the config could not be read (not JSON, a number where a string belongs). */
  problems?: string[];
}

/** Identity the route controller uses, as the collector resolved it. */
export interface CcmIdentityPlan {
  kind: 'RamRole' | 'RamUser';
  name?: string;
  how: string;
  /** `inferred`: named from ACK's documentation (the managed cluster's default role), not read from the cluster. */
  basis?: 'observed' | 'inferred';
}

export interface Inventory {
  region: string;
  accountId?: string;
  cluster: Read<ClusterInfo>;
  nodes: Read<NodeInfo[]>;
  namespaces: Read<NamespaceInfo[]>;
  apiServices: Read<APIServiceInfo[]>;
  services: Read<ServiceInfo[]>;
  endpoints: Read<ServiceEndpoints[]>;
  pods: Read<PodInfo[]>;
  events: Read<EventInfo[]>;
  workloads: Read<WorkloadInfo[]>;
  cloudConfig: Read<CloudConfig | undefined>;
  /** Managed clusters only: the CCM add-on, where their route controller's settings live. */
  ccmAddon?: Read<CcmAddon>;
  discovery: Read<DiscoveryProbe[]>;
  /** The route tables the CCM uses (configured, or the VPC's). */
  vpcRouteTableIds: Read<string[]>;
  routeTables: Read<RouteTableInfo[]>;
  routeEntries: Read<RouteEntryInfo[]>;
  /** Tables in use whose entries could not be read: nothing may be judged missing from them. */
  unreadRouteTables: string[];
  instances: Read<InstanceInfo[]>;
  /** RAM role name by instance id, for the instances the CCM runs on. */
  instanceRoles: Read<Record<string, string | null>>;
  ramIdentities: Read<RamIdentity[]>;
  /** The Resource Directory's control policies over the account; absent where the collector did not look. */
  resourceDirectory?: Read<ResourceDirectoryInfo>;
  /** Quotas the account reports; unset where the auditor cannot read them (the check then uses its default). */
  quotas: { customRouteEntriesPerTable?: number };
  /** The identity the route controller uses, as the collector resolved it; undefined when it could not be. */
  ccmIdentity?: CcmIdentityPlan;
}

/** The value of a read when it has one (complete or partial). */
export function valueOf<T>(read: Read<T>): T | undefined {
  return read.status === 'complete' || read.status === 'partial' ? read.value : undefined;
}

/** The failures behind a read that is not complete. */
export function failuresOf(read: Read<unknown>): ApiFailure[] {
  return read.status === 'partial' || read.status === 'failed' ? read.failures : [];
}
