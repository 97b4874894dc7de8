/** `ack-drift render REPORT.json --format …`: re-render a saved JSON report. */
import { parseArgs } from 'node:util';
import { renderReport, FORMATS, type Format } from '../report/render';
import { wantsColour } from '../report/text';
import { reportProblems, type Report } from '../report/schema';
import { UsageError } from '../util/errors';
import { readInput, type CliIo } from './io';

/** Runs `render`; returns the exit code. */
export function renderCommand(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args: argv, options: { format: { type: 'string', default: 'text' }, output: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('render: give exactly one REPORT.json');
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${values.format}: expected one of ${FORMATS.join(', ')}`);
  let report: unknown;
  try {
    report = JSON.parse(readInput(io, positionals[0]));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${positionals[0]}: not a JSON report (${err instanceof Error ? err.message : String(err)})`);
  }
  const problems = reportProblems(report);
  if (problems.length) throw new UsageError(`${positionals[0]}: not an ack-drift report (schemaVersion 1): ${problems.slice(0, 3).join('; ')}`);
  const text = renderReport(report as Report, format, { colour: !values.output && wantsColour({ isTTY: io.stdoutIsTTY }, io.env) });
  if (values.output) io.writeFile(values.output, text);
  else io.stdout(text);
  return 0;
}
