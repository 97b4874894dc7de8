/** Helpers that turn API calls into `Read` results: complete, partial or failed, never a silent gap. */
import { ApiCallError, type ApiFailure } from './api-error';
import type { Read } from './inventory';

/** A complete read. */
export function complete<T>(value: T): Read<T> {
  return { status: 'complete', value };
}

/** A failed read with its causes. */
export function failed<T>(...failures: ApiFailure[]): Read<T> {
  return { status: 'failed', failures };
}

/** Turns a thrown error into the failure it reports (unexpected errors keep their message, never a stack). */
export function failureOf(api: string, err: unknown): ApiFailure {
  if (err instanceof ApiCallError) return err.failure;
  return { api, code: 'InternalError', message: err instanceof Error ? err.message : String(err) };
}

/** Runs `fn` and wraps its value as a complete read, or its error as a failed one. */
export async function readOf<T>(api: string, fn: () => Promise<T>): Promise<Read<T>> {
  try {
    return complete(await fn());
  } catch (err) {
    return failed(failureOf(api, err));
  }
}

/** Combines per-item reads: complete if all are, partial if some failed, failed if none has a value. */
export function combine<T>(reads: Read<T>[], join: (values: T[]) => T, empty: T): Read<T> {
  const values: T[] = [];
  const failures: ApiFailure[] = [];
  for (const r of reads) {
    if (r.status === 'complete' || r.status === 'partial') values.push(r.value);
    if (r.status === 'partial' || r.status === 'failed') failures.push(...r.failures);
  }
  if (failures.length === 0) return complete(values.length ? join(values) : empty);
  if (values.length === 0) return { status: 'failed', failures };
  return { status: 'partial', value: join(values), failures };
}
