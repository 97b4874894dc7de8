/**
 * The official Kubernetes OpenAPI schemas (a trimmed subset of release-1.30's swagger.json, vendored by
 * scripts/kube-openapi-subset.js) compiled with ajv, unknown fields refused: kubernetes-models' `validate()` lets a
 * misspelled field through, this does not.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

const FILE = path.join(__dirname, '../../fixtures/kube-openapi/kubernetes-1.30.json');
const ID = 'kubernetes.json';

/** Which definition serves a group/version/kind (`v1/Node`, `apps/v1/DaemonSet`, `events.k8s.io/v1/Event`). */
function gvkKey(group: string, version: string, kind: string): string {
  return `${group ? `${group}/` : ''}${version}/${kind}`;
}

/**
 * The spec's definition made strict: a struct (a definition with `properties`) refuses any other field, as the API
 * server's strict decoding and `kubectl --validate=strict` do. Maps (`additionalProperties`) and free-form objects
 * (FieldsV1, RawExtension, JSON) stay open. `int-or-string` is Go's IntOrString, which serialises as either.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'x-kubernetes-group-version-kind') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([name, p]) => [name, strict(p)]));
    else out[k] = strict(v);
  }
  if (s.format === 'int-or-string') {
    delete out.format;
    out.type = ['integer', 'string'];
  }
  if (s.properties !== undefined && s.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export interface KubeSchemas {
  /** Where the schemas come from, as the vendoring script recorded it. */
  source: { note: string; sha256: string };
  /** The definition name for a group/version/kind, or undefined when the spec has none. */
  definitionOf(apiVersion: string, kind: string): string | undefined;
  /** The errors of an object against a definition; `[]` when it validates. */
  errors(definition: string, object: unknown): string[];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(root)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String(e.params.additionalProperty)}"`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/** Loads and compiles the vendored schemas (compiled per definition on first use). */
export function loadKubeSchemas(): KubeSchemas {
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as { source: { note: string; sha256: string }; definitions: Record<string, Schema> };
  const byGvk = new Map<string, string>();
  for (const [name, def] of Object.entries(data.definitions)) {
    for (const g of (def['x-kubernetes-group-version-kind'] as Array<{ group: string; version: string; kind: string }> | undefined) ?? []) {
      byGvk.set(gvkKey(g.group, g.version, g.kind), name);
    }
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: ID, definitions: strict(data.definitions) });
  const compiled = new Map<string, ValidateFunction>();
  return {
    source: data.source,
    definitionOf(apiVersion, kind) {
      const slash = apiVersion.indexOf('/');
      const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
      return byGvk.get(gvkKey(group, version, kind));
    },
    errors(definition, object) {
      if (data.definitions[definition] === undefined) return [`no definition ${definition}`];
      let validate = compiled.get(definition);
      if (!validate) {
        validate = ajv.compile({ $ref: `${ID}#/definitions/${definition}` });
        compiled.set(definition, validate);
      }
      return validate(object) ? [] : (validate.errors ?? []).map(describe);
    },
  };
}
