/** The README names every environment variable the code and s.yaml read, so a deployer never has to grep for them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) && !/\.validators?\.ts$/.test(name) ? [path] : [];
  });
}

describe('README environment variables', () => {
  it('names every ACK_DRIFT_* variable of shared/, functions/ and s.yaml', () => {
    const text = [...sources(join(root, 'shared')), ...sources(join(root, 'functions')), join(root, 's.yaml')].map((f) => readFileSync(f, 'utf8')).join('\n');
    const names = [...new Set(text.match(/\bACK_DRIFT_[A-Z][A-Z_]*[A-Z]\b/g) ?? [])].sort();
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    // ACK_DRIFT_ENDPOINT_VPC, _ECS, … are listed as `ACK_DRIFT_ENDPOINT_VPC` / `_ECS`: the family counts once.
    const missing = names.filter((n) => !readme.includes(n) && !(n.startsWith('ACK_DRIFT_ENDPOINT_') && readme.includes(`_${n.slice('ACK_DRIFT_ENDPOINT_'.length)}\``)));
    expect(names.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
