/**
 * Runs that remember, end to end: the audit handler with an OSS archive on the simulator (real ali-oss, V4, STS
 * token), three runs on one cluster (seed, seed again, healed), the presigned link opened by plain HTTP GET before
 * and after its expiry, two instances given the same event, and an archive that refuses every call.
 */
import { get as httpGet } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuditHandler, type AuditSummary } from '../../functions/audit/handler';
import { createDispatchHandler, type DispatchOutcome } from '../../functions/dispatch/handler';
import { createFcInvoker } from '../../shared/fleet/fc-invoker';
import type { Fleet } from '../../shared/state/fleet';
import { MemoryIdempotencyStore } from '../../shared/handler/idempotency';
import { captureLogs, type CapturedLogs } from '../../shared/log/capture';
import { deliverReport } from '../../shared/notify/deliver';
import type { Report } from '../../shared/report/schema';
import { reportProblems } from '../../shared/report/validate';
import { parseScenario } from '../../shared/scenario/load';
import type { Scenario } from '../../shared/scenario/schema';
import { OssBuckets } from '../../shared/sim/cloud/server';
import { pinnedAgent, pinnedLookup, simOssEndpoint } from '../../shared/sim/oss-lookup';
import { startSimulators, type Simulators } from '../../shared/sim/start';
import { CANARY, fcContext, ROOT, startReceiver, STS_KEY_ID, stsSeedScenario, timerEvent, type Receiver } from './support';

const BUCKET = 'ack-drift-reports';
const PREFIX = 'audits';
const CLUSTER = 'c8f2a6d41b3e94c0e8a1f5b7d2c9e3a10';
const payload = { clusterId: CLUSTER, region: 'cn-hangzhou' };
const agent = pinnedAgent();

let buckets: OssBuckets;
let receiver: Receiver;
let offsetMs = 0;

interface Hook {
  changed?: string;
  reportUrl?: string;
  report: Report;
}

/** The seed healed: the same cluster and account with every route, policy and APIService in order. */
function healedScenario(): Scenario {
  const healed = parseScenario(readFileSync(join(ROOT, 'test', 'fixtures', 'scenarios', 'healthy.yaml'), 'utf8'), 'healthy.yaml');
  healed.auditor = { ...healed.auditor, ...stsSeedScenario().auditor };
  return healed;
}

