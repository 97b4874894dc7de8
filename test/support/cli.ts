/** Runs the command line in-process with captured output (the real clients and simulators, no mocks). */
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../../shared/cli/main';
import { fsWriteProblem, type CliIo } from '../../shared/cli/io';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ack-drift <argv>` and returns its exit code and output; `io` replaces parts of the default io. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, io: Partial<CliIo> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    writeProblem: fsWriteProblem,
    env,
    stdoutIsTTY: false,
    untilSignal: () => new Promise(() => undefined),
    ...io,
  });
  return { code, stdout, stderr };
}
