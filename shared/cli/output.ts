/** Where a report goes and in which format: `--format`, else the `--output` file's extension, else text. */
import { FORMATS, type Format } from '../report/render';
import { wantsColour } from '../report/text';
import { UsageError } from '../util/errors';
import type { CliIo } from './io';

export const FORMAT_OPTION = {
  flags: '--format <FORMAT>',
  description: 'report format, case-insensitive',
  choices: FORMATS,
  defaultText: "from --output's extension (.html .json .md .sarif .txt), else text",
} as const;

export const OUTPUT_OPTION = { flags: '--output <FILE>', description: 'write the report to FILE instead of stdout (checked before anything runs)' } as const;

const EXTENSIONS: readonly [RegExp, Format][] = [
  [/\.sarif(\.json)?$/i, 'sarif'],
  [/\.json$/i, 'json'],
  [/\.html?$/i, 'html'],
  [/\.(md|markdown)$/i, 'markdown'],
  [/\.txt$/i, 'text'],
];

/** The format asked for, or the one the output file's extension names, or text. */
export function formatFor(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) return format as Format;
  return EXTENSIONS.find(([re]) => output !== undefined && re.test(output))?.[1] ?? 'text';
}

/** Fails with a usage error naming the path when the report could not be written there; run before the work. */
export function checkOutput(io: CliIo, output: string | undefined): void {
  if (output === undefined) return;
  const problem = io.writeProblem(output);
  if (problem) throw new UsageError(`--output ${output}: cannot write (${problem})`);
}

/** Writes the rendered report to `output` or stdout; colour only on a terminal. */
export function emit(io: CliIo, output: string | undefined, render: (o: { colour: boolean; width?: number }) => string, progress?: (m: string) => void): void {
  if (output !== undefined) {
    io.writeFile(output, render({ colour: false }));
    progress?.(`report written to ${output}`);
    return;
  }
  io.stdout(render({ colour: wantsColour({ isTTY: io.stdoutIsTTY }, io.env), width: io.stdoutIsTTY ? io.columns : undefined }));
}
