/** Runs the command line in-process with captured output (the real clients and simulators, no mocks). */
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../shared/cli/main';
import type { CliIo } from '../../shared/cli/io';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ack-drift <argv>` and returns its exit code and output. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    env,
    stdoutIsTTY: false,
    untilSignal: () => new Promise(() => undefined),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
