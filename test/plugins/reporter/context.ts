/** A reporter context writing into a fresh temporary directory, and option resolution as the spec layer does it. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Ajv } from 'ajv';
import type { AuditReport } from '../../../src/core/report.ts';
import type { ReporterContext, ReporterPlugin } from '../../../src/core/reporter.ts';
import { silentLogger } from '../../../src/core/plugin.ts';

/** A context for one reporter call, with its output directory. */
export async function tempContext(baseline?: AuditReport): Promise<ReporterContext> {
  const outDir = await mkdtemp(join(tmpdir(), 'regaudit-reporter-'));
  return { outDir, log: silentLogger, stdout: new PassThrough(), baseline };
}

/** Validates `given` against the plugin's options schema with defaults filled in (ajv useDefaults), as the spec layer does. */
export function resolveOptions<O>(plugin: ReporterPlugin<O>, given: Record<string, unknown> = {}): O {
  const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
  const validate = ajv.compile(plugin.optionsSchema);
  const options = structuredClone(given);
  if (!validate(options)) throw new Error(ajv.errorsText(validate.errors));
  return options as O;
}

/** The property names an options schema declares. */
export function schemaKeys(plugin: ReporterPlugin<unknown>): string[] {
  return Object.keys((plugin.optionsSchema as { properties: Record<string, unknown> }).properties).sort();
}
