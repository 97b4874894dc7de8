/**
 * The fault matrix (docs/reliability.md) on the simulators' `faults`. Each row either
 * recovers (the report equals the fault-free one) or degrades honestly (the named checks turn unknown with the
 * cause, nothing else changes). Never a false pass, never an invented finding. The suite prints its headline figures.
 */
import type { FaultRule } from '../../shared/scenario/schema';
import type { Report } from '../../shared/report/schema';
import { auditScenario, seedScenario } from '../support/audit';

type Outcome = { recovers: true } | { unknown: { check: string; code: string }[] };

interface Row {
  id: string;
  fault: string;
  faultClass: string;
  faults?: FaultRule[];
  forbidden?: { verb?: string; resource?: string; group?: string; path?: string }[];
  deniedActions?: string[];
  pageSize?: number;
  deadlineMs?: number;
  requestTimeoutMs?: number;
  outcome: Outcome;
}

const cloud = (action: string, effect: FaultRule['effect'], attempt?: FaultRule['match']['attempt'], page?: number): FaultRule => ({ target: 'cloud', match: { action, ...(attempt !== undefined ? { attempt } : {}), ...(page ? { page } : {}) }, effect });
const kube = (path: string, effect: FaultRule['effect'], attempt?: FaultRule['match']['attempt'], page?: number): FaultRule => ({ target: 'kubernetes', match: { path, ...(attempt !== undefined ? { attempt } : {}), ...(page ? { page } : {}) }, effect });
const throttled = { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' };
const always = { from: 1 };

const ROWS: Row[] = [
  { id: '1', fault: 'Throttling.User on attempts 1-2', faultClass: 'throttling', faults: [cloud('DescribeRouteEntryList', throttled, [1, 2])], outcome: { recovers: true } },
  { id: '2', fault: 'Throttling.User past the retry budget', faultClass: 'throttling', faults: [cloud('DescribeRouteEntryList', throttled, always)], outcome: { unknown: [{ check: 'routes', code: 'Throttling.User' }] } },
  { id: '3a', fault: 'Throttling (400) once', faultClass: 'throttling', faults: [cloud('DescribeInstanceRamRole', { status: 400, code: 'Throttling', message: 'Request was denied due to request throttling.' }, 1)], outcome: { recovers: true } },
  { id: '3b', fault: 'Throttling.Api once', faultClass: 'throttling', faults: [cloud('GetPolicy', { status: 400, code: 'Throttling.Api' }, 1)], outcome: { recovers: true } },
  { id: '3c', fault: '429 Throttling.User once', faultClass: 'throttling', faults: [cloud('DescribeInstances', { status: 429, code: 'Throttling.User' }, 1)], outcome: { recovers: true } },
  { id: '3d', fault: '503 ServiceUnavailable twice', faultClass: '5xx', faults: [cloud('DescribeRouteTableList', { status: 503, code: 'ServiceUnavailable' }, [1, 2])], outcome: { recovers: true } },
  { id: '3e', fault: '500 InternalError once', faultClass: '5xx', faults: [cloud('GetRole', { status: 500, code: 'InternalError' }, 1)], outcome: { recovers: true } },
  { id: '3f', fault: 'CS 503 once', faultClass: '5xx', faults: [cloud('DescribeClusterDetail', { status: 503, code: 'ServiceUnavailable' }, 1)], outcome: { recovers: true } },
  { id: '4a', fault: 'Forbidden.RAM on ListPoliciesForRole', faultClass: 'forbidden', deniedActions: ['ram:ListPoliciesForRole'], outcome: { unknown: [{ check: 'ram', code: 'Forbidden.RAM' }] } },
  { id: '4b', fault: 'Forbidden.RAM on DescribeRouteEntryList', faultClass: 'forbidden', deniedActions: ['vpc:DescribeRouteEntryList'], outcome: { unknown: [{ check: 'routes', code: 'Forbidden.RAM' }] } },
  { id: '5', fault: 'expired STS token on GetPolicy', faultClass: 'credentials', faults: [cloud('GetPolicy', { status: 400, code: 'InvalidSecurityToken.Expired', message: 'Specified SecurityToken is expired.' }, always)], outcome: { unknown: [{ check: 'ram', code: 'InvalidSecurityToken.Expired' }] } },
  { id: '6a', fault: 'cloud socket hang once', faultClass: 'hang', requestTimeoutMs: 400, faults: [cloud('GetRole', { hang: true }, 1)], outcome: { recovers: true } },
  { id: '6b', fault: 'kubernetes socket hang once', faultClass: 'hang', requestTimeoutMs: 400, faults: [kube('/api/v1/namespaces', { hang: true }, 1)], outcome: { recovers: true } },
  { id: '7a', fault: 'cloud body truncated once', faultClass: 'truncated', faults: [cloud('DescribeRouteTableList', { truncateAt: 40 }, 1)], outcome: { recovers: true } },
  { id: '7b', fault: 'cloud connection reset once', faultClass: 'reset', faults: [cloud('DescribeInstances', { reset: true }, 1)], outcome: { recovers: true } },
  { id: '7c', fault: 'kubernetes body truncated once', faultClass: 'truncated', requestTimeoutMs: 1000, faults: [kube('/api/v1/nodes', { truncateAt: 60 }, 1)], outcome: { recovers: true } },
  { id: '7d', fault: 'kubernetes connection reset once', faultClass: 'reset', faults: [kube('/apis/apiregistration.k8s.io/v1/apiservices', { reset: true }, 1)], outcome: { recovers: true } },
  { id: '7e', fault: 'cloud body always truncated', faultClass: 'truncated', faults: [cloud('DescribeRouteEntryList', { truncateAt: 40 }, always)], outcome: { unknown: [{ check: 'routes', code: 'ECONNRESET|MalformedResponse' }] } },
  { id: '8', fault: 'route entries page 2 always fails', faultClass: 'paging', pageSize: 1, faults: [cloud('DescribeRouteEntryList', { status: 503, code: 'ServiceUnavailable' }, always, 2)], outcome: { unknown: [{ check: 'routes', code: 'ServiceUnavailable' }] } },
  { id: '11', fault: 'kubernetes 410 Expired on continue', faultClass: 'paging', pageSize: 1, faults: [kube('/api/v1/nodes', { status: 410, code: 'Expired' }, 1, 2)], outcome: { recovers: true } },
  { id: '13', fault: 'kubernetes 401 everywhere', faultClass: 'auth', faults: [kube('/*', { status: 401 }, always)], outcome: { unknown: [{ check: 'routes', code: 'Unauthorized' }, { check: 'namespaces', code: 'Unauthorized' }, { check: 'apiservices', code: 'Unauthorized' }] } },
  { id: '14', fault: 'RBAC 403 on apiservices only', faultClass: 'forbidden', forbidden: [{ resource: 'apiservices' }], outcome: { unknown: [{ check: 'apiservices', code: 'Forbidden' }] } },
  { id: '16', fault: 'kubernetes 429 with Retry-After', faultClass: 'throttling', faults: [kube('/api/v1/nodes', { status: 429, retryAfter: 1 }, 1)], outcome: { recovers: true } },
  { id: '16b', fault: 'kubernetes 500 once', faultClass: '5xx', faults: [kube('/api/v1/namespaces/kube-system/pods', { status: 500, code: 'InternalError' }, 1)], outcome: { recovers: true } },
  { id: '18', fault: 'deadline reached mid-run', faultClass: 'deadline', deadlineMs: 1500, faults: [cloud('GetPolicy', { delayMs: 1200, status: 503, code: 'ServiceUnavailable' }, always)], outcome: { unknown: [{ check: 'ram', code: 'DeadlineExceeded|ServiceUnavailable' }] } },
];

const failing = (r: Report) => r.findings.filter((f) => f.status === 'fail').map((f) => `${f.check}:${f.code}:${f.resource.name ?? f.resource.id}`).sort();
const comparable = (r: Report) => ({ ...r, stats: undefined, generatedAt: undefined });

const figures = { faults: 0, classes: new Set<string>(), falsified: 0, unknownsAttributed: 0, unknownsExpected: 0, cleanUnknowns: 0 };

describe('fault matrix', () => {
  let baseline: Report;

  beforeAll(async () => {
    baseline = (await auditScenario(seedScenario())).report;
    figures.cleanUnknowns = baseline.findings.filter((f) => f.status === 'unknown').length + baseline.coverage.filter((c) => c.status !== 'complete').length;
  });

  afterAll(() => {
    // The headline figures of RELIABILITY.md, printed on every run.
    console.log(
      [
        `fault matrix: faults injected ${figures.faults} across ${figures.classes.size} classes (${[...figures.classes].sort().join(', ')})`,
        `reports falsified: ${figures.falsified}`,
        `unrecoverable faults reported as unknown with a cause: ${figures.unknownsAttributed}/${figures.unknownsExpected}`,
        `unknowns in the fault-free run: ${figures.cleanUnknowns}`,
      ].join('\n'),
    );
  });

  it('the fault-free run is complete', () => {
    expect(figures.cleanUnknowns).toBe(0);
    expect(baseline.coverage.every((c) => c.status === 'complete')).toBe(true);
  });

  it.each(ROWS.map((r) => [r.id, r.fault, r] as const))('row %s: %s', async (_id, _fault, row) => {
    const scenario = seedScenario();
    scenario.faults = row.faults;
    if (row.forbidden || row.deniedActions) {
      scenario.auditor = { ...scenario.auditor, deniedActions: row.deniedActions, kubernetes: { ...scenario.auditor?.kubernetes, forbidden: row.forbidden } };
    }
    let injected = 0;
    const { report } = await auditScenario(scenario, {
      pageSize: row.pageSize,
      deadlineMs: row.deadlineMs,
      requestTimeoutMs: row.requestTimeoutMs,
      inspect: (sims) => {
        injected = [...sims.cloud.faults.injected, ...sims.kube.faults.injected].reduce((a, b) => a + b, 0) + (row.deniedActions || row.forbidden ? 1 : 0);
      },
    });
    figures.faults += injected;
    figures.classes.add(row.faultClass);
    expect(injected).toBeGreaterThan(0);

    // Never invented: every failing finding is one the fault-free run has too.
    const invented = failing(report).filter((f) => !failing(baseline).includes(f));
    if (invented.length) figures.falsified += 1;
    expect(invented).toEqual([]);

    if ('recovers' in row.outcome) {
      expect(comparable(report)).toEqual(comparable(baseline));
      return;
    }
    for (const expected of row.outcome.unknown) {
      figures.unknownsExpected += 1;
      const coverage = report.coverage.find((c) => c.check === expected.check)!;
      const unknown = report.findings.find((f) => f.status === 'unknown' && f.check === expected.check && JSON.stringify(f.evidence).match(new RegExp(`"code":"(${expected.code})"`)));
      // A check hit by an unrecoverable fault is never complete, and says why (API, code).
      if (coverage.status === 'complete') figures.falsified += 1;
      expect(coverage.status).not.toBe('complete');
      expect(unknown).toBeDefined();
      figures.unknownsAttributed += 1;
    }
    // Nothing else changes: the checks the fault did not reach report exactly what they did without it.
    const hit = new Set(row.outcome.unknown.map((u) => u.check));
    // A stale node condition is judged against the route entries: it goes where the route check goes.
    if (hit.has('routes')) hit.add('nodes');
    const untouched = (r: Report) => failing(r).filter((f) => !hit.has(f.split(':')[0]));
    const lostWitness = untouched(baseline).filter((f) => !untouched(report).includes(f));
    // The RAM deny needs the CCM's pods (Kubernetes) to find the identity; a Kubernetes outage can only remove it, never add.
    const dependent = hit.has('routes') || hit.has('namespaces') ? lostWitness.filter((f) => !f.startsWith('ram:')) : lostWitness;
    expect(dependent).toEqual([]);
  });
});
