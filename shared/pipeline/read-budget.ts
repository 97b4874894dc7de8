/**
 * What one run may read from the cluster, sized to the memory of the instance that runs it. A 512 MB function must
 * survive a hostile API server: without a bound, one answer near the old 256 MiB cap, decoded and parsed, costs
 * several times its size, and two event lists read at once reached 1.28 GB.
 */
import type { ListBound } from '../collect/kube';

const MiB = 1024 * 1024;

/** Function Compute's smallest memory size (MB); smaller inputs are read as this. */
const MIN_MEMORY_MB = 128;

/** The memory a command-line run assumes: a workstation's, so a real cluster is never cut short there. */
export const CLI_MEMORY_MB = 4096;

/**
 * The memory a function assumes when neither the invocation context (`function.memory`) nor FC_FUNCTION_MEMORY_SIZE
 * says: the size s.yaml deploys.
 */
export const DEFAULT_FUNCTION_MEMORY_MB = 512;

export interface ReadBudget {
  /** The largest single answer accepted from the API server (one list page, one object). */
  maxAnswerBytes: number;
  /** Each event list is read page by page, keeping only the route controller's events, and stops at this bound. */
  events: ListBound;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/**
 * The read budget for `memoryMb`. One answer may take a sixteenth of the memory (32 MiB at 512 MB, between 16 and
 * 256 MiB): in flight it is held about five times (chunks, the joined buffer, the decoded string, the parsed
 * objects), and the two event lists run side by side. An event list stops after 40 events or 1/16 of the memory in
 * answer bytes per MB (20,480 events or 32 MiB at 512 MB); a real event is 1 to 2 KB, and events expire after an hour.
 */
export function readBudget(memoryMb: number): ReadBudget {
  const mb = Math.max(MIN_MEMORY_MB, Number.isFinite(memoryMb) ? memoryMb : DEFAULT_FUNCTION_MEMORY_MB);
  const sixteenth = Math.floor((mb * MiB) / 16);
  return {
    maxAnswerBytes: clamp(sixteenth, 16 * MiB, 256 * MiB),
    events: { maxItems: 40 * mb, maxBytes: sixteenth },
  };
}
