/**
 * Whose credentials the CCM of a dedicated cluster uses, in the CCM's own order
 * (cloud-provider-alibaba-cloud pkg/provider/alibaba/base/clientMgr.go `GetTokenAuth`): the add-on token file
 * `/var/addon/token-config` (v2.8.0+), the cloud-config AccessKey (with `uid`, a role assumed through servicetoken),
 * the env vars ACCESS_KEY_ID/ACCESS_KEY_SECRET, and only then the instance RAM role. v1.9.3.x has no add-on token.
 */
import type { CloudConfig, PodInfo } from '../collect/inventory';
import { parseCcmVersion } from '../ram/profiles';
import { ccmContainer } from './ccm-health';

export const ADDON_TOKEN_FILE = '/var/addon/token-config';

export type CcmCredential = { source: 'addonToken' | 'cloudConfigKey' | 'envKey' | 'maybeEnvKey'; kind: 'RamRole' | 'RamUser'; how: string } | { source: 'instanceRole' };

/** True unless the version is known to predate the add-on token (v2.8.0). */
function mayReadAddonToken(version: string | undefined): boolean {
  const v = version === undefined ? undefined : parseCcmVersion(version);
  return !v || v.major > 2 || (v.major === 2 && v.minor >= 8);
}

/** The mount that puts a file at `/var/addon/token-config` in the container, if any. */
function addonTokenMount(pod: PodInfo): string | undefined {
  const c = ccmContainer(pod);
  const m = c?.mounts.find((x) => {
    const dir = x.path.replace(/\/+$/, '');
    return dir !== '' && (x.path === ADDON_TOKEN_FILE || ADDON_TOKEN_FILE.startsWith(`${dir}/`));
  });
  if (!m) return undefined;
  const source = pod.volumes?.find((v) => v.name === m.volume)?.source ?? `volume ${m.volume}`;
  return `${source} mounted at ${m.path}`;
}

/** The credential the CCM in `pod` picks (the pod may be unknown: then only cloud-config can speak). */
export function ccmCredential(pod: PodInfo | undefined, cfg: CloudConfig | undefined, version: string | undefined): CcmCredential {
  const mount = pod && mayReadAddonToken(version) ? addonTokenMount(pod) : undefined;
  if (mount) {
    return {
      source: 'addonToken',
      kind: 'RamRole',
      how: `the CCM reads the add-on token ${ADDON_TOKEN_FILE} (${mount}): it acts as the role ACK issues that token for, which the auditor cannot resolve`,
    };
  }
  if (cfg?.hasAccessKey) {
    return cfg.assumesRole && (version === undefined || (parseCcmVersion(version)?.major ?? 2) >= 2)
      ? {
          source: 'cloudConfigKey',
          kind: 'RamRole',
          how: 'kube-system/cloud-config carries an AccessKey and a uid: the CCM assumes a role in that account through servicetoken (the key is not read or printed)',
        }
      : { source: 'cloudConfigKey', kind: 'RamUser', how: 'kube-system/cloud-config carries an AccessKey: the CCM acts as that RAM user (the key is not read or printed)' };
  }
  const c = pod ? ccmContainer(pod) : undefined;
  const set = (name: string) => c?.env.some((e) => e.name === name && e.from !== 'empty');
  if (set('ACCESS_KEY_ID') && set('ACCESS_KEY_SECRET')) {
    return {
      source: 'envKey',
      kind: 'RamUser',
      how: `the CCM container sets ACCESS_KEY_ID and ACCESS_KEY_SECRET (${c!.env
        .filter((e) => e.name.startsWith('ACCESS_KEY_'))
        .map((e) => `${e.name} from ${e.from}`)
        .join(', ')}): it acts as that key's RAM user (the key is not read)`,
    };
  }
  if (c && c.envFrom.length > 0 && !(c.env.some((e) => e.name === 'ACCESS_KEY_ID') && c.env.some((e) => e.name === 'ACCESS_KEY_SECRET'))) {
    return {
      source: 'maybeEnvKey',
      kind: 'RamUser',
      how: `the CCM container takes env from ${c.envFrom.join(', ')}, which may set ACCESS_KEY_ID/ACCESS_KEY_SECRET: its identity cannot be told from the pod`,
    };
  }
  return { source: 'instanceRole' };
}
