import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { barrierPrice, barrierRecipe } from '../../plugins/oracle/barrier/formula.ts';
import { registerOracleCommand } from '../../src/cli/oracle.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { bundledPlugins } from '../../src/spec/registry.ts';

/** Runs `regaudit oracle ...args` on `input` lines; returns stdout lines and the exit code. */
async function run(args: string[], input: string): Promise<{ lines: string[]; exitCode: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'regaudit-oracle-'));
  const file = join(dir, 'in.jsonl');
  writeFileSync(file, input);
  const stdout = new PassThrough(), stderr = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const ctx: CliContext = { stdout, stderr, registry: bundledPlugins, exitCode: 0 };
  const program = new Command('regaudit').exitOverride();
  registerOracleCommand(program, ctx);
  await program.parseAsync(['oracle', ...args, '--input', file], { from: 'user' });
  return { lines: out.split('\n').filter((l) => l !== ''), exitCode: ctx.exitCode, stderr: err };
}

describe('regaudit oracle', () => {
  it('prices barrier records line by line, in order; a bad line gets an error and exit 2', async () => {
    const good = { type: 'down-out-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 };
    const input = [
      JSON.stringify(good),
      '{"type": "down-out-put", "spot": 100, "strike": 110, "barrier": 120, "rate": 0.05, "vol": 0.3, "time": 1}',
      'not json',
      '',
      JSON.stringify({ ...good, type: 'up-out-call', barrier: 130, rebate: 2, dividend: 0.01 }),
    ].join('\n') + '\n';
    const { lines, exitCode, stderr } = await run(['barrier'], input);
    expect(lines).toHaveLength(5);
    // stdout may go to a file: stderr says why the exit code is 2
    expect(stderr).toMatch(/3 of 5 input lines could not be priced/);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0].value).toBe(barrierPrice(barrierRecipe('down-out-put')!, 100, 110, 80, 0, 0.05, 0, 0.3, 1));
    expect(parsed[1].error).toMatch(/^line 2: .*already knocked out/);
    expect(parsed[2].error).toMatch(/^line 3: not JSON/);
    expect(parsed[3].error).toMatch(/^line 4: empty line/);
    expect(parsed[4].value).toBe(barrierPrice(barrierRecipe('up-out-call')!, 100, 110, 130, 2, 0.05, 0.01, 0.3, 1));
    expect(exitCode).toBe(2);
  });

  it('exits 0 when every line prices, and passes options to the oracle (himalaya)', async () => {
    const rec = { spots: [100], vols: [0.2], dividends: [0], correlation: [[1]], rate: 0.03, strike: 100, fixings: [1] };
    const a = await run(['himalaya', '--option', 'paths=2000', '--option', 'seed=4'], `${JSON.stringify(rec)}\n${JSON.stringify(rec)}\n`);
    const b = await run(['himalaya', '--option', 'paths=2000', '--option', 'seed=5'], `${JSON.stringify(rec)}\n`);
    expect(a.exitCode).toBe(0);
    expect(a.stderr).toBe('');
    const [first, second] = a.lines.map((l) => JSON.parse(l));
    expect(first).toEqual({ value: expect.any(Number), stderr: expect.any(Number) });
    expect(second).toEqual(first);
    expect(JSON.parse(b.lines[0]!).value).not.toBe(first.value);
  });

  it('refuses a bad option before reading the input', async () => {
    await expect(run(['himalaya', '--option', 'paths=-1'], '{}\n')).rejects.toThrow(/option\.paths/);
    await expect(run(['barrier', '--option', 'nonsense'], '{}\n')).rejects.toThrow(/not key=value/);
    await expect(run(['barier'], '{}\n')).rejects.toThrow(/Did you mean `barrier`/);
  });

  it('refuses a directory as --input with exit 2 (it was an INTERNAL error)', async () => {
    const stdout = new PassThrough(), stderr = new PassThrough();
    const ctx: CliContext = { stdout, stderr, registry: bundledPlugins, exitCode: 0 };
    const program = new Command('regaudit').exitOverride();
    registerOracleCommand(program, ctx);
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-oracle-dir-'));
    const e = await program.parseAsync(['oracle', 'barrier', '--input', dir], { from: 'user' }).then(() => undefined, (err: unknown) => err);
    expect(e).toMatchObject({ code: 'BAD_INPUT_FILE', exitCode: 2 });
    expect((e as Error).message).toMatch(/it is a directory/);
  });
});
