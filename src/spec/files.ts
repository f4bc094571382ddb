/**
 * The files a spec names as inputs: data CSVs (`data.train: {path}`) and the file-path options a plugin
 * declares (`fileOptions`, such as a model's `path`). Relative paths are relative to the spec file's
 * directory, so a spec runs the same from any working directory. An untrusted spec must not read other
 * files (whose first line a CSV error would copy into the reports), so each must resolve, after following
 * symbolic links, inside the working directory's tree, the spec file's directory tree, or a directory
 * the operator allows (`--allow-data`, "allowData" of regaudit.config.json).
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { dataNotAllowed, type ErrorOrigin } from '../core/errors.ts';
import { isWithin, realPathOf } from '../core/paths.ts';

/** `options` with each declared file option that is a string resolved against the spec's directory. */
export function resolveFileOptions(plugin: { readonly fileOptions?: readonly string[] }, options: Record<string, unknown>, specFile: string): Record<string, unknown> {
  if (!plugin.fileOptions?.length) return options;
  const out = { ...options };
  for (const name of plugin.fileOptions) {
    const value = out[name];
    if (typeof value === 'string') out[name] = resolve(dirname(specFile), value);
  }
  return out;
}

/**
 * The directory trees (real paths) a spec at `specFile` may read input files from: the working
 * directory's, the spec file's directory's and each of `allowData` (absolute).
 */
export function inputRoots(specFile: string, allowData: readonly string[] = [], cwd = process.cwd()): string[] {
  return [cwd, dirname(resolve(cwd, specFile)), ...allowData].map(realPathOf);
}

/**
 * Throws DATA_NOT_ALLOWED (exit 2, at `origin`) unless `file` (absolute) resolves, after following
 * symbolic links, inside one of `roots` (from inputRoots). Whether the file exists is not told: a
 * refused path is refused either way.
 */
export function checkInputFile(file: string, roots: readonly string[], origin: ErrorOrigin): void {
  const real = realPathOf(file);
  if (roots.some((root) => isWithin(root, real))) return;
  let isDirectory = false;
  try {
    isDirectory = statSync(real).isDirectory();
  } catch {
    isDirectory = false;
  }
  throw dataNotAllowed(origin, real, isDirectory ? real : dirname(real));
}
