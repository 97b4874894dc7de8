/**
 * The scenario format `ack-drift/v1` (docs/scenarios.md, generated from this file) as one TypeBox schema: the static types the
 * simulators use and the JSON Schema ajv validates files against come from the same source.
 */
import { Type, type Static } from '@sinclair/typebox';

const open = { additionalProperties: true } as const;
const closed = { additionalProperties: false } as const;

/** A string that must be one of `values`: one `enum` keyword, so a bad value gets one clear message. */
function OneOf<T extends string>(values: readonly T[]) {
  return Type.Unsafe<T>({ type: 'string', enum: values });
}

/** A list of strings. */
const StringList = Type.Array(Type.String());

const Cidr = Type.String({ format: 'cidr' });

const ObjectMeta = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    namespace: Type.Optional(Type.String({ minLength: 1 })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
    deletionTimestamp: Type.Optional(Type.String({ format: 'date-time' })),
    creationTimestamp: Type.Optional(Type.String({ format: 'date-time' })),
    finalizers: Type.Optional(StringList),
  },
  open,
);

/** Any Kubernetes object as the API server returns it; unknown fields are kept and served. */
export const KubeObject = Type.Object(
  { apiVersion: Type.String({ minLength: 1 }), kind: Type.String({ minLength: 1 }), metadata: ObjectMeta },
  {
    ...open,
    // Node pod CIDRs are what the route check reads: reject a value that is not a CIDR at load time.
    if: Type.Object({ kind: Type.Literal('Node') }),
    then: Type.Object(
      {
        spec: Type.Optional(Type.Object({ podCIDR: Type.Optional(Cidr), podCIDRs: Type.Optional(Type.Array(Cidr)), providerID: Type.Optional(Type.String()) }, open)),
      },
      open,
    ),
  },
);
// Objects carry every field the API server returns; the schema pins only what the simulators and checks rely on.
export type KubeObject = Static<typeof KubeObject> & Record<string, unknown>;

/**
 * An add-on instance as Container Service reports it (DescribeClusterAddonInstance). On a managed cluster the
 * `cloud-controller-manager` add-on holds the route controller's version and settings (its `config`, a JSON
 * object or the JSON string CS answers with, may carry `routeTableIDs`).
 */
const AddonInstance = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    version: Type.String(),
    state: Type.Optional(OneOf(['initial', 'active', 'unhealthy', 'upgrading', 'updating', 'deleting', 'deleted'] as const)),
    config: Type.Optional(Type.Union([Type.Object({}, open), Type.String()])),
  },
  closed,
);

const DiscoveryOverride = Type.Object({ status: Type.Integer({ minimum: 100, maximum: 599 }), message: Type.Optional(Type.String()) }, closed);

export const ClusterSpec = Type.Object(
  {
    clusterId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    clusterType: OneOf(['Kubernetes', 'ManagedKubernetes'] as const),
    network: OneOf(['flannel', 'terway'] as const),
    vpcId: Type.String({ minLength: 1 }),
    containerCidr: Type.Optional(Cidr),
    /** The DescribeClusterDetail field that carries containerCidr: `container_cidr`, or only the deprecated `subnet_cidr`. */
    containerCidrField: Type.Optional(OneOf(['container_cidr', 'subnet_cidr'] as const)),
    serviceCidr: Type.Optional(Cidr),
    version: Type.Optional(Type.String()),
    objects: Type.Array(KubeObject, { default: [] }),
    discovery: Type.Optional(Type.Record(Type.String({ pattern: '^[^/]*/[^/]+$' }), DiscoveryOverride)),
    addons: Type.Optional(Type.Array(AddonInstance)),
  },
  closed,
);
export type ClusterSpec = Static<typeof ClusterSpec>;

const NextHop = Type.Object({ NextHopType: Type.String(), NextHopId: Type.String() }, open);

