import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, GENERATED } from '../../scripts/gen-types.ts';

describe('generated types', () => {
  it.each(GENERATED)('$out is up to date with $schema (run `npm run gen`)', async ({ schema, out }) => {
    const committed = readFileSync(new URL(`../../${out}`, import.meta.url), 'utf8');
    expect(committed).toBe(await generate(schema));
  });
});
