/**
 * The one catalogue of finding codes: one record per code holds everything the code means. To add a code, add one
 * record here; the compiler then asks for it wherever codes are enumerated, and `docs/codes.md` and the SARIF rules
 * are generated from it (test/findings/catalogue.test.ts fails until a check fixture produces the new code).
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { EmittingCheck, ResourceRef, Severity } from './base';
import { resourceLabel } from './label';

export type Layer = 'Kubernetes' | 'VPC' | 'RAM' | 'any';

/**
 * What a code is to the correlation (shared/correlate/rules.ts):
 * - `symptom`: what people see; the chain starts here and an unexplained one says what was ruled out.
 * - `route-repairable`: pod-route drift the route controller would repair if its identity could (see `repairActions`).
 * - `route-broken`: a pod route that does not carry traffic to its node; can explain an unreachable backend.
 * - `ccm-blocked`: the route controller's own RAM identity cannot make its calls; explains unrepaired drift.
 * - `ccm-down`: the route controller does not run or does not manage routes; explains all unrepaired drift.
 * - `table-full`: the route table refuses new entries; explains the missing routes of that table.
 * - `corroboration`: a side effect that confirms a cause (a stale node condition, the CCM's failure events).
 * - `none`: stands on its own.
 */
export type CorrelationRole = 'symptom' | 'route-repairable' | 'route-broken' | 'ccm-blocked' | 'ccm-down' | 'table-full' | 'corroboration' | 'none';

/** The part of a finding a headline phrase may read. */
export interface PhraseInput<E> {
  resource: ResourceRef;
  evidence: E;
  message: string;
}

export interface CodeRecord<S extends TObject = TObject> {
  title: string;
  layer: Layer;
  /** Default severity; users may override it (shared/findings/severity-overrides.ts). */
  severity: Severity;
  /** The check that emits the code; `any` when every check may (CHECK_INCOMPLETE names its own check). */
  check: EmittingCheck | 'any';
  /** The shape of `evidence` for this code (TypeBox: the static type and the documentation from one source). */
  evidence: S;
  /** Where the remediation steps are built: `<file under shared/>#<function>`. */
  remediation: string;
  /** The clause naming this finding in a root-cause headline ("the VPC route for … is missing"); default: its message. */
  headline?: (f: PhraseInput<Static<S>>) => string;
  correlation: CorrelationRole;
  /** For `route-repairable`: RAM actions the repair needs; a denial of any other action does not explain the drift. */
  repairActions?: readonly string[];
  /** What happens if nobody acts: the reason the severity is what it is. */
  risk: string;
}

/** Lets each record's headline phrase see that record's evidence type, and keeps its owning check literal. */
function code<S extends TObject, K extends EmittingCheck | 'any'>(record: CodeRecord<S> & { check: K }): CodeRecord<S> & { check: K } {
  return record;
}

const Str = Type.String();
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Strings = Type.Array(Type.String());
const Opt = Type.Optional;
const Any = Type.Unknown();
const Failures = Type.Array(Type.Object({ api: Str, code: Str, message: Str, httpStatus: Opt(Type.Number()), requestId: Opt(Str) }));
/** The identity facts every RAM finding about the route controller carries (the correlation joins on identityUsedByCcm). */
const RamIdentity = { identityUsedByCcm: Type.Boolean(), identity: Opt(Any), ccmVersion: Opt(NullableStr) };
const RamAction = Type.Object({ action: Str, resource: Str, why: Opt(Str), reasons: Opt(Any), matched: Opt(Any), possibleDecisions: Opt(Any) });
const VPC_READS = ['vpc:DescribeVpcs', 'vpc:DescribeRouteTableList', 'vpc:DescribeRouteEntryList'];

