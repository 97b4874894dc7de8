/**
 * Aggregated APIServices: the `Available` condition with kube-aggregator's reasons
 * (docs/architecture.md), a live discovery probe, and the backend down to its nodes.
 */
import type { APIServiceInfo, Inventory } from '../collect/inventory';
import { failuresOf, valueOf } from '../collect/inventory';
import { incomplete, makeFinding } from '../findings/make';
import type { Finding } from '../findings/types';
import type { CheckContext, CheckResult } from './types';
import { inPodCidr, nodeIndex } from './node-index';

/** kube-aggregator reasons that say the backend could not be reached over the network. */
export const NETWORK_REASONS = new Set(['FailedDiscoveryCheck']);
/** Reasons that rule out a network cause: nothing to reach. */
export const NO_BACKEND_REASONS = new Set(['ServiceNotFound', 'MissingEndpoints', 'EndpointsNotFound', 'ServicePortError']);

/** How the backend failed, from the condition message: timeout, refused, no route, or other. */
export function failureKind(message: string | undefined): 'timeout' | 'refused' | 'no_route' | 'tls' | 'http_status' | 'other' {
  const m = (message ?? '').toLowerCase();
  if (/i\/o timeout|timed out|timeout exceeded|deadline exceeded/.test(m)) return 'timeout';
  if (/connection refused/.test(m)) return 'refused';
  if (/no route to host|network is unreachable/.test(m)) return 'no_route';
  if (/x509|certificate|tls/.test(m)) return 'tls';
  if (/bad status from/.test(m)) return 'http_status';
  return 'other';
}

/** The APIService check. */
export function checkApiServices(inv: Inventory, _ctx: CheckContext): CheckResult {
  const apiServices = valueOf(inv.apiServices);
  if (!apiServices)
    return { findings: [incomplete('apiservices', 'the APIServices', failuresOf(inv.apiServices))], coverage: { check: 'apiservices', status: 'failed', reason: 'APIServices could not be listed' } };
  const aggregated = apiServices.filter((a) => a.service);
  const findings: Finding[] = [];
  for (const a of aggregated) {
    const f = apiServiceFinding(a, inv);
    if (f) findings.push(f);
  }
  const partial = [inv.discovery, inv.endpoints, inv.services].some((r) => r.status !== 'complete');
  if (partial) findings.push(incomplete('apiservices', 'the APIService backends', [...failuresOf(inv.discovery), ...failuresOf(inv.endpoints), ...failuresOf(inv.services)]));
  return {
    findings,
    coverage: {
      check: 'apiservices',
      status: partial ? 'partial' : 'complete',
      reason: `${aggregated.length} aggregated of ${apiServices.length} APIServices checked${partial ? '; some backends or probes could not be read' : ''}`,
    },
  };
}

function apiServiceFinding(a: APIServiceInfo, inv: Inventory): Finding | undefined {
  const available = a.conditions.find((c) => c.type === 'Available');
  const gv = `${a.group}/${a.version}`;
  const probe = (valueOf(inv.discovery) ?? []).find((p) => p.groupVersion === gv);
  const conditionOk = available?.status === 'True';
  if (conditionOk && probe?.ok !== false) return undefined;
  const svc = a.service!;
  const service = (valueOf(inv.services) ?? []).find((s) => s.namespace === svc.namespace && s.name === svc.name);
  const eps = (valueOf(inv.endpoints) ?? []).find((e) => e.namespace === svc.namespace && e.service === svc.name);
  const pods = valueOf(inv.pods) ?? [];
  const addresses = (eps?.addresses ?? []).map((e) => ({
    ip: e.ip,
    ready: e.ready,
    pod: e.targetPod,
    node: e.nodeName ?? pods.find((p) => p.podIP === e.ip)?.nodeName,
  }));
  const reason = available?.reason ?? (available ? 'Unknown' : 'NoCondition');
  const kind = failureKind(available?.message);
  const nodes = [...new Set(addresses.map((x) => x.node).filter((n): n is string => !!n))].sort();
  // Only a backend with a pod address depends on its node's pod route; one on the host network (the node's own IP,
  // outside every pod CIDR) is reached through the VPC's own subnet route.
  const podCidrs = nodeIndex(valueOf(inv.nodes) ?? []);
  const podRouteNodes = [...new Set(addresses.filter((x) => x.node && inPodCidr(podCidrs, x.ip)).map((x) => x.node!))].sort();
  return makeFinding({
    code: 'APISERVICE_UNAVAILABLE',
    resource: { kind: 'APIService', name: a.name },
    message:
      `APIService ${a.name} (${gv}) is unavailable: ` +
      `${reason}${available?.message ? ` — ${available.message}` : ''}${probe && !probe.ok ? `; discovery answers ${probe.httpStatus ?? 'no response'}` : ''}.`,
    evidence: {
      groupVersion: gv,
      reason,
      conditionStatus: available?.status ?? null,
      conditionMessage: available?.message ?? null,
      failureKind: NETWORK_REASONS.has(reason) ? kind : null,
      probe: probe ?? null,
      service: { namespace: svc.namespace, name: svc.name, port: svc.port ?? 443, exists: service !== undefined, clusterIP: service?.clusterIP ?? null },
      endpointsSource: eps?.source ?? null,
      endpoints: addresses,
      nodes,
      podRouteNodes,
    },
    remediation: [
      NO_BACKEND_REASONS.has(reason)
        ? {
            description: `Bring back the backend: Service ${svc.namespace}/${svc.name} must exist and have ready endpoints on port ${svc.port ?? 443}.`,
            command: `kubectl -n ${svc.namespace} get service,endpointslices -l kubernetes.io/service-name=${svc.name}`,
          }
        : { description: `Restore network reachability from the API server to the backend pods on ${nodes.join(', ') || 'their nodes'}.` },
      { description: 'Verify after the fix.', command: `kubectl get apiservice ${a.name} && kubectl get --raw /apis/${gv}` },
      { description: 'Last resort, hides the cause: delete the APIService so discovery stops failing.', command: `kubectl delete apiservice ${a.name}`, lastResort: true },
    ],
  });
}
