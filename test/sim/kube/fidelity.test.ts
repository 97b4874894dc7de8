/**
 * Fidelity: everything the simulator serves for the seed incident — objects, List envelopes, discovery documents,
 * Status failures — validates against the official Kubernetes OpenAPI schemas shipped by kubernetes-models.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Scenario } from '../../../shared/scenario/schema';
import { startKubeSimulator, type KubeSimulator } from '../../../shared/sim/kube/server';
import { rawRequest, seed } from './support';

interface Entry {
  label: string;
  object: unknown;
  model?: string;
}

/** Runs the official schemas over the entries in a plain Node process (see validate-models.mjs for why). */
function validate(entries: Entry[]): Array<{ label: string; error?: string }> {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-models.mjs')], { input: JSON.stringify(entries), encoding: 'utf8' });
  return JSON.parse(out) as Array<{ label: string; error?: string }>;
}

type Json = Record<string, unknown>;

let sim: KubeSimulator;
let denied: KubeSimulator;
const scenario: Scenario = seed();
beforeAll(async () => {
  sim = await startKubeSimulator(scenario);
  // A second server with RBAC denials and faults, for the failure Statuses.
  denied = await startKubeSimulator(
    seed((s) => {
      s.auditor = { kubernetes: { token: 'demo-auditor-bearer-token', forbidden: [{ resource: 'secrets' }, { path: '/openapi/*' }] } };
      s.faults = [
        { target: 'kubernetes', match: { path: '/api/v1/nodes', page: 2 }, effect: { status: 410 } },
        { target: 'kubernetes', match: { path: '/api/v1/events' }, effect: { status: 429, retryAfter: 1 } },
        { target: 'kubernetes', match: { path: '/api/v1/endpoints' }, effect: { status: 500, code: 'InternalError', message: 'etcdserver: leader changed' } },
      ];
    }),
  );
});
afterAll(async () => {
  await Promise.all([sim.close(), denied.close()]);
});

async function getJson(server: KubeSimulator, p: string, headers?: Record<string, string>, method = 'GET'): Promise<{ status: number; body: Json }> {
  const res = await rawRequest(server, method, p, headers);
  return { status: res.status, body: JSON.parse(res.body) as Json };
}

function objectLabel(o: Json): string {
  const m = o.metadata as { name: string; namespace?: string };
  return `${String(o.apiVersion)} ${String(o.kind)} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`;
}

/** Crawls discovery and every list and object the simulator serves, the way a generic client would. */
async function crawl(): Promise<{ entries: Entry[]; objects: Json[] }> {
  const entries: Entry[] = [];
  const objects: Json[] = [];
  entries.push({ label: '/version', object: (await getJson(sim, '/version')).body, model: '@kubernetes-models/apimachinery/version#Info' });
  entries.push({ label: '/api', object: (await getJson(sim, '/api')).body });
  const groupList = (await getJson(sim, '/apis')).body;
  entries.push({ label: '/apis', object: groupList });

  const groupVersions = ['v1'];
  for (const g of groupList.groups as Array<{ name: string; versions: Array<{ groupVersion: string }> }>) {
    entries.push({ label: `/apis/${g.name}`, object: (await getJson(sim, `/apis/${g.name}`)).body });
    groupVersions.push(...g.versions.map((v) => v.groupVersion));
  }
  for (const gv of groupVersions) {
    const base = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
    const { status, body } = await getJson(sim, base);
    entries.push({ label: base, object: body });
    if (status !== 200) continue;
    for (const r of body.resources as Array<{ name: string; kind: string; namespaced: boolean }>) {
      const list = (await getJson(sim, `${base}/${r.name}`)).body;
      // The envelope is validated on its own; each item is validated as the object a GET returns.
      entries.push({ label: `${base}/${r.name}`, object: { ...list, items: [] } });
      for (const item of list.items as Json[]) {
        const meta = item.metadata as { name: string; namespace?: string };
        const itemPath = r.namespaced ? `${base}/namespaces/${meta.namespace}/${r.name}/${meta.name}` : `${base}/${r.name}/${meta.name}`;
        const got = await getJson(sim, itemPath);
        expect(got.body).toEqual(item);
        objects.push(got.body);
        entries.push({ label: objectLabel(got.body), object: got.body });
      }
    }
  }
  return { entries, objects };
}

/** One of each failure Status the simulator writes. */
async function failures(): Promise<Entry[]> {
  const token = { authorization: 'Bearer nope' };
  const firstPage = (await getJson(denied, '/api/v1/nodes?limit=1')).body;
  const cont = encodeURIComponent((firstPage.metadata as { continue: string }).continue);
  const cases: Array<[string, Promise<{ status: number; body: Json }>]> = [
    ['401', getJson(denied, '/api/v1/nodes', token)],
    ['403 resource', getJson(denied, '/api/v1/namespaces/kube-system/secrets')],
    ['403 path', getJson(denied, '/openapi/v2')],
    ['404 unknown', getJson(denied, '/apis/nope.example.com/v1/things')],
    ['404 object', getJson(denied, '/api/v1/nodes/nope')],
    ['400 continue', getJson(denied, '/api/v1/nodes?limit=1&continue=garbage')],
    ['400 selector', getJson(denied, '/api/v1/pods?fieldSelector=spec.nope%3D1')],
    ['405', getJson(denied, '/api/v1/namespaces/tobedeletedb', {}, 'DELETE')],
    ['410', getJson(denied, `/api/v1/nodes?limit=1&continue=${cont}`)],
    ['429', getJson(denied, '/api/v1/events')],
    ['500', getJson(denied, '/api/v1/endpoints')],
    ['503', getJson(denied, '/apis/metrics.k8s.io/v1beta1')],
  ];
  const out: Entry[] = [];
  for (const [label, p] of cases) {
    const { status, body } = await p;
    expect(String(status)).toBe(label.slice(0, 3));
    out.push({ label: `Status ${label}`, object: body });
  }
  return out;
}

describe('kube simulator fidelity (seed incident)', () => {
  test('every object, list, discovery document and failure Status validates against the official schemas', async () => {
    const { entries, objects } = await crawl();
    // Every scenario object is served, once.
    expect(objects.map(objectLabel).sort()).toEqual(scenario.cluster.objects.map((o) => objectLabel(o as unknown as Json)).sort());
    entries.push(...(await failures()));

    const results = validate(entries);
    expect(results.map((r) => r.label)).toEqual(entries.map((e) => e.label));
    expect(results.filter((r) => r.error !== undefined)).toEqual([]);
  });
});
