/** The causal graph layout: chains in columns by depth from the symptom, explained findings beside their cause. */
import { causalGraph } from '../../shared/report/graph-layout';
import type { Report } from '../../shared/report/schema';
import { goldenReport } from './golden-files';

const place = (report: Report) => causalGraph(report).nodes.map((n) => ({ code: n.finding?.code ?? `+${n.hidden}`, role: n.role, layer: n.layer, column: n.column }));

describe('causalGraph', () => {
  it('puts the seed chain in one column, symptom on top, and each explained finding one layer above its cause', () => {
    expect(place(goldenReport('seed-incident'))).toEqual([
      { code: 'NAMESPACE_STUCK_TERMINATING', role: 'symptom', layer: 0, column: 0 },
      { code: 'APISERVICE_UNAVAILABLE', role: 'chain', layer: 1, column: 0 },
      { code: 'ROUTE_MISSING', role: 'chain', layer: 2, column: 0 },
      { code: 'RAM_EXPLICIT_DENY', role: 'root', layer: 3, column: 0 },
      { code: 'NODE_ROUTE_CONDITION_STALE', role: 'explained', layer: 1, column: 1 },
      { code: 'CCM_ROUTE_SYNC_FAILING', role: 'explained', layer: 2, column: 1 },
    ]);
  });

  it('draws every causedBy edge between drawn findings, effect to cause', () => {
    const report = goldenReport('seed-incident');
    const code = new Map(report.findings.map((f) => [f.id, f.code]));
    expect(causalGraph(report).edges.map((e) => `${code.get(e.from)} -> ${code.get(e.to)}`)).toEqual([
      'NAMESPACE_STUCK_TERMINATING -> APISERVICE_UNAVAILABLE',
      'APISERVICE_UNAVAILABLE -> ROUTE_MISSING',
      'ROUTE_MISSING -> RAM_EXPLICIT_DENY',
      'NODE_ROUTE_CONDITION_STALE -> ROUTE_MISSING',
      'CCM_ROUTE_SYNC_FAILING -> RAM_EXPLICIT_DENY',
    ]);
  });

  it('gives each root cause its own column', () => {
    const nodes = place(goldenReport('apiservice-no-endpoints'));
    expect(nodes.filter((n) => n.role === 'root').map((n) => [n.code, n.column])).toEqual([
      ['RAM_EXPLICIT_DENY', 0],
      ['APISERVICE_UNAVAILABLE', 1],
    ]);
  });

  it('does not depend on the order of the findings', () => {
    const report = goldenReport('apiservice-no-endpoints');
    expect(causalGraph({ ...report, findings: [...report.findings].reverse() })).toEqual(causalGraph(report));
  });

  it('folds explained findings beyond the limit into one node per layer', () => {
    const base = goldenReport('seed-incident');
    const stale = base.findings.find((f) => f.code === 'NODE_ROUTE_CONDITION_STALE')!;
    const copies = Array.from({ length: 5 }, (_, i) => ({ ...stale, id: `f-00000000000${i}` }));
    const report: Report = { ...base, findings: [...base.findings, ...copies], rootCauses: [{ ...base.rootCauses[0], explains: [...base.rootCauses[0].explains, ...copies.map((c) => c.id)] }] };
    const layer1 = causalGraph(report).nodes.filter((n) => n.layer === 1 && n.role !== 'chain');
    expect(layer1.map((n) => n.role)).toEqual(['explained', 'explained', 'explained', 'more']);
    expect(layer1[3].hidden).toBe(3);
  });

  it('survives a causedBy cycle', () => {
    const base = goldenReport('seed-incident');
    const root = base.rootCauses[0].findingId;
    const symptom = base.rootCauses[0].chain[0];
    const report: Report = { ...base, findings: base.findings.map((f) => (f.id === root ? { ...f, causedBy: [symptom] } : f)) };
    expect(causalGraph(report).nodes).toHaveLength(6);
  });

  it('is empty without root causes', () => {
    expect(causalGraph(goldenReport('terway-finalizers'))).toMatchObject({ nodes: [], edges: [], layers: 0 });
  });
});
