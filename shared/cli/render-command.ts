/** `ack-drift render REPORT.json`: re-render a saved JSON report. */
import { renderReport } from '../report/render';
import type { Report } from '../report/schema';
import { reportProblems } from '../report/validate';
import { UsageError } from '../util/errors';
import { defineCommand, stringOpt, type CommandInput } from './command-spec';
import { EXIT } from './exit-codes';
import { readInput, type CliIo } from './io';
import { checkOutput, emit, formatFor, FORMAT_OPTION, OUTPUT_OPTION } from './output';

/** Runs `render`; returns the exit code. */
function runRender(input: CommandInput, io: CliIo): number {
  const file = input.args[0];
  const output = stringOpt(input, 'output');
  const format = formatFor(stringOpt(input, 'format'), output);
  checkOutput(io, output);
  let report: unknown;
  try {
    report = JSON.parse(readInput(io, file));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: not a JSON report (${err instanceof Error ? err.message : String(err)})`);
  }
  const problems = reportProblems(report);
  if (problems.length) throw new UsageError(`${file}: not an ack-drift report (schemaVersion 1): ${problems.slice(0, 3).join('; ')}`);
  emit(io, output, (o) => renderReport(report as Report, format, o));
  return EXIT.ok;
}

export const RENDER_COMMAND = defineCommand({
  name: 'render',
  summary: 're-render a saved JSON report in another format',
  arguments: [{ name: '<REPORT>', description: 'a report written by audit --format json' }],
  details: 'Example:\n  ack-drift render report.json --output report.html',
  options: [FORMAT_OPTION, OUTPUT_OPTION],
  exitCodes: [
    [EXIT.ok, 'rendered'],
    [EXIT.usage, 'usage error, or the file is not an ack-drift JSON report'],
    [EXIT.internal, 'internal error'],
  ],
  run: runRender,
});
