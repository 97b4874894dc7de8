/**
 * Issue #10 item 18: fc2 2.6.6 asks for axios ^0.24 (known CVEs), used only by its code-upload path's STS refresh;
 * package.json `overrides` gives it a fixed axios 1.x, and the dispatch tests (test/functions/dispatch-handler,
 * fleet, bundle) show fc2 still invokes the simulated Function Compute with it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

it('the lockfile gives fc2 the overridden axios 1.x, as package.json pins it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { overrides?: Record<string, Record<string, string>> };
  const pinned = pkg.overrides?.['@alicloud/fc2']?.axios;
  expect(pinned).toMatch(/^1\.\d+\.\d+$/);
  // The lockfile, not node_modules: a worktree installed before the override still has 0.24 until `npm ci`.
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  const axiosCopies = Object.entries(lock.packages).filter(([path]) => path.endsWith('node_modules/axios'));
  expect(axiosCopies.map(([path, p]) => [path, p.version])).toEqual([['node_modules/axios', pinned]]);
});