export const CATALOGUE = {
  NAMESPACE_STUCK_TERMINATING: code({
    title: 'Namespace stuck in Terminating',
    layer: 'Kubernetes',
    severity: 'high',
    check: 'namespaces',
    evidence: Type.Object({
      deletionTimestamp: Opt(Str),
      stuckForSeconds: Type.Integer(),
      finalizers: Strings,
      failingGroupVersions: Strings,
      remainingResources: Strings,
      remainingFinalizers: Strings,
      failing: Type.Array(Type.Object({ type: Str, reason: Opt(Str), message: Opt(Str) })),
    }),
    remediation: 'checks/namespaces.ts#checkNamespaces',
    headline: (f) => `namespace ${f.resource.name} is stuck Terminating`,
    correlation: 'symptom',
    risk: 'The namespace cannot be reused or recreated, and everything left in it keeps running and costing until deletion completes.',
  }),
  APISERVICE_UNAVAILABLE: code({
    title: 'Aggregated APIService unavailable',
    layer: 'Kubernetes',
    severity: 'high',
    check: 'apiservices',
    evidence: Type.Object({
      groupVersion: Str,
      reason: Str,
      conditionStatus: NullableStr,
      conditionMessage: NullableStr,
      failureKind: NullableStr,
      probe: Any,
      service: Type.Object({ namespace: Str, name: Str, port: Type.Number(), exists: Type.Boolean(), clusterIP: NullableStr }),
      endpointsSource: NullableStr,
      endpoints: Type.Array(Type.Object({ ip: Str, ready: Opt(Type.Boolean()), pod: Opt(Str), node: Opt(Str) })),
      nodes: Strings,
      /** The backend's nodes reached at a pod address, whose pod route it needs (host-network backends are not). */
      podRouteNodes: Opt(Strings),
    }),
    remediation: 'checks/apiservices.ts#apiServiceFinding',
    headline: (f) => `${f.evidence.groupVersion || f.resource.name} is unavailable`,
    correlation: 'symptom',
    risk: 'Discovery fails for its group/version: namespace deletion stalls, kubectl and controllers that list all resources error, autoscaling that reads metrics stops.',
  }),
  ROUTE_MISSING: code({
    title: "Node's pod CIDR has no VPC route",
    layer: 'VPC',
    severity: 'critical',
    check: 'routes',
    // ccmCreateFailed/condition: the node says NetworkUnavailable=True (NoRouteCreated), the CCM tried and failed.
    evidence: Type.Object({ routeTableId: Str, podCIDR: Str, instanceId: Str, expectedNextHopType: Str, ccmCreateFailed: Opt(Type.Boolean()), condition: Opt(Any) }),
    remediation: 'checks/routes.ts#nodeRouteFindings',
    headline: (f) => `the VPC route for ${f.evidence.podCIDR} to ${f.resource.name} is missing`,
    correlation: 'route-repairable',
    repairActions: [...VPC_READS, 'vpc:CreateRouteEntry'],
    risk: 'Pods on the node are unreachable from other nodes and from the API server: services, webhooks and aggregated APIs backed by them fail.',
  }),
  ROUTE_WRONG_NEXT_HOP: code({
    title: "Route for a node's pod CIDR points elsewhere",
    layer: 'VPC',
    severity: 'critical',
    check: 'routes',
    evidence: Type.Object({ routeTableId: Str, routeEntryId: Str, podCIDR: Str, expectedNextHop: Str, actualNextHops: Type.Array(Any) }),
    remediation: 'checks/routes.ts#nodeRouteFindings',
    headline: (f) => `the VPC route for ${f.evidence.podCIDR} points at the wrong next hop`,
    correlation: 'route-repairable',
    repairActions: [...VPC_READS, 'vpc:CreateRouteEntry', 'vpc:DeleteRouteEntry'],
    risk: "Traffic for the node's pods goes to another instance (often a replaced node's old one) and is dropped or, worse, delivered to the wrong host.",
  }),
  ROUTE_ORPHANED: code({
    title: 'Route to no current node',
    layer: 'VPC',
    severity: 'low',
    check: 'routes',
    evidence: Type.Object({
      routeTableId: Str,
      routeEntryId: Str,
      destination: Str,
      nextHopId: Str,
      clusterCidr: Str,
      /** Set by the correlation: denied (a RAM finding explains it), missed (the RAM check found no denial), or unknown. */
      deletion: Opt(Type.Union([Type.Literal('denied'), Type.Literal('missed'), Type.Literal('unknown')])),
    }),
    remediation: 'checks/routes.ts#orphanFindings',
    correlation: 'none',
    risk: 'Uses a route-table quota slot, and if a new node gets the same pod CIDR on another instance the stale entry conflicts with its route.',
  }),
  ROUTE_CONFLICT: code({
    title: "Route inside a node's pod CIDR to another next hop",
    layer: 'VPC',
    severity: 'high',
    check: 'routes',
    evidence: Type.Object({ routeTableId: Str, routeEntryId: Str, destination: Str, nextHops: Type.Array(Any), node: Str, podCIDR: Str }),
    remediation: 'checks/routes.ts#nodeRouteFindings',
    correlation: 'route-broken',
    risk: "Part of the node's pod traffic follows the narrower entry to another next hop (longest prefix wins); the CCM deletes such entries only when they are its own and inside --cluster-cidr.",
  }),
  ROUTE_NOT_AVAILABLE: code({
    title: 'Route entry not Available',
    layer: 'VPC',
    severity: 'medium',
    check: 'routes',
    evidence: Type.Object({ routeTableId: Str, routeEntryId: Str, podCIDR: Str, status: Str }),
    remediation: 'checks/routes.ts#nodeRouteFindings',
    correlation: 'route-broken',
    risk: 'An entry that stays Pending or Modifying does not carry traffic: the node behaves as if its route were missing.',
  }),
  ROUTE_TABLE_AMBIGUOUS: code({
    title: 'Several route tables and no routeTableIDs',
    layer: 'VPC',
    severity: 'high',
    check: 'routes',
    evidence: Type.Object({ routeTableIds: Strings }),
    remediation: 'checks/routes.ts#checkRoutes',
    correlation: 'none',
    risk: 'The route controller refuses to pick a table, so no node gets a route until the tables are named in cloud-config.',
  }),
  ROUTE_QUOTA_NEAR_LIMIT: code({
    title: 'Custom route entries near the table quota',
    layer: 'VPC',
    severity: 'medium',
    check: 'routes',
    evidence: Type.Object({ routeTableId: Str, customEntries: Type.Integer(), quota: Type.Integer(), quotaAssumed: Type.Boolean() }),
    remediation: 'checks/routes.ts#quotaFindings',
    correlation: 'none',
    risk: 'Flannel needs one entry per node: once the quota is reached, new nodes get no route and their pods are unreachable.',
  }),
  NODE_ROUTE_CONDITION_STALE: code({
    title: 'Node says RouteCreated but the route is gone',
    layer: 'Kubernetes',
    severity: 'low',
    check: 'routes',
    evidence: Type.Object({ condition: Any, routeTableId: Str }),
    remediation: 'checks/routes.ts#nodeRouteFindings',
    correlation: 'corroboration',
    risk: 'Kubernetes keeps scheduling onto a node whose network it believes is ready; the condition misleads whoever debugs the outage.',
  }),
  NODE_UNMAPPED: code({
    title: 'Node cannot be mapped to a route',
    layer: 'Kubernetes',
    severity: 'medium',
    check: 'routes',
    evidence: Type.Object({ podCIDR: NullableStr, podCIDRs: Strings, providerID: NullableStr, reason: Str }),
    remediation: 'checks/routes.ts#checkRoutes',
    correlation: 'none',
    risk: 'Neither the route controller nor this audit can tell which route the node needs: its pod routing is unverified.',
  }),
  NODE_ROUTE_SKIPPED: code({
    title: 'Node skipped by the route controller',
    layer: 'Kubernetes',
    severity: 'info',
    check: 'routes',
    evidence: Type.Object({
      skip: Type.Union(['exclude-label', 'hybrid-node', 'ready-unknown', 'deleting', 'no-provider-id', 'no-pod-cidr'].map((k) => Type.Literal(k))),
      reason: Str,
      ccmSource: Str,
      ccmVersion: NullableStr,
      providerID: NullableStr,
      podCIDR: NullableStr,
    }),
    remediation: 'checks/routes.ts#skippedFinding',
    correlation: 'none',
    risk: 'None by itself (status not_applicable): it says why a node was not judged. A node skipped by mistake (an exclude label left behind) gets no route and its pods are unreachable.',
  }),
  ROUTE_PROVIDER_ID_FLAPS: code({
    title: 'alicloud:// providerID makes the route flap',
    layer: 'Kubernetes',
    severity: 'medium',
    check: 'routes',
    evidence: Type.Object({ providerID: Str, expectedProviderID: Str, podCIDR: Str, instanceId: Str, ccmVersion: NullableStr }),
    remediation: 'checks/routes.ts#flapFinding',
    correlation: 'none',
    risk: "Every periodic sync of the route controller deletes and re-creates the node's route: its pods are unreachable for seconds each time, and an audit in the gap sees it missing.",
  }),
  RAM_EXPLICIT_DENY: code({
    title: 'Route controller denied by a RAM statement',
    layer: 'RAM',
    severity: 'critical',
    check: 'ram',
    evidence: Type.Object({
      ...RamIdentity,
      deniedActions: Type.Array(RamAction),
      deniedBy: Type.Array(Type.Object({ policy: Str, policyType: Opt(Str), version: Str, scope: Opt(Str), statementIndex: Type.Number(), statementName: Opt(Str), statement: Any, shouldBe: Any })),
      /** The least change that lets the required actions through, with its proof (shared/fix/ram-plan.ts RamFix). */
      fix: Opt(Any),
    }),
    remediation: 'checks/ram.ts#decisionFindings',
    headline: (f) => {
      const s = f.evidence.deniedBy[0];
      return `a Deny statement${s ? ` in ${s.policy} (${s.version})` : ''} blocks the route controller's ${resourceLabel(f)}`;
    },
    correlation: 'ccm-blocked',
    risk: 'The route controller cannot create or repair routes: every new or replaced node stays unreachable until the statement changes.',
  }),
  RAM_IMPLICIT_DENY: code({
    title: 'No RAM statement allows a route-controller action',
    layer: 'RAM',
    severity: 'high',
    check: 'ram',
    evidence: Type.Object({ ...RamIdentity, actions: Type.Array(RamAction), deniedByControlPolicies: Opt(Type.Boolean()), fix: Opt(Any) }),
    remediation: 'checks/ram.ts#decisionFindings',
    headline: (f) => `no RAM statement allows the route controller's ${resourceLabel(f)} what it needs`,
    correlation: 'ccm-blocked',
    risk: 'The route controller fails the calls it is not allowed, so the routes those calls maintain drift and stay broken.',
  }),
  RAM_CONDITIONAL_ALLOW: code({
    title: 'Route controller allowed only under unconfirmed conditions',
    layer: 'RAM',
    severity: 'medium',
    check: 'ram',
    evidence: Type.Object({ ...RamIdentity, actions: Type.Array(RamAction), fix: Opt(Any) }),
    remediation: 'checks/ram.ts#decisionFindings',
    headline: (f) => `the route controller's ${resourceLabel(f)} is allowed only under conditions that could not be confirmed`,
    // An allow that may hold explains nothing, so it is no cause in the correlation.
    correlation: 'none',
    risk: 'If a condition (source VPC, IP, time) does not hold for the CCM, its calls are denied and routes stop being repaired.',
  }),
  RAM_ROLE_NOT_ATTACHED: code({
    title: 'The CCM instance has no RAM role',
    layer: 'RAM',
    severity: 'high',
    check: 'ram',
    evidence: Type.Object({ instanceId: Str, identityUsedByCcm: Type.Boolean(), ccmPods: Strings }),
    remediation: 'checks/ram.ts#checkRam',
    correlation: 'ccm-blocked',
    risk: 'The route controller has no credentials at all: no route is created or repaired.',
  }),
  RAM_TRUST_BROKEN: code({
    title: 'Role cannot be assumed by the service that uses it',
    layer: 'RAM',
    severity: 'high',
    check: 'ram',
    evidence: Type.Object({ trustPolicy: Str, verdict: Str, identityUsedByCcm: Type.Boolean(), service: Opt(Str) }),
    remediation: 'checks/ram.ts#trustFindings',
    correlation: 'ccm-blocked',
    risk: "ECS (dedicated) or CS (managed) cannot get the role's credentials: the route controller works until its cached token expires, then every call fails.",
  }),
  RAM_ROLE_MISSING: code({
    title: "The managed cluster's CCM role does not exist",
    layer: 'RAM',
    severity: 'high',
    check: 'ram',
    evidence: Type.Object({ role: Str, errorCode: Str, requestId: NullableStr, identityUsedByCcm: Type.Boolean(), identity: Opt(Any) }),
    remediation: 'checks/ram.ts#roleMissing',
    correlation: 'ccm-blocked',
    risk: 'The control-plane route controller has no identity to act with: no route is created or repaired.',
  }),
  RAM_POLICY_INVALID: code({
    title: 'Policy document does not parse',
    layer: 'RAM',
    severity: 'medium',
    check: 'ram',
    evidence: Type.Object({ policy: Str, version: Str, errors: Strings }),
    remediation: 'checks/ram.ts#parseAll',
    correlation: 'none',
    risk: 'The audit leaves the document out, so its statements (a Deny among them) are not evaluated: the RAM verdict may be wrong.',
  }),
  CCM_ROUTE_SYNC_FAILING: code({
    title: 'Route controller reports failures',
    layer: 'Kubernetes',
    severity: 'high',
    check: 'routes',
    evidence: Type.Object({
      events: Type.Array(Type.Object({ reason: Str, message: Str, count: Type.Number(), lastTimestamp: NullableStr, object: Str })),
      errorCodes: Strings,
      ccmVersion: NullableStr,
    }),
    remediation: 'checks/ccm.ts#ccmEventFindings',
    correlation: 'corroboration',
    risk: 'The route controller is failing to reconcile routes right now; the error codes in its events name what stops it.',
  }),
  CCM_NOT_RUNNING: code({
    title: 'Route controller (CCM) not running',
    layer: 'Kubernetes',
    severity: 'critical',
    check: 'routes',
    evidence: Type.Object({ pods: Type.Array(Any), workloads: Strings, clusterType: NullableStr, cloudConfigProblems: Opt(Strings), addon: Opt(Any) }),
    remediation: 'checks/ccm-health.ts#ccmHealthFindings',
    correlation: 'ccm-down',
    risk: 'Nothing creates routes for new nodes or repairs broken ones: every node added or replaced stays unreachable.',
  }),
  CCM_ROUTES_DISABLED: code({
    title: 'CCM runs with --configure-cloud-routes=false',
    layer: 'Kubernetes',
    severity: 'high',
    check: 'routes',
    evidence: Type.Object({ pod: Str, container: Str, flag: Str, args: Strings, ccmVersion: NullableStr }),
    remediation: 'checks/ccm-health.ts#ccmHealthFindings',
    correlation: 'ccm-down',
    risk: 'On Flannel the CCM must manage routes: with its route controller off, no node ever gets or regains a route.',
  }),
  ROUTE_QUOTA_EXCEEDED: code({
    title: 'Route table at its custom-entry quota',
    layer: 'VPC',
    severity: 'critical',
    check: 'routes',
    evidence: Type.Object({
      routeTableId: Str,
      customEntries: Type.Integer(),
      quota: Type.Union([Type.Integer(), Type.Null()]),
      errorCode: NullableStr,
      nodes: Strings,
      events: Type.Array(Any),
    }),
    remediation: 'checks/routes.ts#quotaFindings',
    correlation: 'table-full',
    risk: 'The VPC refuses new entries: each node added from now on gets no route and its pods are unreachable.',
  }),
  CHECK_INCOMPLETE: code({
    title: 'Check could not finish',
    layer: 'any',
    severity: 'medium',
    check: 'any',
    evidence: Type.Object({ missing: Opt(Str), failures: Opt(Failures), reason: Opt(Str), plan: Opt(Any), error: Opt(Str) }),
    remediation: 'findings/make.ts#incomplete',
    correlation: 'none',
    risk: 'What the check could not read is not verified: a broken route or a denial may be hiding there, so the run reports unknown (exit 3).',
  }),
} as const;

export type FindingCode = keyof typeof CATALOGUE;
/** The evidence a finding of code C carries. */
export type EvidenceOf<C extends FindingCode> = Static<(typeof CATALOGUE)[C]['evidence']>;
/** The loose view of a record, for code that walks every code. */
export type CodeInfo = CodeRecord;

/** The record of a code, or undefined for a code this build does not know (a report from another version). */
export function codeInfo(c: string): CodeInfo | undefined {
  return Object.hasOwn(CATALOGUE, c) ? (CATALOGUE[c as FindingCode] as CodeInfo) : undefined;
}

/** Every code, in catalogue order. */
export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

/** The codes of one correlation role. */
export function codesWithRole(role: CorrelationRole): Set<FindingCode> {
  return new Set(FINDING_CODES.filter((c) => CATALOGUE[c].correlation === role));
}