function open(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { lookup: pinnedLookup }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

/** Serves the scenario with the shared buckets, runs `body`, and stops the simulators. */
async function withSims<T>(scenario: Scenario, body: (sims: Simulators) => Promise<T>): Promise<T> {
  const sims = await startSimulators(scenario, { oss: buckets, now: () => new Date(Date.now() + offsetMs) });
  try {
    return await body(sims);
  } finally {
    offsetMs = 0;
    await sims.close();
  }
}

function handlerFor(sims: Simulators, logs: CapturedLogs = captureLogs(), store = new MemoryIdempotencyStore()) {
  const url = sims.cloud.url;
  const env = {
    ACK_DRIFT_REGIONS: 'cn-hangzhou',
    ACK_DRIFT_ENDPOINT_VPC: url,
    ACK_DRIFT_ENDPOINT_ECS: url,
    ACK_DRIFT_ENDPOINT_RAM: url,
    ACK_DRIFT_ENDPOINT_RESOURCEMANAGER: url,
    ACK_DRIFT_ENDPOINT_CS: url,
    ACK_DRIFT_WEBHOOKS: JSON.stringify([{ kind: 'generic', name: 'oncall', url: `${receiver.url}/hook`, secret: CANARY.webhookSecret }]),
    ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS: 'true',
    ACK_DRIFT_ALLOW_HTTP_WEBHOOKS: 'true',
    ACK_DRIFT_OSS_BUCKET: BUCKET,
    ACK_DRIFT_OSS_PREFIX: PREFIX,
    ACK_DRIFT_LINK_TTL: '1h',
    FC_REGION: 'cn-hangzhou',
    FC_ACCOUNT_ID: '1837462005813702',
  };
  return createAuditHandler({ env, logger: logs.logger, deliver: deliverReport, store, ossTransport: { endpoint: simOssEndpoint(url, 'cn-hangzhou'), agent } });
}

function hooksSince(n: number): Hook[] {
  return receiver.received.slice(n).map((r) => (JSON.parse(r.body) as { data: Hook }).data);
}

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

describe('three runs on one cluster: seed, seed again, healed', () => {
  const runs: AuditSummary[] = [];
  const hooks: Hook[][] = [];
  const link: { before?: { status: number; body: string }; after?: { status: number; body: string } } = {};
  let dispatched: DispatchOutcome | undefined;

  beforeAll(async () => {
    buckets = new OssBuckets({ [BUCKET]: 'cn-hangzhou' });
    const seed = stsSeedScenario();
    for (const [scenario, time] of [
      [seed, '2026-11-26T08:00:00Z'],
      [seed, '2026-11-26T09:00:00Z'],
      [healedScenario(), '2026-11-26T10:00:00Z'],
    ] as const) {
      const before = receiver.received.length;
      await withSims(scenario, async (sims) => {
        runs.push((await handlerFor(sims)(timerEvent(payload, time), fcContext(scenario))) as AuditSummary);
        const url = hooksSince(before)[0]?.reportUrl;
        if (runs.length === 3) {
          const dispatch = createDispatchHandler({
            env: {
              ACK_DRIFT_REGIONS: 'cn-hangzhou',
              ACK_DRIFT_ENDPOINT_CS: sims.cloud.url,
              ACK_DRIFT_ENDPOINT_FC: sims.cloud.url,
              ACK_DRIFT_OSS_BUCKET: BUCKET,
              ACK_DRIFT_OSS_PREFIX: PREFIX,
              FC_REGION: 'cn-hangzhou',
            },
            logger: captureLogs().logger,
            invoker: createFcInvoker,
            ossTransport: { endpoint: simOssEndpoint(sims.cloud.url, 'cn-hangzhou'), agent },
          });
          dispatched = (await dispatch(timerEvent({}, '2026-11-26T10:05:00Z', 'fleet-hourly'), fcContext(scenario, { function: { name: 'ack-drift-dispatch', timeout: 600 } }))) as DispatchOutcome;
        }
        if (runs.length === 1 && url) {
          link.before = await open(url);
          offsetMs = 3600_000 + 5000;
          link.after = await open(url);
        }
      });
      hooks.push(hooksSince(before));
    }
  }, 120_000);

  it('the first run alerts, saying first what is new', () => {
    expect(hooks[0]).toHaveLength(1);
    expect(hooks[0][0].changed).toMatch(/^new: /);
    const report = hooks[0][0].report;
    expect(reportProblems(report)).toEqual([]);
    expect(report.schemaVersion).toBe('1.1');
    expect(report.changes?.since).toBeNull();
    expect(report.changes?.new.length).toBe(report.findings.filter((f) => f.status === 'fail' || f.status === 'unknown').length);
    expect(runs[0].changed?.new).toBeGreaterThan(0);
  });

  it('the second run of the same problems stays silent', () => {
    expect(hooks[1]).toEqual([]);
    expect(runs[1].deliveries.map((d) => d.skipped)).toEqual(['unchanged']);
    expect(runs[1].changed).toEqual({ new: 0, worsened: 0, resolved: 0, unchanged: runs[0].changed?.new });
  });

  it('the healed run alerts "resolved", naming the run it compares with', () => {
    expect(hooks[2]).toHaveLength(1);
    expect(hooks[2][0].changed).toMatch(/^resolved: /);
    expect(hooks[2][0].report.changes?.since?.runId).toBe(runs[1].runId);
    expect(runs[2].changed).toEqual({ new: 0, worsened: 0, resolved: runs[0].changed?.new, unchanged: 0 });
    expect(runs[2].status).toBe('healthy');
  });

  it('archives every alerting run under <prefix>/<clusterId>/<yyyy>/<mm>/<dd>/<runId>.{json,html} with latest.json', () => {
    const keys = [...new Set([BUCKET])].flatMap((b) => buckets.keys(b));
    for (const run of runs) {
      const base = keys.find((k) => k.endsWith(`/${run.runId}.json`));
      expect(base).toMatch(new RegExp(`^${PREFIX}/${CLUSTER}/\\d{4}/\\d{2}/\\d{2}/${run.runId}\\.json$`));
      expect(keys).toContain(base!.replace(/\.json$/, '.html'));
    }
    const latest = JSON.parse(buckets.get(BUCKET, `${PREFIX}/${CLUSTER}/latest.json`)!.body.toString()) as { runId: string; status: string };
    expect(latest).toMatchObject({ runId: runs[2].runId, status: 'healthy' });
  });

  it('the link in the first alert opens the HTML report by plain HTTP GET, and is refused after its expiry', () => {
    expect(hooks[0][0].reportUrl).toMatch(new RegExp(`^http://${BUCKET}\\.oss-cn-hangzhou\\.aliyuncs\\.com:\\d+/${PREFIX}/${CLUSTER}/.+\\.html\\?.*x-oss-signature=`));
    expect(hooks[0][0].reportUrl).toContain(`x-oss-credential=${encodeURIComponent(STS_KEY_ID)}`);
    expect(link.before?.status).toBe(200);
    expect(link.before?.body).toMatch(/^<!doctype html>/);
    expect(link.before?.body).toContain('data-testid="changes"');
    expect(link.after?.status).toBe(403);
    expect(link.after?.body).toContain('Request has expired.');
  });

  it('dispatch writes the fleet page from every latest.json after its fan-out', () => {
    expect(dispatched?.invoked).toBe(1);
    expect(dispatched?.fleetPage).toEqual({ clusters: 1, stale: 0 });
    const fleet = JSON.parse(buckets.get(BUCKET, `${PREFIX}/fleet.json`)!.body.toString()) as Fleet;
    expect(fleet.clusters).toEqual([expect.objectContaining({ clusterId: CLUSTER, region: 'cn-hangzhou', status: 'healthy', runId: runs[2].runId, changed: expect.stringMatching(/^resolved: /) })]);
    expect(fleet.clusters[0].link).toMatch(/x-oss-signature=/);
    expect(buckets.get(BUCKET, `${PREFIX}/fleet.html`)?.body.toString()).toContain(CLUSTER);
  });
});

describe('two instances given the same event', () => {
  it('deliver once, concurrently or one after the other', async () => {
    buckets = new OssBuckets({ [BUCKET]: 'cn-hangzhou' });
    const seed = stsSeedScenario();
    const before = receiver.received.length;
    const event = () => timerEvent(payload, '2026-11-27T08:00:00Z');
    const [a, b, c] = await withSims(seed, async (sims) => {
      const pair = await Promise.all([handlerFor(sims)(event(), fcContext(seed)), handlerFor(sims)(event(), fcContext(seed))]);
      const third = await handlerFor(sims)(event(), fcContext(seed));
      return [...pair, third] as AuditSummary[];
    });
    expect(receiver.received.length - before).toBe(1);
    const outcomes = [a, b, c].map((s) => s.deliveries[0]);
    expect(outcomes.filter((o) => o.ok && !o.skipped)).toHaveLength(1);
    expect(outcomes.filter((o) => o.skipped === 'duplicate')).toHaveLength(2);
    expect(new Set([a.runId, b.runId, c.runId]).size).toBe(1);
    expect(buckets.keys(BUCKET).filter((k) => k.startsWith(`${PREFIX}/deliveries/`))).toHaveLength(1);
  }, 60_000);
});

describe('an archive that refuses every call', () => {
  it('still reports and still alerts, with a warning in the log and in the report stats', async () => {
    buckets = new OssBuckets({ [BUCKET]: 'cn-hangzhou' });
    const denied = stsSeedScenario();
    denied.auditor = { ...denied.auditor, deniedActions: [...(denied.auditor?.deniedActions ?? []), 'oss:*'] };
    const logs = captureLogs();
    const before = receiver.received.length;
    const summary = (await withSims(denied, (sims) => handlerFor(sims, logs)(timerEvent(payload, '2026-11-28T08:00:00Z'), fcContext(denied)))) as AuditSummary;
    const hooks = hooksSince(before);
    expect(hooks).toHaveLength(1);
    expect(summary.status).toBe('degraded');
    expect(hooks[0].report.changes).toBeUndefined();
    expect(hooks[0].report.stats.stateWarnings?.join('\n')).toMatch(/previous run could not be read.*AccessDenied/);
    expect(hooks[0].report.stats.stateWarnings?.join('\n')).toMatch(/could not be archived.*AccessDenied/);
    expect(
      logs
        .lines()
        .filter((l) => l.level === 40 || l.level === 'warn')
        .map((l) => l.msg)
        .join('\n'),
    ).toMatch(/AccessDenied/);
    expect(buckets.keys(BUCKET)).toEqual([]);
    expect(logs.text()).not.toContain(CANARY.accessKeySecret);
  }, 60_000);
});
