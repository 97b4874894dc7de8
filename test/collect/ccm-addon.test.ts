/** The CCM add-on's config as DescribeClusterAddonInstance returns it: a JSON string (or the object the API page shows). */
import { parseCcmAddon } from '../../shared/collect/ccm-addon';

describe('parseCcmAddon', () => {
  it('reads version, state and routeTableIDs from the JSON-string config, the key matched ignoring case', () => {
    expect(parseCcmAddon({ name: 'cloud-controller-manager', version: 'v2.12.4', state: 'active', config: '{"RouteTableIds":"vtb-a,vtb-b"}' })).toEqual({
      version: 'v2.12.4',
      state: 'active',
      routeTablesKey: 'routeTableIDs',
      routeTableIds: ['vtb-a', 'vtb-b'],
    });
  });

  it('takes an object config and a configured key; refuses an id with spaces as the CCM would fail on it', () => {
    const a = parseCcmAddon({ version: 'v2.12.4', config: { tables: 'vtb-a, vtb-b' } }, 'tables');
    expect(a.routeTableIds).toEqual(['vtb-a']);
    expect(a.routeTableIdsRefused).toEqual({ invalid: { count: 1, samples: [' vtb-b'] }, overCap: 0 });
  });

  it('names no tables, and says why, for a config that is not JSON or holds a number', () => {
    expect(parseCcmAddon({ version: 'v2.12.4', config: 'routeTableIDs=vtb-a' })).toMatchObject({ routeTableIds: [], problems: ['the add-on config is not JSON'] });
    expect(parseCcmAddon({ version: 'v2.12.4', config: '{"routeTableIDs":5}' }).problems).toEqual(["the add-on config's routeTableIDs is a number, not a string"]);
    expect(parseCcmAddon({ version: 'v2.12.4', config: '' })).toEqual({ version: 'v2.12.4', state: undefined, routeTablesKey: 'routeTableIDs', routeTableIds: [] });
  });
});
