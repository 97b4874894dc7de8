/** Reads a scenario file (YAML or JSON), validates it against the `ack-drift/v1` schema and applies defaults. */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Scenario } from './schema';
import { validateScenario as generated } from './schema.validator';
import { UsageError } from '../util/errors';
import { type ErrorObject, errorPath, formatPath, validationProblems, validatorOf } from '../util/validation';

const MAX_SCENARIO_BYTES = 64 * 1024 * 1024;

// Generated with useDefaults: validating fills in the schema's defaults.
const validate = validatorOf<Scenario>(generated);

/** Where an error points, as `cluster.objects[3].spec.podCIDR`. */
function fieldPath(e: ErrorObject): string {
  return formatPath(errorPath(e), '(top level)');
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties':
      return `${fieldPath(e)}: unknown key`;
    case 'required':
      return `${fieldPath(e)}: required`;
    case 'format':
      return `${fieldPath(e)}: not ${e.params.format === 'cidr' ? 'a CIDR' : e.params.format === 'ip' ? 'an IP address' : `a valid ${e.params.format}`}`;
    case 'const':
      return `${fieldPath(e)}: must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'enum':
      return `${fieldPath(e)}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'if':
    case 'anyOf':
      return '';
    default:
      return `${fieldPath(e)}: ${e.message ?? 'invalid'}`;
  }
}

/** Validates parsed data as a scenario; throws a UsageError listing each bad field by path. */
export function validateScenario(data: unknown, source = 'scenario'): Scenario {
  const lines = validationProblems(validate, data, describe);
  if (lines.length === 0) return data as Scenario;
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
