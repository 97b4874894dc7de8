/** A logger whose lines are kept in memory, for tests that assert on logs (and grep them for secrets). */
import { createLogger, type Logger } from './logger';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, as written (JSON text). */
  text(): string;
  /** Every line, parsed. */
  lines(): Record<string, unknown>[];
}

/** A logger at `level` (debug by default, so tests see everything) writing into memory. */
export function captureLogs(level = 'debug'): CapturedLogs {
  const written: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void written.push(line) } });
  return {
    logger,
    text: () => written.join(''),
    lines: () => written.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
