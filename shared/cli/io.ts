/** What the command line writes to and reads from, injectable so tests run commands in-process. */
import { accessSync, constants, statSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../util/errors';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  /** Why a file could not be written at `path` (an errno code), or undefined when it can. */
  writeProblem(path: string): string | undefined;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one. */
  columns?: number;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `simulate`. */
  untilSignal(): Promise<string>;
  /** Asks the person at the terminal a question and resolves with the answer; absent when stdin is no terminal. */
  ask?(question: string): Promise<string>;
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

/** The file system's answer to "could a file be written at `path`": an existing writable file, or a writable directory to create it in. */
export function fsWriteProblem(path: string): string | undefined {
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) return 'EISDIR: it is a directory';
    if (st) {
      accessSync(path, constants.W_OK);
      return undefined;
    }
    const dir = dirname(path);
    if (!statSync(dir).isDirectory()) return `ENOTDIR: ${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code === 'ENOENT' ? `ENOENT: no directory ${dirname(path)}` : (e.code ?? String(err));
  }
}

/** The process's own io. */
export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readFile: (p) => readFileSync(p, 'utf8'),
    writeFile: (p, t) => writeFileSync(p, t),
    writeProblem: fsWriteProblem,
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    untilSignal: () => new Promise((resolve) => ['SIGINT', 'SIGTERM'].forEach((s) => process.once(s, () => resolve(s)))),
    ...(process.stdin.isTTY ? { ask: askOnTerminal } : {}),
  };
}

/** One question on stderr, one answer from the terminal. */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