export const Vpc = Type.Object(
  {
    VpcId: Type.String({ minLength: 1 }),
    CidrBlock: Cidr,
    VRouterId: Type.String(),
    RouterTableIds: StringList,
    VSwitchIds: Type.Optional(StringList),
    Status: Type.Optional(Type.String()),
    VpcName: Type.Optional(Type.String()),
  },
  open,
);
export const VSwitch = Type.Object({ VSwitchId: Type.String(), VpcId: Type.String(), ZoneId: Type.String(), CidrBlock: Cidr, RouteTableId: Type.Optional(Type.String()) }, open);
export const RouteTable = Type.Object(
  {
    RouteTableId: Type.String({ minLength: 1 }),
    VpcId: Type.String(),
    RouteTableType: OneOf(['System', 'Custom'] as const),
    RouterId: Type.String(),
    RouterType: Type.Optional(Type.String()),
    Status: Type.Optional(Type.String()),
    VSwitchIds: Type.Optional(StringList),
    /** The table's resource group (DescribeRouteTableList `ResourceGroupId`): policies attached at that group's scope apply to it. */
    ResourceGroupId: Type.Optional(Type.String({ minLength: 1 })),
  },
  open,
);
export const RouteEntry = Type.Object(
  {
    RouteTableId: Type.String({ minLength: 1 }),
    RouteEntryId: Type.String({ minLength: 1 }),
    DestinationCidrBlock: Type.String({ minLength: 1 }),
    Type: Type.String(),
    Status: Type.String(),
    IpVersion: Type.Optional(Type.String()),
    NextHops: Type.Array(NextHop),
  },
  open,
);
export const Instance = Type.Object(
  {
    InstanceId: Type.String({ minLength: 1 }),
    VpcId: Type.String(),
    PrivateIpAddress: Type.String({ format: 'ip' }),
    Status: Type.String(),
    ZoneId: Type.String(),
    RamRoleName: Type.Optional(Type.String()),
  },
  open,
);
const PolicyDocument = Type.Union([Type.Object({}, open), Type.String()]);
export const RamRole = Type.Object(
  {
    RoleName: Type.String({ minLength: 1 }),
    AssumeRolePolicyDocument: PolicyDocument,
    AttachedPolicies: Type.Array(Type.Object({ PolicyName: Type.String(), PolicyType: OneOf(['System', 'Custom'] as const) }, open)),
  },
  open,
);
export const RamPolicy = Type.Object(
  {
    PolicyName: Type.String({ minLength: 1 }),
    PolicyType: OneOf(['System', 'Custom'] as const),
    DefaultVersion: Type.String(),
    Versions: Type.Array(Type.Object({ VersionId: Type.String(), PolicyDocument }, open), { minItems: 1 }),
  },
  open,
);
export const RamUser = Type.Object(
  {
    UserName: Type.String({ minLength: 1 }),
    AccessKeyIds: Type.Optional(StringList),
    AttachedPolicies: Type.Array(Type.Object({ PolicyName: Type.String(), PolicyType: OneOf(['System', 'Custom'] as const) }, open)),
  },
  open,
);

/** A policy attached at a resource group's scope (ResourceManager AttachPolicy / ListPolicyAttachments). */
export const ResourceGroupPolicyAttachment = Type.Object(
  {
    ResourceGroupId: Type.String({ minLength: 1 }),
    PolicyName: Type.String({ minLength: 1 }),
    PolicyType: OneOf(['System', 'Custom'] as const),
    PrincipalType: OneOf(['IMSUser', 'IMSGroup', 'ServiceRole'] as const),
    /** Served verbatim: a role as `<RoleName>` or `<RoleName>@role.<uid>.onaliyunservice.com` (the real format is unverified). */
    PrincipalName: Type.String({ minLength: 1 }),
  },
  open,
);

/** A control policy of the Resource Directory (GetControlPolicy). */
export const ControlPolicy = Type.Object(
  {
    PolicyId: Type.String({ minLength: 1 }),
    PolicyName: Type.String({ minLength: 1 }),
    PolicyType: OneOf(['System', 'Custom'] as const),
    EffectScope: Type.Optional(OneOf(['All', 'RAM'] as const)),
    PolicyDocument,
  },
  open,
);

/**
 * The Resource Directory the account belongs to. Absent: the account is in none (GetResourceDirectory answers
 * 404 ResourceDirectoryNotInUse). `accountFolderId` is the folder the account sits in; `folders` give the tree
 * (each folder's parent), `attachments` which control policies are attached to which target (folder or account).
 */
