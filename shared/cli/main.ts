/** The `ack-drift` command line: parse the command, run it, map errors to exit codes without stack traces. */
import { readFileSync, writeFileSync } from 'node:fs';
import { auditCommand } from './audit-command';
import { renderCommand } from './render-command';
import { simulateCommand } from './simulate-command';
import { runPolicyCommand } from '../ram/policy-command';
import { UsageError } from '../util/errors';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

const USAGE = `usage: ack-drift <command> [options]

  audit    [--scenario FILE | --cluster-id ID --region REGION | --kubeconfig FILE --region REGION --vpc-id ID]
           [--format text|json|markdown|html|sarif] [--output FILE] [--fail-on critical|high|medium|low] [--endpoint PRODUCT=URL ...]
           [--page-size N] [--private-endpoint] [--managed-ccm-role NAME] [--run-id ID] [--now ISO-TIME]
  demo     [--format …]                  audit the built-in seed incident on the local simulators
  policy   --policy FILE [--policy FILE ...] --action ACTION [--resource ARN] [--context KEY=VALUE ...] [--format text|json]
  render   REPORT.json --format text|json|markdown|html|sarif [--output FILE]
  simulate --scenario FILE [--kubeconfig-out FILE]

exit codes: 0 no failing finding, 1 failing findings, 2 usage or input error, 3 some check could not complete
`;

/** Runs the command line with the given arguments and io; resolves with the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'audit':
        return await auditCommand(rest, io);
      case 'demo':
        return await auditCommand(rest, io, true);
      case 'policy':
        return runPolicyCommand(rest, io);
      case 'render':
        return renderCommand(rest, io);
      case 'simulate':
        return await simulateCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    }
  } catch (err) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_*: they are usage errors too.
    const code = (err as { code?: string }).code ?? '';
    if (err instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`ack-drift: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    io.stderr(`ack-drift: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.ACK_DRIFT_DEBUG) io.stderr(`${(err as Error).stack ?? ''}\n`);
    return EXIT.usage;
  }
}

/** The process's own io. */
export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    untilSignal: () => new Promise((resolve) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, () => resolve(s)))),
  };
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
