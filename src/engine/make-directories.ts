/**
 * `mkdir -p`, one directory at a time. Node's recursive mkdir never settles where mkdir fails with
 * ENOENT under an existing parent (procfs: `--out /proc/x` and `--cache-dir /proc` hung, spinning a
 * core), while a plain mkdir reports the error.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Creates `dir` and its missing parents; a `dir` that exists as a file is EEXIST, as the recursive mkdir gives. */
export async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let p = resolve(dir); !(await stat(p).then(() => true, () => false)) && dirname(p) !== p; p = dirname(p)) missing.unshift(p);
  for (const p of missing) {
    await mkdir(p).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // EEXIST: another process made it meanwhile
    });
  }
  if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`${dir} exists and is not a directory`), { code: 'EEXIST' });
}
