/**
 * Fidelity against the official Kubernetes OpenAPI schemas with unknown fields refused: every object, list envelope,
 * discovery document and failure Status that the Kubernetes simulator serves, for every scenario world the repository
 * holds (each scenario file, as loaded and after the simulated route controller's resync, failing and healing, plus a
 * generated bulk world). kubernetes-models' `validate()` accepts misspelled fields (shown below), so the check uses
 * the spec itself (test/fixtures/kube-openapi, vendored by scripts/kube-openapi-subset.js).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { expandScenario } from '../../../shared/scenario/generate';
import { loadScenario } from '../../../shared/scenario/load';
import type { Scenario } from '../../../shared/scenario/schema';
import { KubeApi } from '../../../shared/sim/kube/handler';
import { servedResourceTypes } from '../../../shared/sim/kube/resources';
import { reconcileRoutes } from '../../../shared/sim/route-controller';
import { loadKubeSchemas } from './openapi';

const ROOT = path.join(__dirname, '../../..');
const SCENARIO_DIRS = ['scenarios', 'test/fixtures/scenarios'];
const NOW = new Date('2026-11-28T12:00:00Z');
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1.';

type Json = Record<string, unknown>;
interface Served {
  label: string;
  definition: string | undefined;
  body: unknown;
}

const schemas = loadKubeSchemas();

function scenarioFiles(): string[] {
  return SCENARIO_DIRS.flatMap((d) =>
    readdirSync(path.join(ROOT, d))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(d, f)),
  ).sort();
}

/** Every policy of the account allows everything: the route controller then repairs and the cluster heals. */
function allowEverything(s: Scenario): void {
  for (const p of s.cloud.ram.policies) for (const v of p.Versions) v.PolicyDocument = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
}

/** The worlds a scenario file produces: as loaded, after one resync as it stands, after a resync that succeeds. */
function worldsOf(file: string): Array<[string, Scenario]> {
  const load = (): Scenario => expandScenario(loadScenario(path.join(ROOT, file)));
  const failing = load();
  reconcileRoutes(failing, NOW);
  const healing = load();
  allowEverything(healing);
  reconcileRoutes(healing, NOW);
  return [
    [file, load()],
    [`${file} after a resync`, failing],
    [`${file} after a successful resync`, healing],
  ];
}

function get(api: KubeApi, url: string, token: string | undefined = 'ok'): { status: number; body: Json } {
  const req = api.classify('GET', url);
  const reply = (token === 'ok' ? undefined : api.authorize(req, token)) ?? api.serve(req, '127.0.0.1:6443');
  return { status: reply.status, body: reply.body as Json };
}

/** Crawls what a generic client reads: discovery, every list of every served type, each item, failure Statuses. */
function crawl(world: string, s: Scenario): Served[] {
  const api = new KubeApi(s, NOW);
  const out: Served[] = [];
  const add = (label: string, definition: string | undefined, body: unknown): void => {
    out.push({ label: `${world}: ${label}`, definition, body });
  };
  add('/version', 'io.k8s.apimachinery.pkg.version.Info', get(api, '/version').body);
  add('/api', `${META}APIVersions`, get(api, '/api').body);
  const groups = get(api, '/apis').body;
  add('/apis', `${META}APIGroupList`, groups);
  for (const g of groups.groups as Json[]) add(`/apis/${String(g.name)}`, `${META}APIGroup`, get(api, `/apis/${String(g.name)}`).body);
  const gvs = ['v1', ...(groups.groups as Json[]).flatMap((g) => (g.versions as Json[]).map((v) => String(v.groupVersion)))];
  for (const gv of gvs) {
    const base = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
    const doc = get(api, base);
    if (doc.status !== 200) {
      add(`${base} (${doc.status})`, `${META}Status`, doc.body);
      continue;
    }
    add(base, `${META}APIResourceList`, doc.body);
    for (const r of doc.body.resources as Json[]) {
      const list = get(api, `${base}/${r.name}`).body;
      add(`${base}/${r.name}`, schemas.definitionOf(String(list.apiVersion), String(list.kind)), { ...list, items: [] });
      for (const item of list.items as Json[]) {
        const m = item.metadata as Json;
        add(`${item.apiVersion} ${item.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`, schemas.definitionOf(String(item.apiVersion), String(item.kind)), item);
      }
    }
  }
  add('401', `${META}Status`, get(api, '/api/v1/nodes', 'Bearer wrong').body);
  add('404 path', `${META}Status`, get(api, '/apis/nope.example.com/v1/things').body);
  add('404 object', `${META}Status`, get(api, '/api/v1/nodes/nope').body);
  add('400 selector', `${META}Status`, get(api, '/api/v1/pods?fieldSelector=spec.nope%3D1').body);
  add('400 continue', `${META}Status`, get(api, '/api/v1/nodes?limit=1&continue=garbage').body);
  return out;
}

