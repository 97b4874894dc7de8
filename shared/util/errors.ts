/** Error types shared by the command line, the handlers and the collectors. */

/** Bad usage, configuration or input file: the command exits 2 with this message and no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
