// Validates what the Kubernetes simulator serves against the official OpenAPI schemas in kubernetes-models.
// stdin: a JSON array of { label, object, model? }; `model` is "<module>#<export>" and defaults to the class named
// by the object's apiVersion and kind (meta/v1 kinds such as Status and APIResourceList come from
// @kubernetes-models/apimachinery). stdout: a JSON array of { label, error? }.
// This runs as a plain Node ESM process: kubernetes-models is ESM-only with `import`-only exports, which Jest's
// CommonJS resolver cannot load.
const META_KINDS = new Set(['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList']);

function modelOf(entry) {
  if (entry.model) return entry.model;
  const { apiVersion, kind } = entry.object;
  if (META_KINDS.has(kind)) return `@kubernetes-models/apimachinery/apis/meta/v1#${kind}`;
  return `kubernetes-models/${apiVersion}#${kind}`;
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const entry of JSON.parse(input)) {
  const [specifier, name] = modelOf(entry).split('#');
  let Model;
  try {
    Model = (await import(specifier))[name];
  } catch {
    Model = undefined;
  }
  if (typeof Model !== 'function') {
    results.push({ label: entry.label, error: `no kubernetes-models class ${specifier}#${name}` });
    continue;
  }
  try {
    new Model(entry.object).validate();
    results.push({ label: entry.label });
  } catch (err) {
    results.push({ label: entry.label, error: String(err?.message ?? err) });
  }
}
process.stdout.write(JSON.stringify(results));
