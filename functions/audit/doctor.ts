/** The audit function's `{"doctor": true}` event: the checklist for its cluster, run with the function's own identity. */
import { createCloudClients, type CloudCredentials } from 'shared/collect/cloud-clients';
import { REQUEST_TIMEOUT_MS } from 'shared/config/deadline';
import type { FunctionConfig } from 'shared/config/function-config';
import type { DoctorResult } from 'shared/doctor/item';
import { kubeOpener } from 'shared/doctor/kube-opener';
import { runDoctor } from 'shared/doctor/run';
import { currentRuntime } from 'shared/doctor/runtime';
import { cloudEndpoints } from 'shared/handler/endpoints';
import { checkedAs } from 'shared/handler/validate';
import type { DeliverReport } from 'shared/notify/types';
import { auditConfig } from 'shared/pipeline/config';
import { validatorOf } from 'shared/util/validation';
import type { DoctorRequest } from './request-schema';
import { validateDoctorRequest } from './request-schema.validators';
import { EventError } from 'shared/util/errors';

const doctorRequest = validatorOf<DoctorRequest>(validateDoctorRequest);

/** Runs the checklist: credentials, each cloud read, the kubeconfig and every Kubernetes read, each webhook target. */
export async function auditDoctor(body: unknown, config: FunctionConfig, credentials: CloudCredentials, deliver: DeliverReport, deadline: number): Promise<DoctorResult> {
  const req = checkedAs(doctorRequest, body, 'event');
  const region = req.region ?? config.regions[0];
  const clusterId = req.clusterId ?? (config.clusterIds?.length === 1 ? config.clusterIds[0] : undefined);
  if (!clusterId) throw new EventError('clusterId: required (give it in the event, or set ACK_DRIFT_CLUSTER_IDS to a single cluster)');
  if (config.clusterIds && !config.clusterIds.includes(clusterId)) throw new EventError(`clusterId: ${clusterId} is not in ACK_DRIFT_CLUSTER_IDS`);
  const audit = auditConfig({ region, deadlineMs: Math.max(1_000, deadline - Date.now()) });
  return runDoctor({
    runtime: currentRuntime(),
    credentials: { value: credentials, source: "the function's role" },
    cloud: {
      clients: createCloudClients(credentials, cloudEndpoints(region, config.endpoints), REQUEST_TIMEOUT_MS),
      region,
      clusterId,
      privateApiServer: config.privateEndpoint,
      retry: audit.kube.retry,
      // The role the audit judges a managed cluster's route controller by (ACK_DRIFT_MANAGED_CCM_ROLE) is the one to check.
      ...(config.managedCcmRole ? { managedCcmRole: config.managedCcmRole } : {}),
    },
    kube: { open: kubeOpener('cs', audit) },
    webhooks: {
      targets: config.webhooks,
      options: { policy: { allowHttp: config.allowHttpWebhooks, allowPrivateNetwork: config.allowPrivateWebhooks }, ...(req.sendTest ? { sendTest: { deliver, deadline } } : {}) },
    },
  });
}
