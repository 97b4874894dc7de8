/**
 * The `cloud-controller-manager` add-on of a managed cluster, as CS DescribeClusterAddonInstance returns it
 * (`{name, version, state, config}`, SDK model DescribeClusterAddonInstanceResponseBody): on managed clusters the
 * route controller runs in ACK's control plane and its settings live here, not in kube-system/cloud-config.
 */
import type { CcmAddon } from './inventory';
import { routeTableIdsOf } from './route-table-ids';

/** The add-on's name in CS (the component id of DescribeClusterAddonInstance). */
export const CCM_ADDON = 'cloud-controller-manager';

/**
 * The add-on config key holding the route table ids. UNVERIFIED: ACK's console asks for the route table ids in the
 * add-on's configuration, but no public source names the JSON key; the CCM's own cloud-config field is
 * `routeTableIDs` (pkg/config/cloud_config.go), matched here case-insensitively as Go's encoding/json does.
 */
export const DEFAULT_ROUTE_TABLES_KEY = 'routeTableIDs';

type Doc = Record<string, unknown>;

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value of `key` in `doc`, matched ignoring case (the last match wins, as in encoding/json). */
function field(doc: Doc, key: string): unknown {
  let out: unknown;
  for (const [k, v] of Object.entries(doc)) if (k.toLowerCase() === key.toLowerCase()) out = v;
  return out;
}

/**
 * The add-on as the checks use it. `config` is a JSON string (the SDK model); the API page's own sample shows an
 * object, so both are read. A config that does not decode names no tables, and says so in `problems`.
 */
export function parseCcmAddon(body: Doc, routeTablesKey = DEFAULT_ROUTE_TABLES_KEY): CcmAddon {
  const problems: string[] = [];
  let config: Doc = {};
  const raw = body.config;
  if (isObject(raw)) config = raw;
  else if (typeof raw === 'string' && raw.trim() !== '') {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (isObject(parsed)) config = parsed;
      else problems.push('the add-on config is not a JSON object');
    } catch {
      problems.push('the add-on config is not JSON');
    }
  }
  const value = field(config, routeTablesKey) ?? (isObject(field(config, 'Global')) ? field(field(config, 'Global') as Doc, routeTablesKey) : undefined);
  if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`the add-on config's ${routeTablesKey} is a ${typeof value}, not a string`);
  const { ids, invalid, overCap } = routeTableIdsOf(typeof value === 'string' ? value : undefined);
  return {
    version: typeof body.version === 'string' && body.version !== '' ? body.version : undefined,
    state: typeof body.state === 'string' && body.state !== '' ? body.state : undefined,
    routeTablesKey,
    routeTableIds: ids,
    ...(invalid.count || overCap ? { routeTableIdsRefused: { invalid, overCap } } : {}),
    ...(problems.length ? { problems } : {}),
  };
}
