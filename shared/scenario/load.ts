/** Reads a scenario file (YAML or JSON), validates it against the `ack-drift/v1` schema and applies defaults. */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { Scenario } from './schema';
import { isCidrSyntax } from '../net/cidr';
import { isIP } from 'node:net';
import { UsageError } from '../util/errors';

const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;

let validator: ReturnType<Ajv['compile']> | undefined;

function compiled(): ReturnType<Ajv['compile']> {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
    addFormats(ajv, ['date-time']);
    ajv.addFormat('cidr', { type: 'string', validate: isCidrSyntax });
    ajv.addFormat('ip', { type: 'string', validate: (s: string) => isIP(s) !== 0 });
    validator = ajv.compile(Scenario);
  }
  return validator;
}

/** Turns an ajv instance path (`/cluster/objects/3/spec/podCIDR`) into `cluster.objects[3].spec.podCIDR`. */
export function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `${fieldPath(e.instancePath, String(e.params.additionalProperty))}: unknown key`;
    case 'required':
      return `${fieldPath(e.instancePath, String(e.params.missingProperty))}: required`;
    case 'format':
      return `${fieldPath(e.instancePath)}: not ${e.params.format === 'cidr' ? 'a CIDR' : e.params.format === 'ip' ? 'an IP address' : `a valid ${e.params.format}`}`;
    case 'const':
      return `${fieldPath(e.instancePath)}: must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'enum':
      return `${fieldPath(e.instancePath)}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'if':
    case 'anyOf':
      return '';
    default:
      return `${fieldPath(e.instancePath)}: ${e.message ?? 'invalid'}`;
  }
}

/** Validates parsed data as a scenario; throws a UsageError listing each bad field by path. */
export function validateScenario(data: unknown, source = 'scenario'): Scenario {
  const validate = compiled();
  if (validate(data)) return data as Scenario;
  const lines = [...new Set((validate.errors ?? []).map(describe).filter(Boolean))];
  // A union failing yields one error per branch; the first distinct lines are the useful ones.
  throw new UsageError(`${source}: invalid scenario\n  ${lines.slice(0, 12).join('\n  ')}`);
}

/** Parses YAML or JSON text (JSON is YAML) into a validated scenario. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  if (text.length > MAX_SCENARIO_BYTES) throw new UsageError(`${source}: scenario larger than ${MAX_SCENARIO_BYTES} bytes`);
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new UsageError(`${source}: not valid YAML or JSON${where}: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // An alias bomb, or an alias to nothing: input errors, named as such.
    throw new UsageError(`${source}: not a usable YAML document: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  return validateScenario(data, source);
}

/** Reads and validates a scenario file. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read scenario (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseScenario(text, file);
}
