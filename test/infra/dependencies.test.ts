/**
 * Issue #10 item 18: fc2 2.6.6 asks for axios ^0.24 (known CVEs), used only by its code-upload path's STS refresh;
 * package.json `overrides` gives it a fixed axios 1.x, and the dispatch tests (test/functions/dispatch-handler,
 * fleet, bundle) show fc2 still invokes the simulated Function Compute with it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../..');

it('fc2 resolves the overridden axios 1.x, as package.json pins it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { overrides?: Record<string, Record<string, string>> };
  const pinned = pkg.overrides?.['@alicloud/fc2']?.axios;
  expect(pinned).toMatch(/^1\.\d+\.\d+$/);
  const fc2 = dirname(require.resolve('@alicloud/fc2/package.json', { paths: [ROOT] }));
  const axios = JSON.parse(readFileSync(require.resolve('axios/package.json', { paths: [fc2] }), 'utf8')) as { version: string };
  expect(axios.version).toBe(pinned);
});
