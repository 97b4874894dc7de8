/** Where runs remember: an object store with the few operations the archive, the fleet page and delivery claims need. */

/** Keys are relative to the store's prefix and use `/` as separator (`c-123/2026/11/28/run-1.json`). */
export interface StateStore {
  /** For logs and warnings: `oss://bucket/prefix` or the directory. */
  readonly location: string;
  /** The object's bytes; undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Writes (or overwrites) an object. */
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** Writes an object only if none exists; false when one does (OSS: `x-oss-forbid-overwrite`, 409 FileAlreadyExists). */
  create(key: string, body: Buffer | string, contentType: string): Promise<boolean>;
  /** Deletes an object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** The keys and the next-level "directories" directly under `prefix` (every page read). */
  list(prefix: string): Promise<{ keys: string[]; prefixes: string[] }>;
  /** A link a person can open for `ttlSeconds`: presigned for OSS, `file://` for a local directory; undefined when there is none. */
  link(key: string, ttlSeconds: number): Promise<string | undefined>;
}

/** Joins a prefix and a key with exactly one `/` (an empty prefix adds nothing). */
export function joinKey(prefix: string, key: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return p ? `${p}/${key}` : key;
}
