/** The directory of ack-drift's package.json, found from any module (source under ts-jest or the dist bundle). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Walks up from this file to the package root. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ack-drift') return dir;
    if (dirname(dir) === dir) throw new Error('ack-drift package root not found');
  }
}
