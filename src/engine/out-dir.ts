/**
 * Output directories (`run --out`, `merge-reports --out`, the directory of `bench --json`): created with
 * their parents and checked writable before any work, so a path that cannot hold the output (a regular
 * file in the way, no permission, a read-only file system) is exit 2 naming the option and the path,
 * not a failure once the work is done. A directory in the working directory (`run --out`'s default
 * `reports`) must stay inside it after following symbolic links: the checkout may be an untrusted branch.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { outDir, outDirOutside } from '../core/errors.ts';
import { checkoutDirEscape } from '../core/paths.ts';
import { makeDirectories, nearestExisting } from '../core/directories.ts';

/** Words for the errno codes a directory that cannot be created or written gives. */
const PROBLEMS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'read-only file system (EROFS)',
  ENOSPC: 'no space left on the device (ENOSPC)',
};

/**
 * Throws OUT_DIR_OUTSIDE (exit 2, naming `flag`) when `dir` lies in the working directory as written but
 * a symbolic link the checkout holds leads it out (checkoutDirEscape): for every directory regaudit
 * writes to (`--out`, `--cache-dir`, a reporter's report directory).
 */
export function refuseCheckoutEscape(dir: string, flag: string): void {
  const escape = checkoutDirEscape(dir);
  if (escape) throw outDirOutside(flag, dir, escape.target, escape.cwd);
}

/**
 * Creates `dir` and its parents and checks that it can be written; OUT_DIR (exit 2) naming `flag` and
 * `dir` when not. A `dir` inside the working directory whose real path leaves it (a symbolic link
 * the checkout holds) is OUT_DIR_OUTSIDE (exit 2), before anything is created.
 */
export async function prepareOutDir(dir: string, flag: string): Promise<void> {
  refuseCheckoutEscape(dir, flag);
  try {
    await makeDirectories(dir);
    await access(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const file = await nearestExisting(dir);
      throw outDir(flag, dir, `${file === dir ? 'it' : file} is a file, not a directory (${code})`);
    }
    throw outDir(flag, dir, PROBLEMS[code] ?? (e as Error).message);
  }
}
