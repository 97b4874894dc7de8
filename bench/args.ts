/** The benchmark's command line: `--json` prints one JSON object (CONTRACTS §6), so it measures one size. */
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/util/errors';

export interface BenchArgs {
  json: boolean;
  sizes: number[];
  profile?: string;
}

/** The contract's default size; the table adds a smaller one to show how the figures scale. */
const DEFAULT_NODES = 5000;
const TABLE_SIZES = [DEFAULT_NODES, 1000];

function options(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: { json: { type: 'boolean', default: false }, nodes: { type: 'string', multiple: true }, profile: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Parses `--json`, `--nodes N` (repeatable for the table, once with --json) and `--profile DIR`; throws UsageError. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const values = options(argv);
  const sizes = (values.nodes ?? (values.json ? [String(DEFAULT_NODES)] : TABLE_SIZES.map(String))).map((text) => {
    if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`--nodes: expected a positive integer, got ${JSON.stringify(text)}`);
    return Number(text);
  });
  if (values.json && sizes.length > 1) throw new UsageError('--nodes: give it once with --json (one size, one JSON object)');
  return { json: values.json, sizes, profile: values.profile };
}
