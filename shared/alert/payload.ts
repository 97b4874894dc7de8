/**
 * The Alertmanager webhook payload (version 4), which ARMS Prometheus alerting also sends: `receiver`, `status`,
 * `groupKey`, `alerts[]` with `labels`, `annotations`, `startsAt`, `fingerprint`. Read by hand, bounded, and only the
 * fields the diagnosis uses; anything else in it is ignored.
 */

export interface Alert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  fingerprint?: string;
}

export interface AlertGroup {
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  alerts: Alert[];
}

const MAX_ALERTS = 1000;
const MAX_TEXT = 4096;

/** A string of at most MAX_TEXT characters, or undefined. */
function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined;
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where}: expected an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    const s = text(x);
    if (s === undefined) throw new Error(`${where}.${k}: expected a string of at most ${MAX_TEXT} characters`);
    out[k] = s;
  }
  return out;
}

function status(v: unknown, where: string): 'firing' | 'resolved' {
  if (v === 'firing' || v === 'resolved') return v;
  throw new Error(`${where}: expected "firing" or "resolved"`);
}

/** Parses a webhook body; throws an Error naming the first bad field (never echoing its value). */
export function parseAlertGroup(body: string): AlertGroup {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new Error('body: not JSON (expected an Alertmanager webhook payload, version 4)');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('body: expected a JSON object');
  const d = data as Record<string, unknown>;
  if (d.version !== undefined && d.version !== '4') throw new Error('version: only version 4 of the Alertmanager webhook payload is understood');
  const groupKey = text(d.groupKey);
  if (!groupKey) throw new Error('groupKey: required');
  if (!Array.isArray(d.alerts) || d.alerts.length === 0 || d.alerts.length > MAX_ALERTS) throw new Error(`alerts: expected 1 to ${MAX_ALERTS} alerts`);
  const alerts = d.alerts.map((a: unknown, i: number): Alert => {
    if (typeof a !== 'object' || a === null) throw new Error(`alerts[${i}]: expected an object`);
    const x = a as Record<string, unknown>;
    return {
      status: status(x.status, `alerts[${i}].status`),
      labels: stringMap(x.labels, `alerts[${i}].labels`),
      annotations: stringMap(x.annotations, `alerts[${i}].annotations`),
      startsAt: text(x.startsAt),
      fingerprint: text(x.fingerprint),
    };
  });
  return { receiver: text(d.receiver) ?? '', status: status(d.status, 'status'), groupKey, alerts };
}