const BUILTIN_GROUPS = new Set(['', 'apps', 'apiregistration.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'coordination.k8s.io', 'apiextensions.k8s.io', 'rbac.authorization.k8s.io']);

describe('the Kubernetes simulator against the official OpenAPI schemas, unknown fields refused', () => {
  test('every kind the simulator knows has its official schema and its List', () => {
    const missing = servedResourceTypes(
      [],
      ['v1', 'apps/v1', 'apiregistration.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'coordination.k8s.io/v1', 'apiextensions.k8s.io/v1', 'rbac.authorization.k8s.io/v1'],
    )
      .map((t) => ({ apiVersion: t.group ? `${t.group}/${t.version}` : t.version, kind: t.kind }))
      .flatMap(({ apiVersion, kind }) => [
        [apiVersion, kind],
        [apiVersion, `${kind}List`],
      ])
      .filter(([apiVersion, kind]) => schemas.definitionOf(apiVersion, kind) === undefined);
    expect(missing).toEqual([]);
    expect(schemas.source.note).toContain('release-1.30');
  });

  test('the check refuses a misspelled field that kubernetes-models accepts', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { podCidr: '172.20.0.0/24' } };
    expect(schemas.errors('io.k8s.api.core.v1.Node', node)).toEqual(['/spec: unknown field "podCidr"']);
    expect(schemas.errors('io.k8s.api.core.v1.Node', { ...node, spec: { podCIDR: '172.20.0.0/24' } })).toEqual([]);
    // Nested structs too, and IntOrString takes both of its forms.
    const svc = (targetPort: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 443, targetPort }] } });
    expect(schemas.errors('io.k8s.api.core.v1.Service', svc(4443))).toEqual([]);
    expect(schemas.errors('io.k8s.api.core.v1.Service', svc('https'))).toEqual([]);
    expect(schemas.errors('io.k8s.api.core.v1.Service', { ...svc(1), spec: { ports: [{ port: 443, targetport: 1 }] } })).toEqual(['/spec/ports/0: unknown field "targetport"']);
    const out = execFileSync(process.execPath, [path.join(__dirname, 'validate-models.mjs')], { input: JSON.stringify([{ label: 'typo', object: node }]), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([{ label: 'typo' }]);
  });

  const files = scenarioFiles();
  test('the scenario files are all found', () => {
    expect(files).toContain('scenarios/seed-incident.yaml');
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  test.each(files)('%s: everything served validates, in each of its worlds', (file) => {
    const served = worldsOf(file).flatMap(([label, s]) => crawl(label, s));
    // Objects of kinds outside the spec (aggregated metrics, custom resources) have no official schema to meet.
    const unchecked = served.filter((e) => e.definition === undefined);
    for (const e of unchecked) {
      const group = String((e.body as Json).apiVersion ?? '')
        .split('/')
        .slice(0, -1)
        .join('/');
      expect({ label: e.label, builtin: BUILTIN_GROUPS.has(group) }).toEqual({ label: e.label, builtin: false });
    }
    const refused = served.filter((e) => e.definition !== undefined).flatMap((e) => schemas.errors(e.definition!, e.body).map((err) => `${e.label}: ${err}`));
    expect(refused).toEqual([]);
    expect(served.length - unchecked.length).toBeGreaterThan(20);
  });

  test('a generated bulk world validates too', () => {
    const s = loadScenario(path.join(ROOT, 'scenarios/seed-incident.yaml'));
    s.generate = { seed: 7, nodes: 20, missingRoutes: 3, namespaces: 6, terminatingNamespaces: 2 };
    const served = crawl('generated', expandScenario(s)).filter((e) => e.definition !== undefined);
    expect(served.filter((e) => (e.body as Json).kind === 'Node').length).toBeGreaterThanOrEqual(20);
    expect(served.flatMap((e) => schemas.errors(e.definition!, e.body).map((err) => `${e.label}: ${err}`))).toEqual([]);
  });
});
