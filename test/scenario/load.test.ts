import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../shared/scenario/load';
import { UsageError } from '../../shared/util/errors';

const seedText = readFileSync(join(__dirname, '../../scenarios/seed-incident.yaml'), 'utf8');

function errorOf(text: string): string {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario loader', () => {
  it('loads the built-in seed scenario (YAML) and the same data as JSON', () => {
    const yaml = parseScenario(seedText);
    const json = parseScenario(JSON.stringify(yaml));
    expect(json).toEqual(yaml);
    expect(yaml.cluster.objects.length).toBeGreaterThan(10);
  });

  it('names the field path of a bad pod CIDR', () => {
    const bad = seedText.replace('podCIDR: 172.16.1.0/24', 'podCIDR: 172.16.1.0/33');
    expect(errorOf(bad)).toContain('cluster.objects[1].spec.podCIDR: not a CIDR');
  });

  it('rejects unknown top-level keys but keeps unknown keys inside objects', () => {
    expect(errorOf(`${seedText}\nextra: 1\n`)).toContain('extra: unknown key');
    const s = parseScenario(seedText.replace('kind: Node\n      metadata:', 'kind: Node\n      vendorField: kept\n      metadata:'));
    expect((s.cluster.objects[0] as Record<string, unknown>).vendorField).toBe('kept');
  });

  it('reports missing required fields and wrong literals', () => {
    const message = errorOf('apiVersion: ack-drift/v2\nkind: Scenario\n');
    expect(message).toContain('apiVersion: must be "ack-drift/v1"');
    expect(message).toContain('region: required');
    expect(message).toContain('cluster: required');
  });

  it('reports YAML syntax errors with a line number', () => {
    expect(errorOf('apiVersion: [unclosed\n')).toMatch(/not valid YAML or JSON \(line \d+/);
  });

  it('accepts a BOM', () => {
    expect(parseScenario(`\uFEFF${seedText}`).name).toBe('seed-incident');
  });

  it('rejects an alias bomb as an input error naming the file', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from({ length: 8 }, (_, i) => {
        const [name, previous] = [String.fromCharCode(98 + i), String.fromCharCode(97 + i)];
        return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`;
      }),
    ].join('\n');
    expect(errorOf(bomb)).toMatch(/^bad\.yaml: not a usable YAML document/);
  });

  it('bounds the generated bulk', () => {
    expect(errorOf(`${seedText}\ngenerate: { namespaces: 50000000 }\n`)).toContain('generate.namespaces: must be <= 100000');
  });
});
