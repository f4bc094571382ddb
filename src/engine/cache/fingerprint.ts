/**
 * Content fingerprints of input files (CSV data, model files named by a plugin's `fileOptions`), part
 * of stage keys so that a changed file at the same path is never served from the cache, and equal
 * content at another path (another CI checkout) still is. SHA-256 of the bytes, memoized per process
 * by (path, size, mtime), so a sweep hashes each file once.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const memo = new Map<string, string>();

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function hashDirectory(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, name)).isFile()) hash.update(`${name}\0${hashFile(join(dir, name))}\n`);
  }
  return hash.digest('hex');
}

/**
 * `sha256:<hex>` of the file at `path`, of every file below it for a directory (names included), or
 * `missing` when it cannot be read (the stage then fails with the plugin's own error).
 */
export function fileFingerprint(path: string): string {
  try {
    const s = statSync(path);
    const id = `${path}\0${s.size}\0${s.mtimeMs}\0${s.isDirectory()}`;
    let print = memo.get(id);
    if (print === undefined) {
      print = `sha256:${s.isDirectory() ? hashDirectory(path) : hashFile(path)}`;
      memo.set(id, print);
    }
    return print;
  } catch {
    return 'missing';
  }
}

/**
 * Fingerprints of the files a plugin's options name (its declared `fileOptions`), keyed by option. A
 * `.json` file stands for its directory, where a tfjs model.json keeps its weight files.
 */
export function optionFiles(plugin: { readonly fileOptions?: readonly string[] }, options: Record<string, unknown>): Record<string, string> | undefined {
  if (!plugin.fileOptions?.length) return undefined;
  const prints: Record<string, string> = {};
  for (const name of plugin.fileOptions) {
    const path = options[name];
    if (typeof path === 'string') prints[name] = fileFingerprint(path.endsWith('.json') ? dirname(path) : path);
  }
  return prints;
}

let code: string | undefined;

/** Hex digits of a code fingerprint. */
const CODE_FINGERPRINT_LENGTH = 16;

/** True when `name` has the form of a code fingerprint (a cache directory written by `codeFingerprint`'s code). */
export function isCodeFingerprint(name: string): boolean {
  return name.length === CODE_FINGERPRINT_LENGTH && /^[0-9a-f]+$/.test(name);
}

/**
 * A short fingerprint of the code that computes stages: regaudit's sources (src/, plugins/) and the
 * package lock (dependency versions change numerics too). The disk cache files entries under it, so
 * entries written by other code, an upgrade or a local edit, are never served; plugin versions alone
 * would miss changes made without a version bump. Computed once per process.
 */
export function codeFingerprint(): string {
  if (code === undefined) {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const hash = createHash('sha256');
    for (const part of ['src', 'plugins']) hash.update(`${part}\0${hashDirectory(join(root, part))}\n`);
    hash.update(`package-lock.json\0${fileFingerprint(join(root, 'package-lock.json'))}\n`);
    code = hash.digest('hex').slice(0, CODE_FINGERPRINT_LENGTH);
  }
  return code;
}
