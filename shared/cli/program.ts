/**
 * Builds the commander program from the command declarations: parsing, `--help`/`-h` on every command, `--version`,
 * "did you mean", usage after a mistake, conflicting and repeated flags. A fresh program per run (tests run many).
 */
import { Command, Option } from 'commander';
import { UsageError } from '../util/errors';
import { VERSION } from '../util/version';
import type { CommandSpec, OptionSpec } from './command-spec';
import type { CliIo } from './io';

export const PROGRAM = 'ack-drift';

const DESCRIPTION =
  "Audit a Kubernetes cluster on Alibaba Cloud (ACK): nodes against VPC routes, the route controller's RAM policies, aggregated APIServices and stuck namespaces, correlated into root-cause chains.";

/** `--cluster-id` → `clusterId`, the key commander stores an option's value under. */
export function attributeName(long: string): string {
  return long.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The long name of an option's flags (`--format <FORMAT>` → `--format`). */
export function longFlag(flags: string): string {
  const m = /--[a-z][a-z0-9-]*/.exec(flags);
  if (!m) throw new Error(`option ${flags} has no long name`);
  return m[0];
}

/** The exit-code table of a command, as its help shows it. */
export function exitCodesText(spec: CommandSpec): string {
  return `Exit codes:\n${spec.exitCodes.map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n')}`;
}

function option(o: OptionSpec): Option {
  const long = longFlag(o.flags);
  const takesValue = /[<[]/.test(o.flags);
  const description = o.defaultText ? `${o.description} (default: ${o.defaultText})` : o.description;
  const opt = new Option(o.flags, description);
  if (o.rejectWith) {
    const message = o.rejectWith;
    opt.hideHelp();
    // A switch never reaches a parser: commander sets it before any check, so reject it from a preAction hook (see below).
    if (takesValue)
      opt.argParser(() => {
        throw new UsageError(message);
      });
    return opt;
  }
  if (o.choices) opt.choices([...o.choices]);
  if (o.conflicts) opt.conflicts(o.conflicts.map(attributeName));
  if (takesValue) {
    let given = false;
    opt.argParser((value: string, previous: unknown) => {
      if (given && !o.repeatable) throw new UsageError(`${long} given more than once (it takes one value; the last would silently win)`);
      given = true;
      let v = value;
      if (o.choices) {
        v = value.toLowerCase();
        if (!o.choices.includes(v)) throw new UsageError(`${long} ${value}: expected one of ${o.choices.join(', ')}`);
      }
      return o.repeatable ? [...(Array.isArray(previous) ? (previous as string[]) : []), v] : v;
    });
  }
  return opt;
}

/** The short reminder printed after a mistake: the usage line and where the full help is. */
export function usageHint(cmd: Command): string {
  const path = cmd.parent ? `${PROGRAM} ${cmd.name()}` : PROGRAM;
  const commands = cmd.parent ? '' : `Commands: ${cmd.commands.map((c) => c.name()).join(', ')}\n`;
  return `Usage: ${path} ${cmd.usage()}\n${commands}Run "${path} --help" for the ${cmd.parent ? 'options and exit codes' : 'full help'}.`;
}

/** Adds one declared command to the program; `done` receives its exit code. */
function addCommand(program: Command, spec: CommandSpec, io: CliIo, done: (code: number) => void): void {
  const cmd = program.command(spec.name).description(spec.summary);
  if (spec.usage) cmd.usage(spec.usage);
  for (const a of spec.arguments ?? []) cmd.argument(a.name, a.description);
  for (const o of spec.options) cmd.addOption(option(o));
  cmd.configureOutput({ outputError: (str, write) => write(`${PROGRAM} ${spec.name}: ${str.replace(/^error: /, '')}`) });
  cmd.showHelpAfterError(usageHint(cmd));
  cmd.addHelpText('after', `\n${spec.details ? `${spec.details.trimEnd()}\n\n` : ''}${exitCodesText(spec)}\n`);
  cmd.hook('preAction', (self) => {
    for (const o of spec.options) {
      if (o.rejectWith && self.getOptionValue(attributeName(longFlag(o.flags))) !== undefined) throw new UsageError(o.rejectWith);
    }
  });
  cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    done(await spec.run({ opts: self.opts(), args: self.args }, io));
  });
}

/** The whole program for one run, writing through `io`; `done` receives the command's exit code. */
export function buildProgram(commands: readonly CommandSpec[], io: CliIo, done: (code: number) => void, helpWidth = 100): Command {
  const program = new Command(PROGRAM)
    .description(DESCRIPTION)
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show the help')
    .helpCommand('help [COMMAND]', 'show the help of a command')
    .usage('<COMMAND> [options]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ helpWidth })
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      outputError: (str, write) => write(`${PROGRAM}: ${str.replace(/^error: /, '')}`),
    });
  for (const spec of commands) addCommand(program, spec, io, done);
  program.showHelpAfterError(usageHint(program));
  program.addHelpText('after', `\nRun "${PROGRAM} <COMMAND> --help" for a command's options and exit codes.\n`);
  return program;
}
