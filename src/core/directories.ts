/**
 * Creating directories. `mkdir -p` one directory at a time: Node's recursive mkdir never settles where
 * mkdir fails with ENOENT under an existing parent (procfs: `--out /proc/x` and `--cache-dir /proc`
 * hung, spinning a core), while a plain mkdir reports the error.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

/** The nearest of `dir` and its parents that exists (a file or a directory), or the root of the path. */
export async function nearestExisting(dir: string): Promise<string> {
  let p = dir;
  while (!(await exists(p)) && dirname(p) !== p) p = dirname(p);
  return p;
}

/**
 * Creates `dir` and its missing parents, walking the path as written (`..` is left to the file
 * system, as the recursive mkdir does). A `dir` that exists as a file is EEXIST, and a file on the way
 * ENOTDIR, as the recursive mkdir gives.
 */
export async function makeDirectories(dir: string): Promise<void> {
  const base = await nearestExisting(dir);
  const missing: string[] = [];
  for (let p = dir; p !== base; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    await mkdir(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // EEXIST: another process made it meanwhile
    });
  }
  if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a directory`), { code: 'EEXIST' });
}