export const ResourceDirectorySpec = Type.Object(
  {
    ResourceDirectoryId: Type.String({ minLength: 1 }),
    RootFolderId: Type.String({ minLength: 1 }),
    MasterAccountId: Type.String({ pattern: '^[0-9]{1,20}$' }),
    ControlPolicyStatus: Type.Optional(OneOf(['Enabled', 'PendingEnable', 'Disabled', 'PendingDisable'] as const)),
    accountFolderId: Type.String({ minLength: 1 }),
    folders: Type.Array(Type.Object({ FolderId: Type.String({ minLength: 1 }), FolderName: Type.Optional(Type.String()), ParentFolderId: Type.String({ minLength: 1 }) }, closed), {
      default: [],
    }),
    controlPolicies: Type.Array(ControlPolicy, { default: [] }),
    attachments: Type.Array(Type.Object({ TargetId: Type.String({ minLength: 1 }), PolicyId: Type.String({ minLength: 1 }) }, closed), { default: [] }),
  },
  closed,
);

/**
 * How the simulated Function Compute answers on its 2023-03-30 paths. Whether FC 3.0 accepts @alicloud/fc2's
 * FC 2.0 signature there is unverified, so both answers can be simulated (`fc2Signature`, default `accept`).
 * `asyncTask` mirrors the function's async-task setting (default on): duplicate `x-fc-async-task-id`s get 409.
 */
const FunctionComputeSpec = Type.Object({ fc2Signature: Type.Optional(OneOf(['accept', 'refuse'] as const)), asyncTask: Type.Optional(Type.Boolean()) }, closed);

export const CloudSpec = Type.Object(
  {
    vpcs: Type.Array(Vpc, { default: [] }),
    vswitches: Type.Optional(Type.Array(VSwitch)),
    routeTables: Type.Array(RouteTable, { default: [] }),
    routeEntries: Type.Array(RouteEntry, { default: [] }),
    instances: Type.Array(Instance, { default: [] }),
    ram: Type.Object(
      {
        roles: Type.Array(RamRole, { default: [] }),
        policies: Type.Array(RamPolicy, { default: [] }),
        users: Type.Optional(Type.Array(RamUser)),
      },
      { ...closed, default: {} },
    ),
    /** Policies attached at resource-group scope (ResourceManager ListPolicyAttachments). */
    policyAttachments: Type.Optional(Type.Array(ResourceGroupPolicyAttachment)),
    resourceDirectory: Type.Optional(ResourceDirectorySpec),
    quotas: Type.Optional(Type.Object({ customRouteEntriesPerTable: Type.Integer({ minimum: 1 }) }, closed)),
    functionCompute: Type.Optional(FunctionComputeSpec),
  },
  closed,
);
export type CloudSpec = Static<typeof CloudSpec>;

const KubeForbiddenRule = Type.Object({ verb: Type.Optional(Type.String()), resource: Type.Optional(Type.String()), group: Type.Optional(Type.String()), path: Type.Optional(Type.String()) }, closed);
export const AuditorSpec = Type.Object(
  {
    accessKeyId: Type.Optional(Type.String({ minLength: 1 })),
    accessKeySecret: Type.Optional(Type.String({ minLength: 1 })),
    securityToken: Type.Optional(Type.String({ minLength: 1 })),
    deniedActions: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9*]+$' }))),
    kubernetes: Type.Optional(Type.Object({ token: Type.Optional(Type.String({ minLength: 1 })), forbidden: Type.Optional(Type.Array(KubeForbiddenRule)) }, closed)),
  },
  closed,
);
export type AuditorSpec = Static<typeof AuditorSpec>;

const AttemptMatch = Type.Union([
  Type.Integer({ minimum: 1 }),
  Type.Array(Type.Integer({ minimum: 1 })),
  Type.Object({ from: Type.Optional(Type.Integer({ minimum: 1 })), to: Type.Optional(Type.Integer({ minimum: 1 })) }, closed),
]);
export const FaultRule = Type.Object(
  {
    target: OneOf(['cloud', 'kubernetes', 'fc', 'webhook'] as const),
    match: Type.Object(
      {
        action: Type.Optional(Type.String()),
        method: Type.Optional(Type.String()),
        path: Type.Optional(Type.String()),
        page: Type.Optional(Type.Integer({ minimum: 1 })),
        /** Cloud requests only: every named parameter has this value (`RouteTableId: vtb-…` fails one table of two). */
        params: Type.Optional(Type.Record(Type.String(), Type.String())),
        attempt: Type.Optional(AttemptMatch),
        probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
        seed: Type.Optional(Type.Integer()),
      },
      { ...closed, default: {} },
    ),
    effect: Type.Object(
      {
        status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
        code: Type.Optional(Type.String()),
        message: Type.Optional(Type.String()),
        delayMs: Type.Optional(Type.Integer({ minimum: 0 })),
        hang: Type.Optional(Type.Boolean()),
        truncateAt: Type.Optional(Type.Integer({ minimum: 0 })),
        reset: Type.Optional(Type.Boolean()),
        retryAfter: Type.Optional(Type.Number({ minimum: 0 })),
        /** Answers with exactly this body (and `status`, default 200): a reply that is not what the API promises. */
        body: Type.Optional(Type.String()),
        contentType: Type.Optional(Type.String()),
      },
      closed,
    ),
  },
  closed,
);
export type FaultRule = Static<typeof FaultRule>;

