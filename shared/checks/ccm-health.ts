/**
 * Whether the route controller can repair routes at all: on a dedicated cluster the CCM runs in kube-system, and a
 * CCM that is absent, crashing or started with `--configure-cloud-routes=false` repairs nothing
 * (cloud-provider-alibaba-cloud pkg/config/controller_config.go: the flag defaults to true).
 */
import type { ContainerInfo, Inventory, PodInfo, WorkloadInfo } from '../collect/inventory';
import { valueOf } from '../collect/inventory';
import { makeFinding } from '../findings/make';
import type { Finding } from '../findings/types';
import { ccmPods, imageTag } from './ccm';
import { isManaged } from './managed-tables';
import { CCM_ADDON } from '../collect/ccm-addon';
import { resolveNetwork } from './network';
import { ccmProfile } from '../ram/profiles';

const CCM_IMAGE = /cloud-controller-manager/;

/** The container that runs the CCM binary in a CCM pod (by image, else by name, else the first). */
export function ccmContainer(pod: PodInfo): ContainerInfo | undefined {
  const list = pod.containers ?? [];
  return list.find((c) => CCM_IMAGE.test(c.image)) ?? list.find((c) => c.name === 'cloud-controller-manager') ?? list[0];
}

/** Go's strconv.ParseBool, which pflag uses for `--flag=value`; undefined for anything else. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * The value of a boolean flag in an argument list as pflag reads it: the last `--name` or `--name=<bool>` wins;
 * `--name false` (two words) sets true and leaves `false` as a positional argument.
 */
export function boolFlag(args: readonly string[], name: string): { value: boolean; arg: string } | undefined {
  let out: { value: boolean; arg: string } | undefined;
  for (const a of args) {
    // A container's command may be a shell line (`/cloud-controller-manager --configure-cloud-routes=false ...`).
    for (const word of a.split(/\s+/)) {
      if (word === `--${name}`) out = { value: true, arg: word };
      else if (word.startsWith(`--${name}=`)) {
        const v = parseBool(word.slice(name.length + 3));
        if (v !== undefined) out = { value: v, arg: word };
      }
    }
  }
  return out;
}

/** True when the pod's CCM container is running and ready (or, where container states were not read, the pod runs). */
function podHealthy(pod: PodInfo): boolean {
  if (pod.phase !== undefined && pod.phase !== 'Running') return false;
  const c = ccmContainer(pod);
  if (!c || c.state === undefined) return pod.phase === 'Running';
  return c.state === 'running' && c.ready !== false;
}

function podEvidence(pod: PodInfo) {
  const c = ccmContainer(pod);
  return {
    pod: pod.name,
    node: pod.nodeName ?? null,
    phase: pod.phase ?? null,
    container: c?.name ?? null,
    state: c?.state ?? null,
    reason: c?.stateReason ?? null,
    ready: c?.ready ?? null,
    restartCount: c?.restartCount ?? null,
    lastTerminationReason: c?.lastTerminationReason ?? null,
    image: c?.image ?? pod.images[0] ?? null,
  };
}

/** What stops the CCM in `pod` from decoding kube-system/cloud-config (v1.9.3.x reads JSON only). */
function configProblems(inv: Inventory, pod: PodInfo): string[] {
  const cfg = inv.cloudConfig.status === 'complete' ? inv.cloudConfig.value : undefined;
  const image = ccmContainer(pod)?.image ?? pod.images[0];
  const legacy = cfg?.format === 'yaml' && ccmProfile(image ? imageTag(image) : undefined) === 'legacy';
  return [...(cfg?.problems ?? []), ...(legacy ? ['cloud-config.conf is YAML, but CCM v1.9.3.x decodes JSON only'] : [])];
}

function isCcmWorkload(w: WorkloadInfo): boolean {
  return w.namespace === 'kube-system' && (w.name === 'cloud-controller-manager' || w.images.some((i) => CCM_IMAGE.test(i)));
}

/** Add-on states in which CS itself says the CCM is not working (DescribeClusterAddonInstance `state`). */
const ADDON_DOWN = new Set(['unhealthy', 'deleting', 'deleted']);

/**
 * A managed cluster's CCM runs in the control plane: no pod shows its health, the add-on's state does. Only a state
 * CS documents as abnormal or removed counts; an add-on that could not be read says nothing here.
 */
function managedAddonFindings(inv: Inventory): Finding[] {
  const addon = inv.ccmAddon?.status === 'complete' ? inv.ccmAddon.value : undefined;
  if (!addon?.state || !ADDON_DOWN.has(addon.state)) return [];
  return [
    makeFinding({
      code: 'CCM_NOT_RUNNING',
      resource: { kind: 'Addon', name: CCM_ADDON },
      message: `Container Service reports the ${CCM_ADDON} add-on ${addon.version ? `${addon.version} ` : ''}as ${addon.state}: the managed route controller creates and repairs no routes.`,
      evidence: { pods: [], workloads: [], clusterType: 'ManagedKubernetes', addon: { name: CCM_ADDON, version: addon.version ?? null, state: addon.state } },
      remediation: [
        {
          description:
            addon.state === 'unhealthy'
              ? 'Check the add-on in the ACK console (Operations > Add-ons) and repair or upgrade it; open a ticket if it stays unhealthy.'
              : 'Reinstall the cloud-controller-manager add-on (ACK console: Operations > Add-ons).',
        },
      ],
    }),
  ];
}

