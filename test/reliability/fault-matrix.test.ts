/**
 * The fault matrix (docs/reliability.md) on the simulators' `faults`. Each row either
 * recovers (the report equals the fault-free one) or degrades honestly (the named checks turn unknown with the
 * cause, nothing else changes). Never a false pass, never an invented finding. The suite prints its headline
 * figures, each counted from what ran: injections as the simulators counted them, denominators fixed by the rows.
 * Rows 19-25 are the reproductions of issue #10 (false passes and invented findings); rows 26a-26c its memory bounds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultRule, Scenario } from '../../shared/scenario/schema';
import type { Report } from '../../shared/report/schema';
import { parseScenario } from '../../shared/scenario/load';
import { auditScenario, seedScenario } from '../support/audit';

type Outcome = { recovers: true } | { unknown: { check: string; code: string }[] };

interface Row {
  id: string;
  fault: string;
  faultClass: string;
  /** The world the row runs in (default: the seed incident); its own fault-free run is the row's baseline. */
  world?: World;
  faults?: FaultRule[];
  forbidden?: { verb?: string; resource?: string; group?: string; path?: string }[];
  deniedActions?: string[];
  pageSize?: number;
  deadlineMs?: number;
  requestTimeoutMs?: number;
  /** The memory (MB) of the function the audit runs in (default: the command line's). */
  memoryMb?: number;
  outcome: Outcome;
}

interface World {
  name: string;
  make: () => Scenario;
  /** The world whose fault-free report this one must equal (a world that only repeats objects is the seed). */
  sameAs?: string;
}

