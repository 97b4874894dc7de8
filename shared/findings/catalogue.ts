/** The one catalogue of finding codes: title, layer, default severity and the check that owns each code. */
import type { CheckId, Severity } from './types';

export interface CodeInfo {
  title: string;
  layer: 'Kubernetes' | 'VPC' | 'RAM' | 'any';
  severity: Severity;
  check: CheckId;
}

export const CATALOGUE = {
  NAMESPACE_STUCK_TERMINATING: { title: 'Namespace stuck in Terminating', layer: 'Kubernetes', severity: 'high', check: 'namespaces' },
  APISERVICE_UNAVAILABLE: { title: 'Aggregated APIService unavailable', layer: 'Kubernetes', severity: 'high', check: 'apiservices' },
  ROUTE_MISSING: { title: "Node's pod CIDR has no VPC route", layer: 'VPC', severity: 'critical', check: 'routes' },
  ROUTE_WRONG_NEXT_HOP: { title: "Route for a node's pod CIDR points elsewhere", layer: 'VPC', severity: 'critical', check: 'routes' },
  ROUTE_ORPHANED: { title: 'Route to no current node', layer: 'VPC', severity: 'low', check: 'routes' },
  ROUTE_CONFLICT: { title: "Route overlapping a node's pod CIDR", layer: 'VPC', severity: 'high', check: 'routes' },
  ROUTE_NOT_AVAILABLE: { title: 'Route entry not Available', layer: 'VPC', severity: 'medium', check: 'routes' },
  ROUTE_TABLE_AMBIGUOUS: { title: 'Several route tables and no routeTableIDs', layer: 'VPC', severity: 'high', check: 'routes' },
  ROUTE_QUOTA_NEAR_LIMIT: { title: 'Custom route entries near the table quota', layer: 'VPC', severity: 'medium', check: 'routes' },
  NODE_ROUTE_CONDITION_STALE: { title: 'Node says RouteCreated but the route is gone', layer: 'Kubernetes', severity: 'low', check: 'nodes' },
  NODE_UNMAPPED: { title: 'Node cannot be mapped to a route', layer: 'Kubernetes', severity: 'medium', check: 'nodes' },
  RAM_EXPLICIT_DENY: { title: 'Route controller denied by a RAM statement', layer: 'RAM', severity: 'critical', check: 'ram' },
  RAM_IMPLICIT_DENY: { title: 'No RAM statement allows a route-controller action', layer: 'RAM', severity: 'high', check: 'ram' },
  RAM_CONDITIONAL_ALLOW: { title: 'Route controller allowed only under unconfirmed conditions', layer: 'RAM', severity: 'medium', check: 'ram' },
  RAM_ROLE_NOT_ATTACHED: { title: 'The CCM instance has no RAM role', layer: 'RAM', severity: 'high', check: 'ram' },
  RAM_TRUST_BROKEN: { title: 'Role cannot be assumed by ECS', layer: 'RAM', severity: 'high', check: 'ram' },
  RAM_POLICY_INVALID: { title: 'Policy document does not parse', layer: 'RAM', severity: 'medium', check: 'ram' },
  CCM_NOT_RUNNING: { title: 'Route controller (CCM) not running', layer: 'Kubernetes', severity: 'critical', check: 'routes' },
  CCM_ROUTES_DISABLED: { title: 'CCM runs with --configure-cloud-routes=false', layer: 'Kubernetes', severity: 'high', check: 'routes' },
  ROUTE_QUOTA_EXCEEDED: { title: 'Route table at its custom-entry quota', layer: 'VPC', severity: 'critical', check: 'routes' },
  CCM_ROUTE_SYNC_FAILING: { title: 'Route controller reports failures', layer: 'Kubernetes', severity: 'high', check: 'routes' },
  CHECK_INCOMPLETE: { title: 'Check could not finish', layer: 'any', severity: 'medium', check: 'nodes' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof CATALOGUE;
