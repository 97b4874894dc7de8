/** `--state oss://BUCKET/PREFIX | DIR`: the command line's memory, the same archive and changes as the functions'. */
import { changesSummary } from '../report/changes-view';
import type { Report } from '../report/schema';
import { dirStore } from '../state/dir-store';
import { archiveReport, recall, rememberRun, withMemory, withWarning } from '../state/memory';
import { ossStore } from '../state/oss-store';
import type { StateStore } from '../state/store';
import { UsageError } from '../util/errors';

const OSS_URL = /^oss:\/\/([a-z0-9][a-z0-9-]{1,61}[a-z0-9])(?:\/(.*))?$/;
// A link printed by the command line is for the person who ran it: a day is plenty.
const CLI_LINK_SECONDS = 86_400;

/** The store `--state` names: OSS (credentials from ALIBABA_CLOUD_*, region from --region) or a local directory. */
export function openStateStore(spec: string, env: NodeJS.ProcessEnv, region: string | undefined): StateStore {
  if (!spec.startsWith('oss://')) return dirStore(spec);
  const m = OSS_URL.exec(spec);
  if (!m) throw new UsageError(`--state ${spec}: expected oss://BUCKET/PREFIX (a bucket of 3-63 lower-case letters, digits and -) or a directory`);
  const ossRegion = env.ACK_DRIFT_OSS_REGION || region || env.ALIBABA_CLOUD_REGION_ID;
  if (!ossRegion) throw new UsageError(`--state ${spec}: the bucket's region is unknown: give --region or set ACK_DRIFT_OSS_REGION`);
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) throw new UsageError(`--state ${spec}: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS)`);
  const credentials = { accessKeyId, accessKeySecret, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
  return ossStore({ bucket: m[1], prefix: (m[2] ?? '').replace(/\/+$/, ''), region: ossRegion, internal: false, credentials, timeoutMs: 10_000 });
}

/** Compares with the previous run in the store, archives this one and makes it the latest; failures are warnings. */
export async function rememberCliRun(report: Report, store: StateStore, progress: (m: string) => void): Promise<Report> {
  const recalled = await recall(store, report.cluster.clusterId, report.runId);
  let remembered = withMemory(report, recalled);
  recalled.warnings.forEach((w) => progress(`warning: ${w}`));
  try {
    const archived = await archiveReport(store, remembered, CLI_LINK_SECONDS);
    await rememberRun(store, remembered, archived.keys, recalled);
    if (remembered.changes) progress(`changes ${changesSummary(remembered.changes)}`);
    progress(`archived in ${store.location}${archived.link ? `: ${archived.link}` : ''}`);
  } catch (err) {
    const warning = `the report could not be archived in ${store.location}: ${err instanceof Error ? err.message : String(err)}`;
    progress(`warning: ${warning}`);
    remembered = withWarning(remembered, warning);
  }
  return remembered;
}
