// Validates Kubernetes objects against the official OpenAPI schemas shipped by kubernetes-models.
// stdin: a JSON array of objects; stdout: a JSON array of { kind, name, error? }. A plain Node ESM process, because
// kubernetes-models is ESM-only and Jest's CommonJS resolver cannot load it.
let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) {
  const entry = { kind: object.kind, name: object.metadata?.name };
  try {
    const Model = (await import(`kubernetes-models/${object.apiVersion}`))[object.kind];
    if (typeof Model !== 'function') throw new Error(`no model for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
  } catch (err) {
    entry.error = String(err?.message ?? err);
  }
  results.push(entry);
}
process.stdout.write(JSON.stringify(results));
