/**
 * `kube-system/cloud-config` read the way the CCM reads it. v2 decodes it with sigs.k8s.io/yaml
 * (pkg/config/cloud_config.go): YAML or JSON, converted to JSON and decoded by Go's encoding/json, which matches
 * keys case-insensitively (the last matching key wins) and rejects a number or boolean where the struct holds a
 * string. v1.9.3.x decodes JSON only (alicloud.go `json.NewDecoder`), with the same key matching.
 */
import { parse as parseYaml } from 'yaml';
import { ApiCallError } from '../util/errors';
import type { CloudConfig } from './inventory';
import { routeTableIdsOf } from './route-table-ids';

type Doc = Record<string, unknown>;

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A struct field as encoding/json fills it: every key equal to `name` ignoring case sets it, so the last one wins. */
function goField(doc: Doc, name: string): unknown {
  let out: unknown;
  for (const [k, v] of Object.entries(doc)) if (k.toLowerCase() === name.toLowerCase()) out = v;
  return out;
}

/** The string fields of `Global` the auditor reads (cloud_config.go json tags). */
const STRING_FIELDS = ['uid', 'accessKeyID', 'accessKeySecret', 'region', 'vpcid', 'routeTableIDs', 'clusterID', 'zoneid', 'vswitchid', 'resourceGroupID'];

function decode(text: string): { doc: unknown; format: 'json' | 'yaml' } | undefined {
  try {
    return { doc: JSON.parse(text) as unknown, format: 'json' };
  } catch {
    // Not JSON: v2 also takes YAML.
  }
  try {
    return { doc: parseYaml(text, { uniqueKeys: false }) as unknown, format: 'yaml' };
  } catch {
    return undefined;
  }
}

function unparseable(why: string): ApiCallError {
  return new ApiCallError({ api: 'k8s:get configmaps', code: 'UnparseableCloudConfig', message: `kube-system/cloud-config: cloud-config.conf ${why}` }, false);
}

/**
 * Parses the text under `cloud-config.conf`. A document that does not decode, or is not an object, is a failed read,
 * not an empty one: it may hold an AccessKey or route table ids, so nothing may be concluded without it.
 */
export function parseCloudConfig(text: string | undefined): CloudConfig {
  const decoded = decode(text ?? '{}');
  const problems: string[] = [];
  // The decoder's message quotes the text, which may hold the key: say only that it does not decode.
  if (!decoded) throw unparseable('is neither JSON nor YAML');
  if (decoded.doc !== null && decoded.doc !== undefined && !isObject(decoded.doc)) throw unparseable('is not an object');
  const root = isObject(decoded.doc) ? decoded.doc : {};
  if (goField(root, 'Global') !== undefined && !isObject(goField(root, 'Global'))) throw unparseable('has a Global that is not an object');
  const globalValue = goField(root, 'Global');
  const global = isObject(globalValue) ? globalValue : {};
  const values: Record<string, string | undefined> = {};
  for (const name of STRING_FIELDS) {
    const v = goField(global, name);
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') values[name] = v;
    else problems.push(`Global.${name} is a ${typeof v}, not a string: the CCM's decoder rejects the whole file`);
  }
  const s = (k: string) => (values[k] !== undefined && values[k] !== '' ? values[k] : undefined);
  const { ids, invalid, overCap } = routeTableIdsOf(s('routeTableIDs'));
  return {
    vpcId: s('vpcid'),
    region: s('region'),
    routeTableIds: ids,
    ...(invalid.count || overCap ? { routeTableIdsRefused: { invalid, overCap } } : {}),
    hasAccessKey: s('accessKeyID') !== undefined && s('accessKeySecret') !== undefined,
    ...(s('uid') !== undefined ? { assumesRole: true } : {}),
    format: decoded.format,
    ...(problems.length ? { problems } : {}),
  };
}
