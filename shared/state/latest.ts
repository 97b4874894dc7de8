/** `<clusterId>/latest.json`: what the next run of a cluster and the fleet page need to know about its last run. */
import type { FindingSnapshot } from '../report/changes';
import { validatorOf } from '../util/validation';
import type { Latest } from './latest-schema';
import { validateLatest } from './latest-schema.validator';

export type { Latest };
const validate = validatorOf<Latest>(validateLatest);

export type PreviousRun = { runId: string; generatedAt: string; findings: FindingSnapshot[] };

/** Parses `latest.json`; undefined when it is not one (an unrelated or damaged object is never trusted). */
export function parseLatest(bytes: Buffer): Latest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return validate(value) ? value : undefined;
}

/** The key of a cluster's latest.json. */
export function latestKey(clusterId: string): string {
  return `${clusterId}/latest.json`;
}

/** `<clusterId>/<yyyy>/<mm>/<dd>/<runId>`: where a run's report is archived (UTC date of the run). */
export function runKeyBase(clusterId: string, runId: string, generatedAt: string): string {
  const [yyyy, mm, dd] = generatedAt.slice(0, 10).split('-');
  return `${clusterId}/${yyyy}/${mm}/${dd}/${runId}`;
}
