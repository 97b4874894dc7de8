/** A configuration that cannot run: one line per bad variable, each naming it (and never a secret's value). */
import { UsageError } from '../util/errors';

export class ConfigError extends UsageError {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}
