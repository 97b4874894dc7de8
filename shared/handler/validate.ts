/** Checks event data with a precompiled validator; a bad event is a UsageError naming each bad field, never a crash. */
import { UsageError } from '../util/errors';
import { type ErrorObject, errorPath, formatPath, validationProblems, type Validator } from '../util/validation';

/** An event the function cannot act on; the message names the field. */
export class EventError extends UsageError {
  override name = 'EventError';
}

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

/** `value` typed by `validate`'s schema, or an EventError listing every problem as `source.field: problem`. */
export function checkedAs<T>(validate: Validator<T>, value: unknown, source: string): T {
  const problems = validationProblems(validate, value, (e) => `${field(source, e)}: ${sentence(e)}`);
  if (problems.length > 0) throw new EventError(problems.join('; '));
  return value as T;
}
