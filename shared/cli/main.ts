/** The `ack-drift` command line: parse the command, run it, map errors to exit codes without stack traces. */
import { CommanderError } from 'commander';
import { InputError, UsageError } from '../util/errors';
import { COMMANDS } from './commands';
import { EXIT } from './exit-codes';
import { processIo, type CliIo } from './io';
import { buildProgram, PROGRAM, usageHint } from './program';

export { processIo };
// For scripts/cli-docs.js, which writes the generated reference from the bundle.
export { cliDoc, readmeSection, README_END, README_START } from './reference';

/** Runs the command line with the given arguments and io; resolves with the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(COMMANDS, io, (c) => (code = c), io.stdoutIsTTY && io.columns ? io.columns : undefined);
  const command = program.commands.find((c) => c.name() === argv[0]);
  const prefix = command ? `${PROGRAM} ${command.name()}` : PROGRAM;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    // Commander has printed its message (and the usage) already; help and --version end with exit code 0.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof UsageError) {
      io.stderr(`${prefix}: ${err.message}\n${err instanceof InputError ? '' : `${usageHint(command ?? program)}\n`}`);
      return EXIT.usage;
    }
    io.stderr(`${prefix}: internal error (a defect in ack-drift — please report it with this message): ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.ACK_DRIFT_DEBUG) io.stderr(`${(err as Error).stack ?? ''}\n`);
    else io.stderr('Set ACK_DRIFT_DEBUG=1 for the stack trace.\n');
    return EXIT.internal;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
