/** `labelSelector` and `fieldSelector` query parameters: the subset of apimachinery's grammar clients use. */

/** A selector the API server would reject with 400 BadRequest. */
export class SelectorError extends Error {
  override name = 'SelectorError';
}

export type ObjectPredicate = (obj: Record<string, unknown>) => boolean;

const KEY = /^([A-Za-z0-9][-A-Za-z0-9_.]*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside `( … )`, so `a in (x,y),b` is two requirements. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The value of one label, or undefined; own properties only, so `constructor` is not a label. */
function label(obj: Record<string, unknown>, key: string): string | undefined {
  const labels = (obj.metadata as { labels?: Record<string, string> } | undefined)?.labels;
  return labels && Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function checkKey(key: string, requirement: string): void {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${requirement}"`);
}

function checkValue(value: string, requirement: string): void {
  if (value.length > 63 || !VALUE.test(value)) throw new SelectorError(`unable to parse requirement: invalid label value "${value}" in "${requirement}"`);
}

function labelRequirement(req: string): ObjectPredicate {
  let m = /^!\s*(\S+)$/.exec(req);
  if (m) {
    const key = m[1];
    checkKey(key, req);
    return (o) => label(o, key) === undefined;
  }
  m = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(req);
  if (m) {
    const [, key, op, list] = m;
    checkKey(key, req);
    const values = new Set(list.split(',').map((v) => v.trim()));
    for (const v of values) checkValue(v, req);
    const member = (o: Record<string, unknown>): boolean => {
      const v = label(o, key);
      return v !== undefined && values.has(v);
    };
    return op === 'in' ? member : (o) => !member(o);
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(req);
  if (m) {
    const [, key, op, value] = m;
    checkKey(key, req);
    checkValue(value, req);
    // `key!=value` also selects objects without the label, as in apimachinery.
    return op === '!=' ? (o) => label(o, key) !== value : (o) => label(o, key) === value;
  }
  checkKey(req, req);
  return (o) => label(o, req) !== undefined;
}

/** Parses a label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`, comma = AND). */
export function parseLabelSelector(selector: string): ObjectPredicate {
  const reqs = splitRequirements(selector).map(labelRequirement);
  return (o) => reqs.every((r) => r(o));
}

/** A selectable field: where it lives in the object, and what an absent value reads as. */
type FieldSpec = [path: string, absent: string];

const COMMON_FIELDS: Record<string, FieldSpec> = {
  'metadata.name': ['metadata.name', ''],
  'metadata.namespace': ['metadata.namespace', ''],
};

/** The extra fields each kind registers with the apiserver (`pkg/registry/<kind>/strategy.go`, `*ToSelectableFields`). */
const KIND_FIELDS: Record<string, Record<string, FieldSpec>> = {
  Pod: {
    'spec.nodeName': ['spec.nodeName', ''],
    'spec.restartPolicy': ['spec.restartPolicy', ''],
    'spec.schedulerName': ['spec.schedulerName', ''],
    'spec.serviceAccountName': ['spec.serviceAccountName', ''],
    'spec.hostNetwork': ['spec.hostNetwork', 'false'],
    'status.phase': ['status.phase', ''],
    'status.podIP': ['status.podIP', ''],
    'status.nominatedNodeName': ['status.nominatedNodeName', ''],
  },
  Event: {
    'involvedObject.kind': ['involvedObject.kind', ''],
    'involvedObject.namespace': ['involvedObject.namespace', ''],
    'involvedObject.name': ['involvedObject.name', ''],
    'involvedObject.uid': ['involvedObject.uid', ''],
    'involvedObject.apiVersion': ['involvedObject.apiVersion', ''],
    'involvedObject.resourceVersion': ['involvedObject.resourceVersion', ''],
    'involvedObject.fieldPath': ['involvedObject.fieldPath', ''],
    reason: ['reason', ''],
    reportingComponent: ['reportingComponent', ''],
    source: ['source.component', ''],
    type: ['type', ''],
  },
  Node: { 'spec.unschedulable': ['spec.unschedulable', 'false'] },
  Namespace: { 'status.phase': ['status.phase', ''] },
  Secret: { type: ['type', ''] },
  Service: { 'spec.clusterIP': ['spec.clusterIP', ''], 'spec.type': ['spec.type', ''] },
};

function readPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Parses a field selector (`f=v`, `f==v`, `f!=v`, comma = AND) over the fields `kind` supports. */
export function parseFieldSelector(selector: string, kind: string): ObjectPredicate {
  const fields = { ...COMMON_FIELDS, ...KIND_FIELDS[kind] };
  const reqs = splitRequirements(selector).map((req): ObjectPredicate => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(req);
    if (!m) throw new SelectorError(`invalid selector: '${req}'; can't understand '${req}'`);
    const [, field, op, value] = m;
    const spec = fields[field];
    if (!spec) throw new SelectorError(`field label not supported: ${field}`);
    const read = (o: Record<string, unknown>): string => {
      const v = readPath(o, spec[0]);
      return v === undefined || v === null ? spec[1] : String(v);
    };
    return op === '!=' ? (o) => read(o) !== value : (o) => read(o) === value;
  });
  return (o) => reqs.every((r) => r(o));
}
