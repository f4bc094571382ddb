import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../fixtures/plugins/index.ts';
import { isRegauditError } from '../../src/core/errors.ts';
import { checkMemory } from '../../src/engine/memory.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../src/spec/registry.ts';
import { validateSpec } from '../../src/spec/validate.ts';

const registry = extendRegistry(bundledPlugins, toyPlugins);

/** The parts (MiB) of the MEMORY_BUDGET message for a toy spec with `attack` options, refused at a 1 KiB budget. */
async function parts(attack: string): Promise<Record<string, number>> {
  const spec = validateSpec(parseSpec(`name: mem\ndata: { train: 100000, test: 100000 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge }\nattack: { use: toy-corner, with: ${attack} }\n`, 'mem.yaml'), { registry });
  const error = await checkMemory(spec, { maxBytes: 1024, jobs: 1 }).then(() => undefined, (e: unknown) => e);
  if (!isRegauditError(error)) throw new Error('expected MEMORY_BUDGET');
  return Object.fromEntries([...error.message.matchAll(/(train|test|runtime) ([\d.]+) MiB/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('the memory estimate', () => {
  it('counts the rows an attack adds as training rows (x4) and its test rows as evaluation rows (x2)', async () => {
    const none = await parts('{ nAttack: 0, nClean: 0, nTest: 0 }');
    const planted = await parts('{ nAttack: 50000, nClean: 50000, nTest: 0 }');
    const tested = await parts('{ nAttack: 0, nClean: 0, nTest: 100000 }');
    // 100,000 more rows of either kind double the part they belong to (MiB shown to one decimal).
    expect(planted.train).toBeCloseTo(2 * none.train!, 0);
    expect(planted.test).toBe(none.test);
    expect(tested.train).toBe(none.train);
    expect(tested.test).toBeCloseTo(2 * none.test!, 0);
  });
});
