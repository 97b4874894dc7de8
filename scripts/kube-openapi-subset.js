// Writes test/fixtures/kube-openapi/kubernetes-1.30.json: the definitions of the official Kubernetes OpenAPI v2 spec
// (api/openapi-spec/swagger.json) reached from the kinds the Kubernetes simulator serves, trimmed to what validation
// needs (no descriptions, no patch hints), for test/sim/kube/openapi.test.ts.
//
//   node scripts/kube-openapi-subset.js <swagger.json> <source note>
//
// The file in the repository was made from kubernetes/kubernetes branch release-1.30 (the simulated clusters report
// v1.30.7), as vendored unprocessed by kubernetes-client/python tag v30.1.0 at kubernetes/swagger.json.unprocessed
// (sha256 recorded in the output's `source`). To move to another release, fetch that release's swagger.json and run
// this again with a new note; the test reads the file whatever its name says.
const { createHash } = require('node:crypto');
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const OUT = path.join(__dirname, '../test/fixtures/kube-openapi/kubernetes-1.30.json');

// Every built-in kind shared/sim/kube/resources.ts knows (metrics.k8s.io is aggregated and not in this spec), its
// List, and the meta/v1 documents the server writes. test/sim/kube/openapi.test.ts fails when a served kind is missing.
const ROOTS = [
  ...['Node', 'Namespace', 'Service', 'Endpoints', 'Pod', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolume', 'PersistentVolumeClaim'].map((k) => `io.k8s.api.core.v1.${k}`),
  ...['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'].map((k) => `io.k8s.api.apps.v1.${k}`),
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService',
  'io.k8s.api.discovery.v1.EndpointSlice',
  'io.k8s.api.events.v1.Event',
  'io.k8s.api.coordination.v1.Lease',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  ...['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'].map((k) => `io.k8s.api.rbac.v1.${k}`),
];
const META = ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList'].map((k) => `io.k8s.apimachinery.pkg.apis.meta.v1.${k}`);
const EXTRA = ['io.k8s.apimachinery.pkg.version.Info'];

// What a validator reads; descriptions and the x-kubernetes patch/list hints are dropped.
const KEEP = new Set(['type', 'format', 'properties', 'items', 'additionalProperties', 'required', '$ref', 'enum']);

function trim(schema) {
  if (Array.isArray(schema)) return schema.map(trim);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, trim(s)]));
    else if (KEEP.has(k)) out[k] = typeof v === 'object' ? trim(v) : v;
    else if (k === 'x-kubernetes-group-version-kind') out[k] = v;
  }
  return out;
}

function refsOf(schema, found = new Set()) {
  if (Array.isArray(schema)) for (const s of schema) refsOf(s, found);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') found.add(v.replace('#/definitions/', ''));
      else refsOf(v, found);
    }
  }
  return found;
}

function main() {
  const [file, note] = process.argv.slice(2);
  if (!file || !note) {
    process.stderr.write('usage: node scripts/kube-openapi-subset.js <swagger.json> <source note>\n');
    process.exit(2);
  }
  const text = readFileSync(file, 'utf8');
  const spec = JSON.parse(text);
  const wanted = [...ROOTS, ...ROOTS.map((r) => `${r}List`), ...META, ...EXTRA];
  const definitions = {};
  const queue = [...wanted];
  while (queue.length > 0) {
    const name = queue.shift();
    if (definitions[name]) continue;
    const def = spec.definitions[name];
    if (!def) throw new Error(`${name}: not in ${file}`);
    definitions[name] = trim(def);
    for (const r of refsOf(def)) if (!definitions[r]) queue.push(r);
  }
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((k) => [k, definitions[k]]),
  );
  const out = { source: { note, sha256: createHash('sha256').update(text).digest('hex'), roots: wanted }, definitions: sorted };
  mkdirSync(path.dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);
  process.stdout.write(`${path.relative(process.cwd(), OUT)}: ${Object.keys(sorted).length} definitions\n`);
}

main();
