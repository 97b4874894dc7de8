/** What every command that calls a real account shares: endpoint overrides, checked before anything is sent. */
import { regionEndpoints, type CloudEndpoints } from '../collect/cloud-clients';
import { ENDPOINT_URL } from '../config/env-schema';
import { UsageError } from '../util/errors';

/** Endpoint overrides from ACK_DRIFT_ENDPOINT_* and --endpoint, checked before anything is sent. */
export function endpointOverrides(flags: string[], env: NodeJS.ProcessEnv): Partial<CloudEndpoints> {
  const out: Partial<CloudEndpoints> = {};
  // Overrides receive signed requests and the STS token: https, or plain http to a loopback simulator only.
  const safe = new RegExp(ENDPOINT_URL);
  for (const key of ['vpc', 'ecs', 'ram', 'resourcemanager', 'cs'] as const) {
    const name = `ACK_DRIFT_ENDPOINT_${key.toUpperCase()}`;
    const v = env[name];
    if (v && !safe.test(v)) throw new UsageError(`${name}: expected an https:// URL (plain http:// only to 127.0.0.1, [::1] or localhost)`);
    if (v) out[key] = v;
  }
  for (const f of flags) {
    const m = /^(vpc|ecs|ram|resourcemanager|cs)=(.+)$/.exec(f);
    if (!m) throw new UsageError(`--endpoint ${f}: expected PRODUCT=URL with PRODUCT one of vpc, ecs, ram, resourcemanager, cs`);
    if (!safe.test(m[2])) throw new UsageError(`--endpoint ${m[1]}=…: expected an https:// URL (plain http:// only to 127.0.0.1, [::1] or localhost)`);
    out[m[1] as keyof CloudEndpoints] = m[2];
  }
  return out;
}

/** The endpoints of a real account: the region's, overridden by ACK_DRIFT_ENDPOINT_* and --endpoint (https, or http to loopback). */
export function endpointsFrom(region: string, flags: string[], env: NodeJS.ProcessEnv): CloudEndpoints {
  return { ...regionEndpoints(region), ...endpointOverrides(flags, env) };
}