const cloud = (action: string, effect: FaultRule['effect'], attempt?: FaultRule['match']['attempt'], page?: number, params?: Record<string, string>): FaultRule => ({
  target: 'cloud',
  match: { action, ...(attempt !== undefined ? { attempt } : {}), ...(page ? { page } : {}), ...(params ? { params } : {}) },
  effect,
});
const kube = (path: string, effect: FaultRule['effect'], attempt?: FaultRule['match']['attempt'], page?: number): FaultRule => ({
  target: 'kubernetes',
  match: { path, ...(attempt !== undefined ? { attempt } : {}), ...(page ? { page } : {}) },
  effect,
});
const throttled = { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' };
const always = { from: 1 };

type Obj = { kind: string; metadata: { name: string; namespace?: string } };
const objectsOf = (s: Scenario) => s.cluster.objects as unknown as Obj[];
/** Objects of a world that repeat another's kind, namespace and name: each is one injected fault. */
const repeats = (s: Scenario) => objectsOf(s).length - new Set(objectsOf(s).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).size;
/** A flood of noise events in a world is one injected fault (an event list too long to read), whatever its length. */
const flooded = (s: Scenario) => (objectsOf(s).some((o) => o.kind === 'Event' && o.metadata.name.startsWith('noise-')) ? 1 : 0);
/** Faults planted in the world itself rather than by the simulators' rules. */
const planted = (s: Scenario) => repeats(s) + flooded(s);

const SEED: World = { name: 'seed', make: seedScenario };
// A second aggregated API served from `monitoring`: the pod list then spans two namespaces. The route controller's
// event is left out: its finding names the CCM pod when the pods were read and the Deployment when not, a change of
// name that is not what this world tests.
const TWO_NAMESPACES: World = {
  name: 'backend in a second namespace',
  make: () => {
    const s = seedScenario();
    s.cluster.objects = s.cluster.objects.filter((o) => (o as unknown as Obj).kind !== 'Event');
    const objs = objectsOf(s);
    objs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as unknown as Obj);
    objs.push({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.custom.metrics.k8s.io' },
      spec: { group: 'custom.metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { namespace: 'monitoring', name: 'prometheus-adapter', port: 443 } },
      status: { conditions: [{ type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed', lastTransitionTime: '2026-09-02T03:05:00Z' }] },
    } as unknown as Obj);
    return s;
  },
};
// A Node, a Namespace and an APIService listed twice, as a store or a pager repeating an item would serve them.
const DUPLICATED: World = {
  name: 'duplicated objects',
  sameAs: 'seed',
  make: () => {
    const s = seedScenario();
    const objs = objectsOf(s);
    for (const kind of ['Node', 'Namespace', 'APIService']) objs.push(structuredClone(objs.find((o) => o.kind === kind)!));
    return s;
  },
};
// 6,000 events of a crash-looping workload in kube-system (about 1.1 KB each): past the event bound of a 128 MB
// function (5,120 events), within that of a 512 MB one (20,480). Paged by the simulator as the API server pages.
const NOISY_EVENTS: World = {
  name: 'kube-system full of events',
  sameAs: 'seed',
  make: () => {
    const s = seedScenario();
    for (let i = 0; i < 6000; i++) {
      objectsOf(s).push({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `noise-${String(i).padStart(5, '0')}.18a0c0ffee`, namespace: 'kube-system' },
        involvedObject: { kind: 'Pod', namespace: 'kube-system', name: `crashloop-${i % 50}` },
        reason: 'BackOff',
        type: 'Warning',
        source: { component: 'kubelet' },
        count: 1,
        lastTimestamp: '2026-11-26T07:50:00Z',
        message: `Back-off restarting failed container ${'x'.repeat(900)}`,
      } as unknown as Obj);
    }
    return s;
  },
};
/** One EventList of about 20 MiB, as an API server that ignores `limit` would send it. */
const hugeEventList = () =>
  JSON.stringify({
    kind: 'EventList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '1' },
    items: Array.from({ length: 19_000 }, (_, i) => ({
      metadata: { name: `noise-${i}.18a0c0ffee`, namespace: 'kube-system' },
      involvedObject: { kind: 'Pod', name: `crashloop-${i % 50}` },
      reason: 'BackOff',
      type: 'Warning',
      message: `Back-off restarting failed container ${'x'.repeat(1000)}`,
    })),
  });
const TWO_TABLES: World = { name: 'two route tables', make: () => parseScenario(readFileSync(join(__dirname, '../fixtures/scenarios/two-route-tables.yaml'), 'utf8')) };
const SECOND_TABLE = 'vtb-bp1custom2tbl0000002';

const html502 = { status: 502, contentType: 'text/html', body: '<html><head><title>502 Bad Gateway</title></head><body><center>502 Bad Gateway</center></body></html>' };
const xml503 = { status: 503, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Error><Message>busy</Message></Error>' };
const brokenCloudConfig = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cloud-config', namespace: 'kube-system' },
  data: { 'cloud-config.conf': '{"Global":{"vpcid":"vpc-bp1k3x9q7wz2d5m8n4r6t",' },
});

const ROWS: Row[] = [
  { id: '1', fault: 'Throttling.User on attempts 1-2', faultClass: 'throttling', faults: [cloud('DescribeRouteEntryList', throttled, [1, 2])], outcome: { recovers: true } },
  {
    id: '2',
    fault: 'Throttling.User past the retry budget',
    faultClass: 'throttling',
    faults: [cloud('DescribeRouteEntryList', throttled, always)],
    outcome: { unknown: [{ check: 'routes', code: 'Throttling.User' }] },
  },
  {
    id: '3a',
    fault: 'Throttling (400) once',
    faultClass: 'throttling',
    faults: [cloud('DescribeInstanceRamRole', { status: 400, code: 'Throttling', message: 'Request was denied due to request throttling.' }, 1)],
    outcome: { recovers: true },
  },
  { id: '3b', fault: 'Throttling.Api once', faultClass: 'throttling', faults: [cloud('GetPolicy', { status: 400, code: 'Throttling.Api' }, 1)], outcome: { recovers: true } },
  { id: '3c', fault: '429 Throttling.User once', faultClass: 'throttling', faults: [cloud('DescribeInstances', { status: 429, code: 'Throttling.User' }, 1)], outcome: { recovers: true } },
  { id: '3d', fault: '503 ServiceUnavailable twice', faultClass: '5xx', faults: [cloud('DescribeRouteTableList', { status: 503, code: 'ServiceUnavailable' }, [1, 2])], outcome: { recovers: true } },
  { id: '3e', fault: '500 InternalError once', faultClass: '5xx', faults: [cloud('GetRole', { status: 500, code: 'InternalError' }, 1)], outcome: { recovers: true } },
  { id: '3f', fault: 'CS 503 once', faultClass: '5xx', faults: [cloud('DescribeClusterDetail', { status: 503, code: 'ServiceUnavailable' }, 1)], outcome: { recovers: true } },
  { id: '4a', fault: 'Forbidden.RAM on ListPoliciesForRole', faultClass: 'forbidden', deniedActions: ['ram:ListPoliciesForRole'], outcome: { unknown: [{ check: 'ram', code: 'Forbidden.RAM' }] } },
  {
    id: '4b',
    fault: 'Forbidden.RAM on DescribeRouteEntryList',
    faultClass: 'forbidden',
    deniedActions: ['vpc:DescribeRouteEntryList'],
    outcome: { unknown: [{ check: 'routes', code: 'Forbidden.RAM' }] },
  },
  {
    id: '5',
    fault: 'expired STS token on GetPolicy',
    faultClass: 'credentials',
    faults: [cloud('GetPolicy', { status: 400, code: 'InvalidSecurityToken.Expired', message: 'Specified SecurityToken is expired.' }, always)],
    outcome: { unknown: [{ check: 'ram', code: 'InvalidSecurityToken.Expired' }] },
  },
  { id: '6a', fault: 'cloud socket hang once', faultClass: 'hang', requestTimeoutMs: 400, faults: [cloud('GetRole', { hang: true }, 1)], outcome: { recovers: true } },
  { id: '6b', fault: 'kubernetes socket hang once', faultClass: 'hang', requestTimeoutMs: 400, faults: [kube('/api/v1/namespaces', { hang: true }, 1)], outcome: { recovers: true } },
  { id: '7a', fault: 'cloud body truncated once', faultClass: 'truncated', faults: [cloud('DescribeRouteTableList', { truncateAt: 40 }, 1)], outcome: { recovers: true } },
  { id: '7b', fault: 'cloud connection reset once', faultClass: 'reset', faults: [cloud('DescribeInstances', { reset: true }, 1)], outcome: { recovers: true } },
  { id: '7c', fault: 'kubernetes body truncated once', faultClass: 'truncated', requestTimeoutMs: 1000, faults: [kube('/api/v1/nodes', { truncateAt: 60 }, 1)], outcome: { recovers: true } },
  { id: '7d', fault: 'kubernetes connection reset once', faultClass: 'reset', faults: [kube('/apis/apiregistration.k8s.io/v1/apiservices', { reset: true }, 1)], outcome: { recovers: true } },
  {
    id: '7e',
    fault: 'cloud body always truncated',
    faultClass: 'truncated',
    faults: [cloud('DescribeRouteEntryList', { truncateAt: 40 }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'ECONNRESET|MalformedResponse' }] },
  },
  {
    id: '8',
    fault: 'route entries page 2 always fails',
    faultClass: 'paging',
    pageSize: 1,
    faults: [cloud('DescribeRouteEntryList', { status: 503, code: 'ServiceUnavailable' }, always, 2)],
    outcome: { unknown: [{ check: 'routes', code: 'ServiceUnavailable' }] },
  },
  { id: '11', fault: 'kubernetes 410 Expired on continue', faultClass: 'paging', pageSize: 1, faults: [kube('/api/v1/nodes', { status: 410, code: 'Expired' }, 1, 2)], outcome: { recovers: true } },
  {
    id: '13',
    fault: 'kubernetes 401 everywhere',
    faultClass: 'auth',
    faults: [kube('/*', { status: 401 }, always)],
    outcome: {
      unknown: [
        { check: 'routes', code: 'Unauthorized' },
        { check: 'namespaces', code: 'Unauthorized' },
        { check: 'apiservices', code: 'Unauthorized' },
      ],
    },
  },
  { id: '14', fault: 'RBAC 403 on apiservices only', faultClass: 'forbidden', forbidden: [{ resource: 'apiservices' }], outcome: { unknown: [{ check: 'apiservices', code: 'Forbidden' }] } },
  { id: '16', fault: 'kubernetes 429 with Retry-After', faultClass: 'throttling', faults: [kube('/api/v1/nodes', { status: 429, retryAfter: 1 }, 1)], outcome: { recovers: true } },
  { id: '16b', fault: 'kubernetes 500 once', faultClass: '5xx', faults: [kube('/api/v1/namespaces/kube-system/pods', { status: 500, code: 'InternalError' }, 1)], outcome: { recovers: true } },
  {
    id: '18',
    fault: 'deadline reached mid-run',
    faultClass: 'deadline',
    deadlineMs: 1500,
    faults: [cloud('GetPolicy', { delayMs: 1200, status: 503, code: 'ServiceUnavailable' }, always)],
    outcome: { unknown: [{ check: 'ram', code: 'DeadlineExceeded|ServiceUnavailable' }] },
  },
  // Issue #10, false passes and invented findings.
  {
    id: '19',
    fault: 'ecs:DescribeInstances always 503 (node instances unread)',
    faultClass: '5xx',
    faults: [cloud('DescribeInstances', { status: 503, code: 'ServiceUnavailable' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'ServiceUnavailable' }] },
  },
  {
    id: '20',
    fault: 'k8s list events 403 (route controller events unread)',
    faultClass: 'forbidden',
    faults: [kube('/api/v1/namespaces/default/events', { status: 403, code: 'Forbidden' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'Forbidden' }] },
  },
  {
    id: '21a',
    fault: 'RPC 503 with a lowercase {"code"} body',
    faultClass: 'lying reply',
    faults: [cloud('DescribeRouteEntryList', { status: 503, body: '{"code":"ServiceUnavailable","message":"The service is busy."}' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'ServiceUnavailable' }] },
  },
  {
    id: '21b',
    fault: 'RPC 200 {"RequestId"} without RouteEntrys',
    faultClass: 'lying reply',
    faults: [cloud('DescribeRouteEntryList', { body: '{"RequestId":"6A1B2C3D-0000-4000-8000-000000000021"}' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'IncompleteResponse' }] },
  },
  {
    id: '21c',
    fault: 'RPC 200 without its list, once',
    faultClass: 'lying reply',
    faults: [cloud('DescribeRouteEntryList', { body: '{"RequestId":"6A1B2C3D-0000-4000-8000-000000000022"}' }, 1)],
    outcome: { recovers: true },
  },
  {
    id: '21d',
    fault: 'DescribeInstances lists fewer than its TotalCount',
    faultClass: 'lying reply',
    faults: [cloud('DescribeInstances', { body: '{"RequestId":"6A1B2C3D-0000-4000-8000-000000000023","TotalCount":3,"NextToken":"","Instances":{"Instance":[]}}' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'IncompletePaging' }] },
  },
  {
    id: '21e',
    fault: 'RPC 502 with an HTML body',
    faultClass: 'lying reply',
    faults: [cloud('DescribeRouteTableList', html502, always)],
    outcome: { unknown: [{ check: 'routes', code: 'HTTP502' }] },
  },
  { id: '21f', fault: 'CS 502 with an HTML body', faultClass: 'lying reply', faults: [cloud('DescribeClusterDetail', html502, always)], outcome: { unknown: [{ check: 'routes', code: 'HTTP502' }] } },
  { id: '21g', fault: 'CS 503 with an XML body', faultClass: 'lying reply', faults: [cloud('DescribeClusterDetail', xml503, always)], outcome: { unknown: [{ check: 'routes', code: 'HTTP503' }] } },
  {
    id: '21h',
    fault: 'kubernetes list without items',
    faultClass: 'lying reply',
    faults: [kube('/api/v1/nodes', { body: '{"kind":"NodeList","apiVersion":"v1","metadata":{"resourceVersion":"1"}}' }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'IncompleteResponse' }] },
  },
  {
    id: '22',
    fault: 'cloud-config that does not parse',
    faultClass: 'hostile input',
    faults: [kube('/api/v1/namespaces/kube-system/configmaps/cloud-config', { body: brokenCloudConfig }, always)],
    outcome: {
      unknown: [
        { check: 'ram', code: 'UnparseableCloudConfig' },
        { check: 'routes', code: 'UnparseableCloudConfig' },
      ],
    },
  },
  {
    id: '23',
    fault: '403 on kube-system pods, monitoring readable',
    faultClass: 'forbidden',
    world: TWO_NAMESPACES,
    faults: [kube('/api/v1/namespaces/kube-system/pods', { status: 403, code: 'Forbidden' }, always)],
    outcome: { unknown: [{ check: 'ram', code: 'Forbidden' }] },
  },
  { id: '24', fault: 'a Node, a Namespace and an APIService listed twice', faultClass: 'hostile input', world: DUPLICATED, outcome: { recovers: true } },
  {
    id: '25',
    fault: 'two route tables, the second always 503',
    faultClass: '5xx',
    world: TWO_TABLES,
    faults: [cloud('DescribeRouteEntryList', { status: 503, code: 'ServiceUnavailable' }, always, undefined, { RouteTableId: SECOND_TABLE })],
    outcome: { unknown: [{ check: 'routes', code: 'ServiceUnavailable' }] },
  },
  // Issue #10 item 11, memory: a hostile cluster against the function's memory-derived bounds.
  {
    id: '26a',
    fault: '6,000 kube-system events, 128 MB function (event bound 5,120)',
    faultClass: 'hostile input',
    world: NOISY_EVENTS,
    memoryMb: 128,
    outcome: { unknown: [{ check: 'routes', code: 'ListTooLarge' }] },
  },
  { id: '26b', fault: '6,000 kube-system events, 512 MB function (event bound 20,480)', faultClass: 'hostile input', world: NOISY_EVENTS, memoryMb: 512, outcome: { recovers: true } },
  {
    id: '26c',
    fault: 'one 20 MiB event list ignoring limit, 128 MB function (answer cap 16 MiB)',
    faultClass: 'hostile input',
    memoryMb: 128,
    faults: [kube('/api/v1/namespaces/kube-system/events', { body: hugeEventList() }, always)],
    outcome: { unknown: [{ check: 'routes', code: 'ResponseTooLarge' }] },
  },
];

