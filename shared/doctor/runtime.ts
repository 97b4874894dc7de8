/**
 * The runtime the checklist ran on: Node.js and V8 versions and the flags node was started with. A deployed function's
 * answer is how its runtime's exact build becomes known (Function Compute names only `nodejs20`), which decides
 * whether, for example, a V8 code cache built elsewhere would be accepted.
 */
import type { DoctorItem } from './item';

export interface RuntimeFacts {
  node: string;
  v8: string;
  /** node's own command-line flags, then NODE_OPTIONS. */
  flags: string[];
}

/** What this process runs on (the edge: reads `process`). */
export function currentRuntime(): RuntimeFacts {
  const fromEnv = (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
  return { node: process.version, v8: process.versions.v8, flags: [...process.execArgv, ...fromEnv] };
}

const MAX_FLAGS_TEXT = 300;

/** The `runtime` item: informational, never a failure. */
export function runtimeItem(r: RuntimeFacts): DoctorItem {
  const flags = r.flags.join(' ');
  const shown = flags.length > MAX_FLAGS_TEXT ? `${flags.slice(0, MAX_FLAGS_TEXT)}…` : flags;
  return { id: 'runtime', status: 'ok', detail: `Node.js ${r.node}, V8 ${r.v8}, ${shown ? `started with ${shown}` : 'started without flags'}` };
}
