/** A reporter context writing into a fresh temporary directory. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { AuditReport } from '../../../src/core/report.ts';
import type { ReporterContext, ReporterPlugin } from '../../../src/core/reporter.ts';
import { silentLogger } from '../../../src/core/plugin.ts';

/** A context for one reporter call, with its output directory. */
export async function tempContext(baseline?: AuditReport): Promise<ReporterContext> {
  const outDir = await mkdtemp(join(tmpdir(), 'regaudit-reporter-'));
  return { outDir, log: silentLogger, stdout: new PassThrough(), baseline };
}


/** The property names an options schema declares. */
export function schemaKeys(plugin: ReporterPlugin<unknown>): string[] {
  return Object.keys((plugin.optionsSchema as { properties: Record<string, unknown> }).properties).sort();
}
