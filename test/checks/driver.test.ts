/**
 * One driver for every check fixture: test/checks/fixtures/<check>/<expected-status>-<case>.json holds a partial
 * inventory and the exact set of findings the check must produce (anything else is crying wolf), plus coverage.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS as REGISTRY } from '../../shared/checks/registry';
import type { CheckContext, CheckResult } from '../../shared/checks/types';
import { CATALOGUE } from '../../shared/findings/catalogue';
import type { Inventory, NodeInfo, RouteEntryInfo } from '../../shared/collect/inventory';
import { contextAt, inventoryOf } from '../support/inventory';

interface Fixture {
  description: string;
  now?: string;
  inventory: Record<string, unknown>;
  expect: { coverage: string; findings: { code: string; resource: string; status?: string }[] };
}

// The checks exactly as the pipeline runs them, each with the same signature (the CCM identity is in the inventory).
const CHECKS: Record<string, (inv: Inventory, ctx: CheckContext) => CheckResult> = Object.fromEntries(REGISTRY.map((c) => [c.id, c.run]));

const CCM_IMAGE = 'registry-vpc.cn-hangzhou.aliyuncs.com/acs/cloud-controller-manager-amd64:v2.12.4';
const HEALTHY_CCM = {
  namespace: 'kube-system',
  name: 'cloud-controller-manager-healthy',
  phase: 'Running',
  hostNetwork: true,
  labels: { app: 'cloud-controller-manager' },
  images: [CCM_IMAGE],
  containers: [{ name: 'cloud-controller-manager', image: CCM_IMAGE, args: [], env: [], envFrom: [], mounts: [], state: 'running', ready: true, restartCount: 0 }],
};

type Terse<T> = { status: string; value?: Partial<T>[]; failures?: unknown[] };

// Fixtures stay short: nodes and entries get the fields a real collector always fills.
function normalise(raw: Record<string, unknown>): Partial<Inventory> {
  const out = { ...raw } as Record<string, unknown>;
  // A healthy dedicated cluster runs its CCM; fixtures about the CCM (or that read pods) give their own pods.
  if (!raw.pods) out.pods = { status: 'complete', value: [HEALTHY_CCM] };
  const nodes = raw.nodes as Terse<NodeInfo> | undefined;
  if (nodes?.value) out.nodes = { ...nodes, value: nodes.value.map((n) => ({ labels: {}, podCIDRs: [], internalIPs: [], conditions: [], ...n })) };
  const entries = raw.routeEntries as Terse<RouteEntryInfo> | undefined;
  if (entries?.value) out.routeEntries = { ...entries, value: entries.value.map((e) => ({ routeTableId: 'vtb-1', type: 'Custom', status: 'Available', ...e })) };
  return out as Partial<Inventory>;
}

const root = join(__dirname, 'fixtures');
const cases = readdirSync(root).flatMap((check) =>
  readdirSync(join(root, check))
    .filter((f) => f.endsWith('.json'))
    .map((file) => ({ check, file })),
);

describe.each(Object.keys(CHECKS))('%s check fixtures', (check) => {
  const mine = cases.filter((c) => c.check === check);
  it('has pass, fail, unknown and not_applicable fixtures', () => {
    const statuses = new Set(mine.map((c) => c.file.split('-')[0]));
    for (const s of ['pass', 'fail', 'unknown']) expect(statuses).toContain(s);
    // Routes and RAM do not apply on Terway; APIServices and namespaces apply to every cluster.
    if (check === 'routes' || check === 'ram') expect(statuses).toContain('not_applicable');
  });
  it.each(mine.map((c) => c.file))('%s', (file) => {
    const fx = JSON.parse(readFileSync(join(root, check, file), 'utf8')) as Fixture;
    const result = CHECKS[check](inventoryOf(normalise(fx.inventory)), contextAt(fx.now));
    const got = result.findings
      .map((f) => ({ code: f.code, resource: f.resource.name ?? f.resource.id ?? '', status: f.status }))
      .sort((a, b) => `${a.code}${a.resource}`.localeCompare(`${b.code}${b.resource}`));
    const want = fx.expect.findings.map((f) => ({ status: 'fail', ...f })).sort((a, b) => `${a.code}${a.resource}`.localeCompare(`${b.code}${b.resource}`));
    expect(got).toEqual(want);
    expect(result.coverage.status).toBe(fx.expect.coverage);
    for (const f of result.findings) {
      expect(f.message.length).toBeGreaterThan(10);
      // The catalogue names the check that emits each code (or `any`, and then the finding names its emitter).
      expect(f.check).toBe(check);
      expect([check, 'any']).toContain(CATALOGUE[f.code].check);
      // An unknown always says why: the failed calls, an error, or the reason the input was not collected.
      if (f.status === 'unknown') expect(JSON.stringify(f.evidence)).toMatch(/failures|error|reason/);
    }
    // The file name states the expected outcome: pass means no failing finding, fail at least one.
    const kind = file.split('-')[0];
    if (kind === 'pass') expect(got.filter((f) => f.status === 'fail' || f.status === 'unknown')).toEqual([]);
    if (kind === 'fail') expect(got.some((f) => f.status === 'fail')).toBe(true);
    if (kind === 'unknown') expect(got.some((f) => f.status === 'unknown') || ['partial', 'failed'].includes(result.coverage.status)).toBe(true);
    if (kind === 'not_applicable') expect(result.coverage.status).toBe('not_applicable');
  });
});
