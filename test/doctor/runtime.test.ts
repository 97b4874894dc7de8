/** The doctor's `runtime` item: the Node.js build and flags, stated whatever they are, and never a failure. */
import { runtimeItem } from '../../shared/doctor/runtime';

describe('runtime item', () => {
  it('names the Node.js and V8 builds and the flags node was started with', () => {
    // Given a runtime started with a heap size (as a platform may start node for a function's memory)
    const item = runtimeItem({ node: 'v20.11.1', v8: '11.3.244.8-node.17', flags: ['--max-old-space-size=460', '--enable-source-maps'] });
    // Then
    expect(item).toEqual({ id: 'runtime', status: 'ok', detail: 'Node.js v20.11.1, V8 11.3.244.8-node.17, started with --max-old-space-size=460 --enable-source-maps' });
  });

  it('says when node had no flags, and cuts a long flag list', () => {
    expect(runtimeItem({ node: 'v20.20.2', v8: '11.3.244.8-node.33', flags: [] }).detail).toBe('Node.js v20.20.2, V8 11.3.244.8-node.33, started without flags');
    const long = runtimeItem({ node: 'v20.20.2', v8: '11', flags: Array.from({ length: 100 }, (_, i) => `--flag-${i}`) }).detail;
    expect(long.length).toBeLessThan(400);
    expect(long.endsWith('…')).toBe(true);
  });
});
