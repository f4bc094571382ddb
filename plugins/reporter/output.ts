/** Writing a reporter's file under the spec's output directory. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Writes `content` to `file` resolved against `outDir` (creating directories) and returns the full path. */
export async function writeReportFile(outDir: string, file: string, content: string): Promise<string> {
  const path = resolve(outDir, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content, 'utf8');
  return path;
}
