/** The benchmark's command line: `--json` prints one JSON object (CONTRACTS §6), so it measures one size. */
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/util/errors';

/** One measured cluster: its node count, and the route tables the CCM writes each node's route into. */
export interface BenchRun {
  nodes: number;
  tables: number;
}

export interface BenchArgs {
  json: boolean;
  runs: BenchRun[];
  profile?: string;
  /** Rewrite the README's table from this run (refused on a busy machine unless `force`). */
  readme: boolean;
  force: boolean;
  /** Warm audits per size after the first; the wall time is their median. */
  warm: number;
}

/** The contract's default size; the table adds 10,000 nodes whose routes the CCM writes into two tables. */
const DEFAULT_RUN: BenchRun = { nodes: 5000, tables: 1 };
const TABLE_RUNS: BenchRun[] = [DEFAULT_RUN, { nodes: 10000, tables: 2 }];

function options(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        json: { type: 'boolean', default: false },
        nodes: { type: 'string', multiple: true },
        tables: { type: 'string' },
        profile: { type: 'string' },
        readme: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        warm: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function positive(option: string, text: string): number {
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${option}: expected a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** Warm audits per size by default: the median of three is steady where one audit is not. */
const DEFAULT_WARM = 3;

/**
 * Parses `--json`, `--nodes N` (repeatable for the table, once with --json), `--tables T` (route tables per run,
 * default 1 with --nodes), `--profile DIR`, `--warm N` (warm audits per size), and `--readme [--force]` (rewrite the
 * README's table: the two sizes only); throws UsageError.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const values = options(argv);
  const tables = values.tables === undefined ? 1 : positive('--tables', values.tables);
  const runs = values.nodes ? values.nodes.map((n) => ({ nodes: positive('--nodes', n), tables })) : values.json ? [{ ...DEFAULT_RUN, tables }] : TABLE_RUNS;
  if (values.json && runs.length > 1) throw new UsageError('--nodes: give it once with --json (one size, one JSON object)');
  if (values.readme && (values.json || values.nodes || values.tables || values.profile)) {
    throw new UsageError('--readme: the README shows the two sizes the issue names, measured without a profiler; give it alone (or with --force, --warm)');
  }
  if (values.force && !values.readme) throw new UsageError('--force: only with --readme');
  const warm = values.warm === undefined ? DEFAULT_WARM : positive('--warm', values.warm);
  return { json: values.json, runs, profile: values.profile, readme: values.readme, force: values.force, warm };
}
