/** Checks event data with a precompiled validator; a bad event is a UsageError naming each bad field, never a crash. */
import { EventError } from '../util/errors';
import { oneLine } from '../util/hidden-chars';
import { graphemePrefix } from '../util/truncate';
import { type ErrorObject, errorPath, formatPath, validationProblems, type Validator } from '../util/validation';

function field(source: string, e: ErrorObject): string {
  const at = formatPath(errorPath(e), '');
  return at === '' ? source : at.startsWith('[') ? `${source}${at}` : `${source}.${at}`;
}

function sentence(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown key';
  if (e.keyword === 'required') return 'required';
  if (e.keyword === 'pattern') return 'has characters or a form it may not have';
  return e.message ?? 'invalid';
}

/** How much of a caller's own text an error may quote: enough to recognise it, never an echo of a flood. */
export const MAX_ECHO = 64;
const MAX_PROBLEMS = 5;

/** A caller-supplied string as an error quotes it: on one line, at most MAX_ECHO characters, hidden characters shown. */
export function echo(text: string): string {
  return oneLine(text.length > MAX_ECHO ? `${graphemePrefix(text, MAX_ECHO)}… (${text.length} characters)` : text);
}

/**
 * `value` typed by `validate`'s schema, or an EventError listing the problems as `source.field: problem`: the first
 * five, each field name shortened (a request may carry thousands of unknown keys, each as long as it likes).
 */
export function checkedAs<T>(validate: Validator<T>, value: unknown, source: string): T {
  const problems = validationProblems(validate, value, (e) => `${echo(field(source, e))}: ${sentence(e)}`);
  if (problems.length > MAX_PROBLEMS) throw new EventError(`${problems.slice(0, MAX_PROBLEMS).join('; ')}; and ${problems.length - MAX_PROBLEMS} more`);
  if (problems.length > 0) throw new EventError(problems.join('; '));
  return value as T;
}
