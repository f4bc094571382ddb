/**
 * File-path options (a plugin's declared `fileOptions`, such as a model's `path`) are relative to the
 * spec file's directory, like `data.train: {path}`, so a spec runs the same from any working directory.
 */
import { dirname, resolve } from 'node:path';

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
