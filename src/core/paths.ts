/**
 * Path containment, for the files an untrusted spec may make regaudit read or write: whether a path
 * lies inside a directory tree, lexically and after following symbolic links.
 */
import { readlinkSync, realpathSync } from 'node:fs';
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
  return realPathWithin(resolve(path), MAX_LINKS);
}

/** Symbolic links followed by hand (dangling ones) before giving up, as the kernel's own limit does. */
const MAX_LINKS = 40;

/** realPathOf, following at most `links` dangling symbolic links (a loop ends there). */
function realPathWithin(absolute: string, links: number): string {
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    // A dangling link resolves where it points, so it cannot pass for a path inside its directory.
    const target = links > 0 ? linkTarget(absolute) : undefined;
    return target === undefined ? join(realPathWithin(parent, links), basename(absolute)) : realPathWithin(resolve(parent, target), links - 1);
  }
}

/** The target of symbolic link `path`, or undefined when it is not one (or does not exist). */
function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Where an output directory `dir` really leads when, written inside the working directory (the
 * checkout, which an untrusted branch controls), a symbolic link at or below it leads out; undefined
 * when it stays inside, and when `dir` as written lies outside the working directory (`../reports`,
 * `/srv/reports`: the operator's explicit choice, followed as given). Absolute or relative alike.
 */
export function checkoutDirEscape(dir: string): { target: string; cwd: string } | undefined {
  if (!isWithin(resolve(process.cwd()), resolve(dir))) return undefined;
  const cwd = realPathOf(process.cwd());
  const target = realPathOf(dir);
  return isWithin(cwd, target) ? undefined : { target, cwd };
}
