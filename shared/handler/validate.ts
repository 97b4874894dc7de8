/** Validates event data against a TypeBox schema; a bad event is a UsageError naming each bad field, never a crash. */
import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { UsageError } from '../util/errors';

/** An event the function cannot act on; the message names the field. */
export class EventError extends UsageError {
  override name = 'EventError';
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<TSchema, ValidateFunction>();

function field(source: string, e: ErrorObject): string {
  const path = e.instancePath.split('/').slice(1).join('.');
  const extra = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : e.keyword === 'required' ? String(e.params.missingProperty) : '';
  return [source, path, extra].filter(Boolean).join('.');
}

function sentence(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return 'unknown key';
  if (e.keyword === 'required') return 'required';
  if (e.keyword === 'pattern') return 'has characters or a form it may not have';
  return e.message ?? 'invalid';
}

/** `value` typed by `schema`, or an EventError listing every problem as `source.field: problem`. */
export function checkedAs<T extends TSchema>(schema: T, value: unknown, source: string): Static<T> {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  if (validate(value)) return value as Static<T>;
  const lines = [...new Set((validate.errors ?? []).map((e) => `${field(source, e)}: ${sentence(e)}`))];
  throw new EventError(lines.join('; '));
}