const failing = (r: Report) =>
  r.findings
    .filter((f) => f.status === 'fail')
    .map((f) => `${f.check}:${f.code}:${f.resource.name ?? f.resource.id}`)
    .sort();
const comparable = (r: Report) => ({ ...r, stats: undefined, generatedAt: undefined });

// Denominators come from the rows, not from what happened to finish.
const expectedUnknowns = ROWS.reduce((n, r) => n + ('unknown' in r.outcome ? r.outcome.unknown.length : 0), 0);
const figures = { rows: 0, faults: 0, classes: new Set<string>(), falsified: 0, falsePasses: 0, invented: 0, unknownsAttributed: 0, cleanUnknowns: 0 };

const baselines = new Map<string, Promise<Report>>();
function baselineOf(world: World): Promise<Report> {
  const name = world.sameAs ?? world.name;
  if (!baselines.has(name))
    baselines.set(
      name,
      auditScenario(world.sameAs ? SEED.make() : world.make()).then((r) => r.report),
    );
  return baselines.get(name)!;
}

describe('fault matrix', () => {
  afterAll(() => {
    // The headline figures of RELIABILITY.md, printed on every run, every one counted.
    console.log(
      [
        `fault matrix: ${figures.rows}/${ROWS.length} rows ran; faults injected ${figures.faults} across ${figures.classes.size} classes (${[...figures.classes].sort().join(', ')})`,
        `reports falsified: ${figures.falsified}/${ROWS.length}; false passes: ${figures.falsePasses}; invented findings: ${figures.invented}`,
        `unrecoverable faults reported as unknown with a cause: ${figures.unknownsAttributed}/${expectedUnknowns}`,
        `unknowns in the fault-free runs: ${figures.cleanUnknowns}`,
      ].join('\n'),
    );
  });

  it.each([SEED, TWO_NAMESPACES, TWO_TABLES].map((w) => [w.name, w] as const))('the fault-free run of %s is complete', async (_name, world) => {
    const baseline = await baselineOf(world);
    const unknowns = baseline.findings.filter((f) => f.status === 'unknown').length + baseline.coverage.filter((c) => c.status !== 'complete').length;
    figures.cleanUnknowns += unknowns;
    expect(unknowns).toBe(0);
  });

  it.each(ROWS.map((r) => [r.id, r.fault, r] as const))('row %s: %s', async (_id, _fault, row) => {
    const world = row.world ?? SEED;
    const baseline = await baselineOf(world);
    const scenario = world.make();
    scenario.faults = row.faults;
    if (row.forbidden || row.deniedActions) {
      scenario.auditor = { ...scenario.auditor, deniedActions: row.deniedActions, kubernetes: { ...scenario.auditor?.kubernetes, forbidden: row.forbidden } };
    }
    let injected = planted(scenario);
    let report: Report;
    try {
      report = (
        await auditScenario(scenario, {
          pageSize: row.pageSize,
          deadlineMs: row.deadlineMs,
          requestTimeoutMs: row.requestTimeoutMs,
          memoryMb: row.memoryMb,
          inspect: (sims) => {
            const counts = [...sims.cloud.faults.injected, ...sims.kube.faults.injected, ...Object.values(sims.cloud.denials), ...Object.values(sims.kube.denials)];
            injected += counts.reduce((a, b) => a + b, 0);
          },
        })
      ).report;
    } catch (err) {
      // A row that aborts delivered no report: that is a falsified report, and its unknowns stay unattributed.
      figures.falsified += 1;
      throw err;
    }
    figures.rows += 1;
    figures.faults += injected;
    figures.classes.add(row.faultClass);

    // Never invented: every failing finding is one the fault-free run has too.
    const invented = failing(report).filter((f) => !failing(baseline).includes(f));
    // Never a false pass: a check hit by an unrecoverable fault is never complete, and says why (API, code).
    const unattributed: string[] = [];
    let lostWitness: string[] = [];
    let differs = false;
    if ('recovers' in row.outcome) {
      differs = JSON.stringify(comparable(report)) !== JSON.stringify(comparable(baseline));
      lostWitness = failing(baseline).filter((f) => !failing(report).includes(f));
    } else {
      for (const expected of row.outcome.unknown) {
        const coverage = report.coverage.find((c) => c.check === expected.check)!;
        const unknown = report.findings.find((f) => f.status === 'unknown' && f.check === expected.check && JSON.stringify(f.evidence).match(new RegExp(`"code":"(${expected.code})"`)));
        if (coverage.status === 'complete' || !unknown) unattributed.push(`${expected.check}: ${coverage.status}, ${unknown ? 'with' : 'no'} unknown naming ${expected.code}`);
        else figures.unknownsAttributed += 1;
      }
      // Nothing else changes: the checks the fault did not reach report exactly what they did without it.
      const hit = new Set(row.outcome.unknown.map((u) => u.check));
      // A stale node condition is judged against the route entries: it goes where the route check goes.
      if (hit.has('routes')) hit.add('nodes');
      const untouched = (r: Report) => failing(r).filter((f) => !hit.has(f.split(':')[0]));
      const lost = untouched(baseline).filter((f) => !untouched(report).includes(f));
      // The RAM deny needs the CCM's pods (Kubernetes) and the route check's tables to find the identity: a fault
      // there can only remove it, never add.
      lostWitness = hit.has('routes') || hit.has('namespaces') ? lost.filter((f) => !f.startsWith('ram:')) : lost;
    }
    figures.invented += invented.length;
    figures.falsePasses += unattributed.length + lostWitness.length;
    if (invented.length || unattributed.length || lostWitness.length || differs) figures.falsified += 1;

    expect(injected).toBeGreaterThan(0);
    expect(invented).toEqual([]);
    expect(unattributed).toEqual([]);
    expect(lostWitness).toEqual([]);
    if ('recovers' in row.outcome) expect(comparable(report)).toEqual(comparable(baseline));
  });
});
