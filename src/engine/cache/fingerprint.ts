/**
 * Content fingerprints of input files (CSV data, model files), part of stage keys so that a changed
 * file at the same path is never served from the cache. SHA-256 of the bytes, memoized per process by
 * (path, size, mtime) so a sweep hashes each file once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';

const memo = new Map<string, Promise<string>>();

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `sha256:<hex>` of the file at `path` (of every file below it, with their relative names, for a
 * directory), or `missing` when it cannot be read (the stage then fails with the plugin's own error).
 */
export async function fileFingerprint(path: string): Promise<string> {
  let s;
  try {
    s = await stat(path);
  } catch {
    return 'missing';
  }
  const id = `${path}\0${s.size}\0${s.mtimeMs}\0${s.isDirectory()}`;
  let pending = memo.get(id);
  if (!pending) {
    pending = s.isDirectory() ? hashDirectory(path) : hashFile(path).then((h) => `sha256:${h}`);
    memo.set(id, pending);
  }
  return pending;
}

async function hashDirectory(dir: string): Promise<string> {
  const names = (await readdir(dir, { recursive: true })).map(String).sort();
  const hash = createHash('sha256');
  for (const name of names) {
    const s = await stat(join(dir, name));
    if (s.isFile()) hash.update(`${name}\0${await hashFile(join(dir, name))}\n`);
  }
  return `sha256:${hash.digest('hex')}`;
}
