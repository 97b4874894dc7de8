/** What the command line writes to and reads from, injectable so tests run commands in-process. */
import { UsageError } from '../util/errors';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `simulate`. */
  untilSignal(): Promise<string>;
}

/** Reads an input file named on the command line; a missing or unreadable file is a usage error naming it. */
export function readInput(io: CliIo, path: string): string {
  try {
    return io.readFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
