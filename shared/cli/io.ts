/** What the command line writes to and reads from, injectable so tests run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
  writeFile(path: string, text: string): void;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); used by `simulate`. */
  untilSignal(): Promise<string>;
}
