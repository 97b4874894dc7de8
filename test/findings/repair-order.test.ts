/** The one remediation order: the root first, then outward, nearest first; what the root does not explain is left out. */
import { repairOrder } from '../../shared/findings/repair-order';

const f = (id: string, ...causedBy: string[]) => ({ id, causedBy });

describe('repairOrder', () => {
  it('puts the root first and a chain (symptom first, root last) in reverse', () => {
    const chain = [f('ns', 'api'), f('api', 'route'), f('route', 'ram'), f('ram')];
    expect(repairOrder('ram', chain).map((x) => x.id)).toEqual(['ram', 'route', 'api', 'ns']);
  });

  it('walks a graph breadth-first: every direct effect before any indirect one, unrelated findings left out', () => {
    const findings = [f('ns', 'api'), f('stale', 'route'), f('api', 'route'), f('event', 'ram'), f('route', 'ram'), f('ram'), f('other')];
    expect(repairOrder('ram', findings).map((x) => x.id)).toEqual(['ram', 'event', 'route', 'stale', 'api', 'ns']);
  });

  it('visits a finding with two causes once, and stops at cycles', () => {
    const findings = [f('a', 'b', 'c'), f('b', 'root'), f('c', 'root', 'a'), f('root')];
    expect(repairOrder('root', findings).map((x) => x.id)).toEqual(['root', 'b', 'c', 'a']);
  });

  it('is empty for a root that is not among the findings', () => {
    expect(repairOrder('gone', [f('a', 'gone')])).toEqual([]);
  });
});