const FindingStatus = OneOf(['fail', 'pass', 'unknown', 'not_applicable'] as const);

/** A finding named by its code and, when given, its resource's name (or id), its status and evidence values. */
const FindingRef = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }),
    resource: Type.Optional(Type.String()),
    status: Type.Optional(FindingStatus),
    /** Evidence fields the finding must carry with exactly these values. */
    evidence: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  closed,
);

/**
 * What an audit of the scenario must report, declared apart from any run. The audit ignores it and every key is
 * optional here; ack-drift's own test suite requires the exit code, every finding that does not pass, every root-cause
 * chain and every check's coverage of each scenario it runs, and holds the run to exactly those.
 */
const ScenarioExpect = Type.Object(
  {
    exitCode: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    /** Every finding of the run that does not pass (fail, unknown, not applicable), each with its resource and status. */
    findings: Type.Optional(Type.Array(FindingRef)),
    /** Every root-cause chain, symptom first and root cause last; `[]` when the run has none. */
    rootCauses: Type.Optional(Type.Array(Type.Object({ symptom: FindingRef, chain: Type.Array(FindingRef, { minItems: 2 }) }, closed))),
    /** Findings that must not fail (a guard for what the scenario almost looks like). */
    absent: Type.Optional(Type.Array(FindingRef)),
    /** The status of every check's coverage (`routes`, `ram`, `apiservices`, `namespaces`, `nodes`). */
    coverage: Type.Optional(Type.Record(Type.String(), OneOf(['complete', 'partial', 'failed', 'not_applicable'] as const))),
    /** Text each named check's coverage reason must contain. */
    coverageReason: Type.Optional(Type.Record(Type.String(), Type.String())),
    /** Symptoms whose cause was looked for and not identified. */
    noCause: Type.Optional(Type.Array(FindingRef)),
    /** Statements a RAM_EXPLICIT_DENY must name (and, when given, the scope the policy is attached at). */
    deniedBy: Type.Optional(Type.Array(Type.Object({ policy: Type.String(), statementIndex: Type.Integer({ minimum: 0 }), scope: Type.Optional(Type.String()) }, closed))),
    /** Actions a failing RAM finding must name as denied (explicitly or implicitly). */
    deniedActions: Type.Optional(StringList),
    /** Actions no failing RAM finding may name as denied. */
    notDeniedActions: Type.Optional(StringList),
    /** Policies no RAM_EXPLICIT_DENY may name (a policy attached at another resource group, say). */
    notDeniedBy: Type.Optional(StringList),
  },
  closed,
);
export type ScenarioExpect = Static<typeof ScenarioExpect>;

export const GenerateSpec = Type.Object(
  {
    seed: Type.Optional(Type.Integer()),
    nodes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    podCidrMask: Type.Optional(Type.Integer({ minimum: 8, maximum: 30 })),
    missingRoutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    orphanRoutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    namespaces: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    terminatingNamespaces: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
    latencyMs: Type.Optional(Type.Object({ cloud: Type.Optional(Type.Number({ minimum: 0 })), kubernetes: Type.Optional(Type.Number({ minimum: 0 })) }, closed)),
    qps: Type.Optional(Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0 }))),
  },
  closed,
);
export type GenerateSpec = Static<typeof GenerateSpec>;

export const Scenario = Type.Object(
  {
    apiVersion: Type.Literal('ack-drift/v1'),
    kind: Type.Literal('Scenario'),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    region: Type.String({ pattern: '^[a-z]+(-[a-z0-9]+)+$' }),
    accountId: Type.String({ pattern: '^[0-9]{1,20}$' }),
    cluster: ClusterSpec,
    cloud: CloudSpec,
    auditor: Type.Optional(AuditorSpec),
    faults: Type.Optional(Type.Array(FaultRule)),
    generate: Type.Optional(GenerateSpec),
    expect: Type.Optional(ScenarioExpect),
  },
  closed,
);
export type Scenario = Static<typeof Scenario>;
