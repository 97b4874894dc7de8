/** The precompiled validators: the checked-in files are exactly what scripts/validators.ts generates from the schemas. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateValidators } from '../../scripts/validators';

const ROOT = join(__dirname, '../..');

describe('generated validators', () => {
  const generated = generateValidators();

  it.each([...generated.keys()])('%s matches its schema (node scripts/generate-validators.js regenerates it)', (file) => {
    // A byte-for-byte comparison: a schema edited without regenerating fails here, naming the file.
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(generated.get(file));
  });
});
