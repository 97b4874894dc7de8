/**
 * Bounds checked before a policy document is parsed or walked (docs/reliability.md, promise 6): size, nesting depth
 * and duplicate keys. Both checks are iterative and linear, so a hostile document cannot exhaust the stack.
 */
import { formatPath } from '../util/validation';

/**
 * RAM itself caps a custom policy at 6,144 characters; anything far larger is abnormal. The engine is lenient
 * (system policies are longer, and old limits differed) but bounded: 128 KiB of UTF-8.
 */
export const MAX_DOCUMENT_BYTES = 128 * 1024;

/** Nesting depth, counting the document object as 1; a real policy reaches 6 (Condition → operator → key → values). */
export const MAX_DEPTH = 32;

/** Values in an already-parsed document; 128 KiB of JSON cannot hold more. */
const MAX_VALUES = 64 * 1024;

const MAX_REPORTED = 10;

interface Frame {
  array: boolean;
  /** Where this container sits in its parent: a key or an index. */
  segment?: string | number;
  keys: Set<string>;
  key?: string;
  index: number;
  expectKey: boolean;
}

function framePath(stack: readonly Frame[], last?: string): string {
  const parts: (string | number)[] = [];
  for (const f of stack) if (f.segment !== undefined) parts.push(f.segment);
  if (last !== undefined) parts.push(last);
  return formatPath(parts);
}

/** Index of the quote closing the string that opens at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return -1;
}

/**
 * Scans JSON text for nesting deeper than MAX_DEPTH and for duplicate keys, in one linear pass that never recurses.
 * Anything else malformed is left to JSON.parse, which is then safe to call.
 */
export function scanJsonText(text: string): string[] {
  const errors: string[] = [];
  const stack: Frame[] = [];
  for (let i = 0; i < text.length && errors.length < MAX_REPORTED; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (top && !top.array && top.expectKey) {
        let key: string;
        try {
          key = String(JSON.parse(text.slice(i, end + 1)));
        } catch {
          key = text.slice(i + 1, end);
        }
        // JSON.parse keeps the last of duplicate keys, other parsers the first: RAM's reading is unknowable.
        if (top.keys.has(key)) errors.push(`${framePath(stack, key)}: duplicate key; parsers disagree on which value wins`);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) return [`${framePath(stack)}: nested deeper than ${MAX_DEPTH} levels (at character ${i})`];
      const segment = top ? (top.array ? top.index : top.key) : undefined;
      stack.push({ array: c === '[', segment, keys: new Set(), index: 0, expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.array) top.index++;
      else top.expectKey = true;
    }
  }
  return errors;
}

/**
 * Checks an already-parsed document for the same bounds, iteratively: depth, size, and that it is plain JSON data
 * (no cycles — they exceed the depth bound —, class instances, functions, NaN or Infinity).
 */
export function scanJsonValue(value: unknown): string[] {
  const work: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  let values = 0;
  let chars = 0;
  while (work.length > 0) {
    const { v, path } = work.pop() as { v: unknown; path: (string | number)[] };
    values++;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'string') {
      chars += v.length;
      if (chars > MAX_DOCUMENT_BYTES) return [`document larger than ${MAX_DOCUMENT_BYTES} bytes`];
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return [`${formatPath(path)}: ${String(v)} is not a JSON number`];
      continue;
    }
    if (typeof v !== 'object') return [`${formatPath(path)}: a ${typeof v} is not JSON data`];
    if (path.length >= MAX_DEPTH) return [`${formatPath(path)}: nested deeper than ${MAX_DEPTH} levels (or cyclic)`];
    const proto: unknown = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return [`${formatPath(path)}: not plain JSON data`];
    const keys = Array.isArray(v) ? [] : Object.keys(v);
    const size = Array.isArray(v) ? v.length : keys.length;
    // Checked before touching the children, so a 10-million-element array costs nothing.
    if (values + work.length + size > MAX_VALUES) return [`document has more than ${MAX_VALUES} values`];
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) work.push({ v: v[i], path: [...path, i] });
    } else {
      for (const k of keys) {
        chars += k.length;
        work.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return [];
}
