/**
 * The shape of one command's declaration. Every command is declared once, as data: the parser, `--help`, the usage
 * and the README's command-line section are all generated from these declarations (see program.ts, reference.ts).
 */
import type { CliIo } from './io';

export interface OptionSpec {
  /** Commander flags: `--format <FORMAT>` takes a value, `--private-endpoint` is a switch, `-h, --help` has a short form. */
  flags: string;
  description: string;
  /** The values allowed, matched case-insensitively and passed on in lower case. */
  choices?: readonly string[];
  /** Shown in the help; the command applies the default itself, so it can tell an explicit value from none. */
  defaultText?: string;
  /** The option may be given several times; its value is then the list of values. Otherwise a repeat is an error. */
  repeatable?: boolean;
  /** Long names (without `--`) of options that may not be given with this one. */
  conflicts?: readonly string[];
  /** Not an option of this command: giving it is an error with this message (a pointer to what the user meant). */
  rejectWith?: string;
}

export interface ArgumentSpec {
  /** `<REPORT>` (required) or `[FILE]` (optional). */
  name: string;
  description: string;
}

/** What a command's handler receives: option values by camelCase name (`--cluster-id` is `clusterId`). */
export interface CommandInput {
  opts: Readonly<Record<string, string | string[] | boolean | undefined>>;
  args: readonly string[];
}

export interface CommandSpec {
  name: string;
  /** One line, shown in the command list. */
  summary: string;
  /** The usage line after `ack-drift <name> `; generated from the options when absent. */
  usage?: string;
  /** More text for `--help`, after the options (examples, notes). */
  details?: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /** `code meaning` pairs, shown in `--help` and the README. */
  exitCodes: readonly (readonly [number, string])[];
  run(input: CommandInput, io: CliIo): Promise<number> | number;
}

/** Declares a command (an identity function that checks the declaration's type where it is written). */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** Reads a string option's value (or undefined). */
export function stringOpt(input: CommandInput, name: string): string | undefined {
  const v = input.opts[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a repeatable option's values (empty when not given). */
export function listOpt(input: CommandInput, name: string): string[] {
  const v = input.opts[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** Reads a switch. */
export function flagOpt(input: CommandInput, name: string): boolean {
  return input.opts[name] === true;
}
