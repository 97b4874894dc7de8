/**
 * `ack-drift doctor` and the functions' `{"doctor": true}` event: a checklist that proves a deployment works before
 * the schedule relies on it. Each section runs only when the caller can run it; every item says what to fix.
 */
import { fromCloudError } from '../collect/api-error';
import type { CloudClients, CloudCredentials } from '../collect/cloud-clients';
import type { KubeReader } from '../collect/kube';
import type { FleetCluster } from '../fleet/clusters';
import type { AsyncInvoker } from '../fleet/fc-invoker';
import type { WebhookTarget } from '../notify/types';
import { type CloudProbeOptions, probeCloud } from './cloud-probes';
import { type RuntimeFacts, runtimeItem } from './runtime';
import { CREDENTIALS_FIX, ramReadFix } from './fixes';
import { probeInvoke } from './invoke-probe';
import { doctorResult, type DoctorItem, type DoctorResult } from './item';
import { probeKubernetes } from './kube-probes';
import { probeWebhooks, type WebhookProbeOptions } from './webhook-probe';

export interface DoctorPlan {
  /** The credentials the run resolved, or why none could be. */
  credentials: { value: CloudCredentials; source: string } | { error: string };
  cloud?: { clients: CloudClients } & CloudProbeOptions;
  /** Opens a reader on a kubeconfig (the one CS issues, or `kubeconfig` below); throws when it does not load. */
  kube?: { open(kubeconfig: string): { reader: KubeReader; server: string }; kubeconfig?: string };
  webhooks?: { targets: readonly WebhookTarget[]; options: WebhookProbeOptions };
  invoke?: { invoker: AsyncInvoker; functionName: string; functionArn: string };
  /** The Node.js build and flags this runs on, reported first (informational). */
  runtime?: RuntimeFacts;
  /** Dispatch's own read: listing each region's clusters. */
  fleet?: { regions: readonly string[]; list(region: string): Promise<FleetCluster[]> };
}

function credentialsItem(c: DoctorPlan['credentials']): DoctorItem {
  if ('error' in c) return { id: 'credentials', status: 'fail', detail: c.error, fix: CREDENTIALS_FIX };
  const id = c.value.accessKeyId;
  const kind = id.startsWith('STS.') ? 'an STS key' : 'an AccessKey';
  return { id: 'credentials', status: 'ok', detail: `${kind} ${id.slice(0, 8)}… from ${c.source}` };
}

/** Runs every section the plan has; never throws for a failed check. */
export async function runDoctor(plan: DoctorPlan): Promise<DoctorResult> {
  const items: DoctorItem[] = [...(plan.runtime ? [runtimeItem(plan.runtime)] : []), credentialsItem(plan.credentials)];
  if ('error' in plan.credentials) return doctorResult(items);
  let kubeconfig = plan.kube?.kubeconfig;
  if (plan.cloud) {
    const cloud = await probeCloud(plan.cloud.clients, plan.cloud);
    items.push(...cloud.items);
    kubeconfig ??= cloud.kubeconfig;
  }
  if (plan.kube) {
    if (kubeconfig === undefined) {
      items.push({ id: 'k8s:get version', status: 'skip', detail: 'no kubeconfig (CS issued none, and none was given)' });
    } else {
      let opened: { reader: KubeReader; server: string } | undefined;
      try {
        opened = plan.kube.open(kubeconfig);
      } catch (err) {
        items.push({
          id: 'kubeconfig',
          status: 'fail',
          detail: err instanceof Error ? err.message : String(err),
          fix: 'give a kubeconfig with inline credentials (server, certificate-authority-data, token or client certificate data)',
        });
      }
      if (opened) items.push(...(await probeKubernetes(opened.reader, opened.server)));
    }
  }
  if (plan.fleet) {
    for (const region of plan.fleet.regions) {
      const id = `cs:DescribeClustersV1 ${region}`;
      try {
        const clusters = await plan.fleet.list(region);
        items.push({ id, status: 'ok', detail: `${clusters.length} cluster(s) to audit` });
      } catch (err) {
        const f = fromCloudError('cs:DescribeClustersV1', err).failure;
        items.push({ id, status: 'fail', detail: `${f.code}: ${f.message}`, ...(f.httpStatus === 403 || /^Forbidden|NoPermission/.test(f.code) ? { fix: ramReadFix('cs:DescribeClustersV1') } : {}) });
      }
    }
  }
  if (plan.webhooks) items.push(...(await probeWebhooks(plan.webhooks.targets, plan.webhooks.options)));
  if (plan.invoke) items.push(await probeInvoke(plan.invoke.invoker, plan.invoke.functionName, plan.invoke.functionArn));
  return doctorResult(items);
}
