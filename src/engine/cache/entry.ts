/**
 * One cache entry on disk: a header line, a JSON line naming the key with the payload's length and
 * SHA-256, then the payload. Written to a temporary file in the same directory and renamed into place,
 * so a reader sees a whole entry or none; a truncated or corrupt file fails the checksum.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectories } from '../../core/directories.ts';

const MAGIC = 'REGAUDIT-CACHE 1\n';

/** How a temporary file being written (before its rename into place) ends: `<entry>.<pid>.<random>.tmp`. */
export const TEMP_SUFFIX = '.tmp';

/** Why an entry could not be read. */
export type EntryProblem = 'missing' | 'corrupt';

/** Writes `payload` for `key` at `file` atomically (temp file + rename). */
export async function writeEntry(file: string, key: string, payload: Buffer): Promise<void> {
  await makeDirectories(dirname(file));
  const meta = JSON.stringify({ key, bytes: payload.length, sha256: createHash('sha256').update(payload).digest('hex') });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  try {
    await writeFile(tmp, Buffer.concat([Buffer.from(`${MAGIC}${meta}\n`, 'utf8'), payload]));
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Reads the entry at `file` for `key`: the payload when the header, length and checksum all agree,
 * else `missing` (no file) or `corrupt` (with the reason).
 */
export async function readEntry(file: string, key: string): Promise<{ payload: Buffer } | { problem: EntryProblem; reason?: string }> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
    return { problem: 'corrupt', reason: (e as Error).message };
  }
  const corrupt = (reason: string) => ({ problem: 'corrupt' as const, reason });
  if (buf.toString('utf8', 0, MAGIC.length) !== MAGIC) return corrupt('bad header');
  const lineEnd = buf.indexOf(0x0a, MAGIC.length);
  if (lineEnd < 0) return corrupt('truncated header');
  let meta: { key?: unknown; bytes?: unknown; sha256?: unknown };
  try {
    meta = JSON.parse(buf.toString('utf8', MAGIC.length, lineEnd)) as typeof meta;
  } catch {
    return corrupt('unreadable header');
  }
  if (meta.key !== key) return corrupt(`entry is for another key (${String(meta.key)})`);
  const payload = buf.subarray(lineEnd + 1);
  if (payload.length !== meta.bytes) return corrupt(`truncated: ${payload.length} of ${String(meta.bytes)} bytes`);
  if (createHash('sha256').update(payload).digest('hex') !== meta.sha256) return corrupt('checksum mismatch');
  return { payload };
}