/** CCM_NOT_RUNNING and CCM_ROUTES_DISABLED for a Flannel cluster whose CCM runs in kube-system. */
export function ccmHealthFindings(inv: Inventory): Finding[] {
  if (resolveNetwork(inv).network !== 'flannel') return [];
  if (isManaged(inv.cluster)) return managedAddonFindings(inv);
  const pods = valueOf(inv.pods);
  if (!pods) return [];
  const cluster = valueOf(inv.cluster);
  const all = ccmPods(pods);
  const healthy = all.filter(podHealthy);
  const out: Finding[] = [];
  // Only a cluster CS described as dedicated must run its own CCM: a cluster audited from a kubeconfig alone may be
  // managed, where the CCM runs in the control plane and no pod is visible.
  const dedicated = cluster !== undefined && cluster.clusterId !== '' && cluster.clusterType !== 'ManagedKubernetes';
  const workloads = inv.workloads.status === 'complete' ? inv.workloads.value.filter(isCcmWorkload) : undefined;
  if (healthy.length === 0 && all.length > 0) {
    const first = all[0];
    const problems = configProblems(inv, first);
    const states = all.map(podEvidence);
    const stateOf = (s: (typeof states)[number]) =>
      s.state === 'waiting' || s.state === 'terminated' ? `${s.state} (${s.reason ?? 'no reason'})` : s.ready === false ? 'not ready' : (s.phase ?? 'unknown phase');
    const what = states.map((s) => `${s.pod}: ${stateOf(s)}${s.restartCount ? `, ${s.restartCount} restarts` : ''}`);
    out.push(
      makeFinding({
        code: 'CCM_NOT_RUNNING',
        resource: { kind: 'Pod', namespace: 'kube-system', name: first.name },
        message:
          `No cloud-controller-manager pod is running and ready (${what.join('; ')}): the route controller creates and repairs no routes.` +
          (problems.length ? ` Its cloud-config cannot be read: ${problems.join('; ')}.` : ''),
        evidence: {
          pods: states,
          workloads: (workloads ?? []).map((w) => `${w.kind}/${w.name}`),
          clusterType: cluster?.clusterType ?? null,
          ...(problems.length ? { cloudConfigProblems: problems } : {}),
        },
        remediation: [
          {
            description: 'Read why the CCM container stops and fix that (a bad cloud-config, missing credentials, an unreachable API server).',
            command: `kubectl -n kube-system logs ${first.name} --previous --tail=200`,
          },
          { description: 'Describe the pod for scheduling and probe failures.', command: `kubectl -n kube-system describe pod ${first.name}` },
        ],
      }),
    );
  } else if (all.length === 0 && dedicated && inv.pods.status === 'complete' && workloads !== undefined) {
    const w = workloads[0];
    out.push(
      makeFinding({
        code: 'CCM_NOT_RUNNING',
        resource: { kind: w?.kind ?? 'Deployment', namespace: 'kube-system', name: w?.name ?? 'cloud-controller-manager' },
        message: w
          ? `${w.kind} kube-system/${w.name} runs no cloud-controller-manager pod: on this dedicated cluster nothing creates or repairs the nodes' routes.`
          : "No cloud-controller-manager pod, DaemonSet or Deployment exists in kube-system: on this dedicated cluster nothing creates or repairs the nodes' routes.",
        evidence: { pods: [], workloads: workloads.map((x) => `${x.kind}/${x.name}`), clusterType: cluster?.clusterType ?? null },
        remediation: [
          w
            ? { description: `Find why ${w.kind} ${w.name} has no pods (node selector, tolerations, image pull).`, command: `kubectl -n kube-system describe ${w.kind.toLowerCase()} ${w.name}` }
            : { description: 'Reinstall the cloud-controller-manager component of the cluster (ACK console: Operations > Add-ons), then check its pods in kube-system.' },
        ],
      }),
    );
  }
  for (const pod of healthy.length ? healthy : all) {
    const c = ccmContainer(pod);
    const flag = c ? boolFlag(c.args, 'configure-cloud-routes') : undefined;
    if (!flag || flag.value) continue;
    out.push(
      makeFinding({
        code: 'CCM_ROUTES_DISABLED',
        resource: { kind: 'Pod', namespace: 'kube-system', name: pod.name },
        message: `The cloud-controller-manager in ${pod.name} runs with ${flag.arg}: its route controller never creates, repairs or deletes a VPC route.`,
        evidence: { pod: pod.name, container: c!.name, flag: flag.arg, args: c!.args, ccmVersion: imageTag(c!.image) ?? null },
        remediation: [
          {
            description: 'On a Flannel cluster the CCM must manage routes: remove --configure-cloud-routes=false from its DaemonSet/Deployment (the default is true; --cluster-cidr must then be set).',
            command: 'kubectl -n kube-system edit daemonset cloud-controller-manager',
          },
        ],
      }),
    );
    break;
  }
  return out;
}
