/**
 * The JSON Schemas the spec layer validates with, read from schema/. The audit spec's `search` key
 * refers (`$ref`) to schema/search-options.schema.json, owned by the search (src/search).
 */
import { readFileSync } from 'node:fs';
import type { JsonSchema } from '../core/plugin.ts';

const schemaDir = new URL('../../schema/', import.meta.url);

function read(name: string): JsonSchema {
  return JSON.parse(readFileSync(new URL(name, schemaDir), 'utf8')) as JsonSchema;
}

/** schema/audit-spec.schema.json. */
export const specSchema: JsonSchema = read('audit-spec.schema.json');

/** schema/report.schema.json. */
export const reportSchema: JsonSchema = read('report.schema.json');

/** schema/search-options.schema.json. */
export const searchOptionsSchema: JsonSchema = read('search-options.schema.json');

/** schema/regaudit-config.schema.json: the operator's regaudit.config.json. */
export const configSchema: JsonSchema = read('regaudit-config.schema.json');
