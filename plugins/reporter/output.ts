/** Writing a reporter's file under the spec's output directory, and nowhere else. */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { makeDirectories } from '../../src/core/directories.ts';
import { reportFileOutside } from '../../src/core/errors.ts';
import { isWithin, realPathOf, staysInside } from '../../src/core/paths.ts';
import { refuseCheckoutEscape } from '../../src/engine/out-dir.ts';

/**
 * Writes `content` to `file` resolved against `outDir` (creating directories) and returns the full path.
 * Whatever the spec or the checkout holds, it writes only inside `outDir`: a `file` that is absolute or
 * leads out with `..` (validation refuses those already), a directory on the way that is a symbolic link
 * leading out, and a symbolic link at the file itself are refused (REPORT_FILE_OUTSIDE, exit 2). A
 * symbolic link above `outDir` is followed only when `outDir` as written lies outside the working
 * directory (the operator's choice); one inside it (the default `reports` lies in the checkout) whose
 * real path leaves the working directory is refused (OUT_DIR_OUTSIDE, exit 2), as prepareOutDir does.
 */
export async function writeReportFile(outDir: string, file: string, content: string): Promise<string> {
  const path = resolve(outDir, file);
  if (!staysInside(file)) throw reportFileOutside({}, file, outDir, 'is absolute or leads out of it with `..`');
  refuseCheckoutEscape(outDir, '--out');
  // The report directory as it will be once created: the out root's real path, then the spec's name.
  const base = join(realPathOf(dirname(resolve(outDir))), basename(resolve(outDir)));
  if (!isWithin(base, realPathOf(dirname(path)))) throw reportFileOutside({}, file, outDir, 'leads through a symbolic link');
  await makeDirectories(dirname(path));
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw reportFileOutside({}, file, outDir, 'is a symbolic link');
    throw e;
  }
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return path;
}
