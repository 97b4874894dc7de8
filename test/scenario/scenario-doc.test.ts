/** docs/scenarios.md lists every key of the scenario schema; `UPDATE_DOCS=1 npx jest test/scenario` rewrites it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderScenarioDoc } from '../../shared/scenario/scenario-doc';

describe('scenario format reference', () => {
  it('docs/scenarios.md is generated from the schema', () => {
    const file = join(__dirname, '..', '..', 'docs', 'scenarios.md');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(file, renderScenarioDoc());
    expect(readFileSync(file, 'utf8')).toBe(renderScenarioDoc());
  });

  it('names the keys every scenario has and the nested ones', () => {
    const doc = renderScenarioDoc();
    for (const key of ['`apiVersion`', '`cluster`', '`cloud`', '`faults`']) expect(doc).toContain(`| ${key} |`);
    expect(doc.split('\n').filter((l) => l.startsWith('| `')).length).toBeGreaterThan(40);
  });
});
