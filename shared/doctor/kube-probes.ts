/**
 * The Kubernetes half of `ack-drift doctor`: the API server answers, then one `limit=1` read of everything the
 * audit lists or gets, so an RBAC gap shows as the exact resource to grant (infra/rbac.yaml grants them all).
 */
import { fromKubeError } from '../collect/api-error';
import type { KubeReader } from '../collect/kube';
import { rbacFix } from './fixes';
import type { DoctorItem } from './item';

/** Every read of an audit, as the collectors name them, with the path that proves it. */
export const KUBE_READS: readonly (readonly [api: string, path: string])[] = [
  ['k8s:list nodes', '/api/v1/nodes'],
  ['k8s:list namespaces', '/api/v1/namespaces'],
  ['k8s:list apiservices', '/apis/apiregistration.k8s.io/v1/apiservices'],
  ['k8s:list services', '/api/v1/services'],
  ['k8s:list endpoints', '/api/v1/endpoints'],
  ['k8s:list pods', '/api/v1/pods'],
  ['k8s:list events', '/api/v1/events'],
  ['k8s:list daemonsets', '/apis/apps/v1/namespaces/kube-system/daemonsets'],
  ['k8s:list deployments', '/apis/apps/v1/namespaces/kube-system/deployments'],
  ['k8s:get configmaps', '/api/v1/namespaces/kube-system/configmaps/cloud-config'],
];

/** Probes the API server with the reader the audit would use. */
export async function probeKubernetes(reader: KubeReader, server: string): Promise<DoctorItem[]> {
  const items: DoctorItem[] = [];
  try {
    await reader.readOnce('k8s:get version', '/version');
    items.push({ id: 'k8s:get version', status: 'ok', detail: `the API server ${server} answers` });
  } catch (raw) {
    const { code, message, httpStatus } = fromKubeError('k8s:get version', raw).failure;
    const fix =
      httpStatus === 401
        ? "the API server refused the kubeconfig's credentials: issue a new kubeconfig (DescribeClusterUserKubeconfig) or check the token"
        : httpStatus === 403
          ? rbacFix('GET /version')
          : 'the API server cannot be reached from here: for a private API server run inside the VPC (s.yaml vpcConfig) with ACK_DRIFT_PRIVATE_ENDPOINT=true (CLI: --private-endpoint)';
    items.push({ id: 'k8s:get version', status: 'fail', detail: `${server}: ${code}: ${message}`, fix });
    if (httpStatus === undefined || httpStatus === 401) {
      for (const [api] of KUBE_READS) items.push({ id: api, status: 'skip', detail: 'the API server did not accept the connection' });
      return items;
    }
  }
  for (const [api, path] of KUBE_READS) {
    try {
      await reader.readOnce(api, path);
      items.push({ id: api, status: 'ok', detail: 'allowed' });
    } catch (raw) {
      const { code, message, httpStatus } = fromKubeError(api, raw).failure;
      // The CCM's ConfigMap is absent on managed clusters: the read is allowed, there is nothing to read.
      if (httpStatus === 404) items.push({ id: api, status: 'ok', detail: 'allowed (not found)' });
      else items.push({ id: api, status: 'fail', detail: `${code}: ${message}`, ...(httpStatus === 403 ? { fix: rbacFix(`${api.replace('k8s:', '')} (${path})`) } : {}) });
    }
  }
  return items;
}
