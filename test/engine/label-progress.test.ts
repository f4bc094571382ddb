import { describe, expect, it } from 'vitest';
import { builtins } from '../../plugins/index.ts';
import { createLabeler, OracleAccounting } from '../../src/core/labeler.ts';
import { silentLogger, silentProgress } from '../../src/core/plugin.ts';
import { Rng } from '../../src/core/rng.ts';
import { labelWithProgress } from '../../src/engine/label-progress.ts';
import { oracleInputError } from '../../src/core/errors.ts';
import { validatorFor } from '../../src/spec/ajv.ts';

describe('labelWithProgress', () => {
  it('gives the labels of one call, counts every row, and reports progress to the end', async () => {
    const plugin = builtins.oracle.barrier;
    const ctx = { rng: new Rng(1), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
    const options = {} as Parameters<typeof plugin.create>[0];
    validatorFor(plugin.optionsSchema)(options); // fills the defaults
    const oracle = await plugin.create(options, ctx);
    const n = 1000;
    const x = oracle.domain.sample(n, new Rng(3));
    const whole = await createLabeler(oracle, 'barrier', new OracleAccounting(), 'label').label(x, n);
    const book = new OracleAccounting();
    const updates: [string, number, number][] = [];
    const progress = { update: (t: string, d: number, total: number) => void updates.push([t, d, total]), finish: () => {} };
    const chunked = await labelWithProgress(createLabeler(oracle, 'barrier', book, 'label'), x, n, { progress, signal: ctx.signal }, 'train', 300);
    expect(Buffer.from(chunked.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    expect(book.total().calls).toBe(n);
    expect(updates).toEqual([['labeling', 300, n], ['labeling', 600, n], ['labeling', 900, n], ['labeling', 1000, n]]);
  });

  it('stops between chunks when aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const labeler = { label: async (_x: Float64Array, m: number) => (calls++, controller.abort(), new Float64Array(m)) } as never;
    await expect(labelWithProgress(labeler, new Float64Array(20), 10, { progress: silentProgress, signal: controller.signal }, 'train', 4)).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('places a row the oracle refuses in the data set being labeled, with the chunk\'s first row', async () => {
    const refusing = { label: async (_x: Float64Array, m: number) => (m === 2 ? Promise.reject(oracleInputError('toy', 1, 'barrier crossed')) : new Float64Array(m)) } as never;
    // 10 rows in chunks of 4: the last chunk (rows 8 and 9) has 2 rows, and its row 1 is the set's row 9
    await expect(labelWithProgress(refusing, new Float64Array(20), 10, { progress: silentProgress, signal: new AbortController().signal }, 'test', 4))
      .rejects.toMatchObject({ code: 'ORACLE_INPUT', exitCode: 2, message: 'plugin toy: row 1: barrier crossed (labeling the test set, whose row 8 was row 0 of this call)' });
    await expect(labelWithProgress(refusing, new Float64Array(4), 2, { progress: silentProgress, signal: new AbortController().signal }, 'train'))
      .rejects.toMatchObject({ message: 'plugin toy: row 1: barrier crossed (labeling the train set)' });
  });
});
