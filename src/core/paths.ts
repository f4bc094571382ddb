/**
 * Path containment, for the files an untrusted spec may make regaudit read or write: whether a path
 * lies inside a directory tree, lexically and after following symbolic links.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** True when absolute path `target` is `root` itself or lies below it (lexically; no file system access). */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * True when `file` is a relative path naming something strictly inside the directory it is relative
 * to: not absolute, not the directory itself, and no `..` leading out of it (`sub/out.xml` is, and
 * `../out.xml`, `/tmp/out.xml`, `.` are not).
 */
export function staysInside(file: string): boolean {
  const base = resolve('/', 'base');
  const target = resolve(base, file);
  return !isAbsolute(file) && target !== base && isWithin(base, target);
}

/**
 * The real path of `path` (absolute, symbolic links followed). When it does not exist, the real path
 * of its nearest existing ancestor joined with the rest, so a missing file under a linked directory
 * resolves where it would be created or read.
 */
export function realPathOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
  }
}

/**
 * Where a relative directory `dir` (resolved against the working directory) really leads when that is
 * outside the working directory's real path (by `..`, or a symbolic link at or below it leading out);
 * undefined when it stays inside, and for an absolute `dir` (the operator's explicit choice).
 */
export function relativeDirEscape(dir: string): { target: string; cwd: string } | undefined {
  if (isAbsolute(dir)) return undefined;
  const cwd = realPathOf(process.cwd());
  const target = realPathOf(dir);
  return isWithin(cwd, target) ? undefined : { target, cwd };
}
