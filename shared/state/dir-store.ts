/** A state store in a local directory: the CLI's memory for people running it by hand (`--state DIR`). */
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { StateStore } from './store';
import { StateError } from '../util/errors';

/** A store under `dir` (created when first written). */
export function dirStore(dir: string): StateStore {
  const root = resolve(dir);
  const file = (key: string) => {
    const path = resolve(root, ...key.split('/'));
    // Keys come from cluster and run ids; none may climb out of the directory.
    if (path !== root && !path.startsWith(root + sep)) throw new StateError('open', key, 'InvalidKey', 'the key leaves the state directory');
    return path;
  };
  return {
    location: root,
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async put(key, body) {
      const path = file(key);
      await mkdir(dirname(path), { recursive: true });
      // Written beside and renamed: a reader never sees half a report.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, body);
      await rename(tmp, path);
    },
    async create(key, body) {
      const path = file(key);
      await mkdir(dirname(path), { recursive: true });
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(body);
        await handle.close();
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw e;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
    async list(prefix) {
      const base = prefix.replace(/\/+$/, '');
      let entries: Dirent[];
      try {
        entries = await readdir(base ? file(base) : root, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [], prefixes: [] };
        throw e;
      }
      const at = (name: string) => (base ? `${base}/${name}` : name);
      return {
        keys: entries
          .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
          .map((e) => at(e.name))
          .sort(),
        prefixes: entries
          .filter((e) => e.isDirectory())
          .map((e) => `${at(e.name)}/`)
          .sort(),
      };
    },
    async link(key) {
      return `file://${join(root, ...key.split('/'))}`;
    },
  };
}
