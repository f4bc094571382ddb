/**
 * Generates TypeScript types from the JSON Schemas in schema/ (json-schema-to-typescript), so the
 * schema stays the source of truth. `npm run gen` writes them; test/scripts/gen-types.test.ts fails
 * when a generated file is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each generated file and the schema it comes from (paths relative to the repository root). */
export const GENERATED = [{ schema: 'schema/audit-spec.schema.json', out: 'src/spec/types.generated.ts' }] as const;

/**
 * `node` without the `anyOf`/`oneOf` rules whose branches only require properties (a gate needs one of
 * min, max, ...): they add nothing to the type, and json-schema-to-typescript would turn them into an
 * open `{[k: string]: unknown}` joined onto the object, which lets misspelled fields type-check.
 * Validation keeps using the schema as written.
 */
function withoutPresenceRules(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPresenceRules);
  if (node === null || typeof node !== 'object') return node;
  const onlyRequires = (branches: unknown): boolean =>
    Array.isArray(branches) && branches.every((b) => b !== null && typeof b === 'object' && Object.keys(b).every((k) => k === 'required'));
  return Object.fromEntries(Object.entries(node)
    .filter(([k, v]) => !((k === 'anyOf' || k === 'oneOf') && onlyRequires(v)))
    .map(([k, v]) => [k, withoutPresenceRules(v)]));
}

/** The TypeScript source generated from `schemaPath` (relative to the repository root). */
export async function generate(schemaPath: string): Promise<string> {
  const schema = withoutPresenceRules(JSON.parse(await readFile(root + schemaPath, 'utf8'))) as Parameters<typeof compile>[0];
  return compile(schema, schema.title ?? 'Schema', {
    cwd: root + 'schema',
    bannerComment: `/* Generated from ${schemaPath} by scripts/gen-types.ts (npm run gen). Do not edit. */`,
    additionalProperties: false,
    style: { singleQuote: true, printWidth: 120 },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const g of GENERATED) {
    await writeFile(root + g.out, await generate(g.schema));
    console.log(`wrote ${g.out}`);
  }
}
