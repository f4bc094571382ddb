import { Command } from 'commander';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BenchCase } from '../../bench/case.ts';
import { benchCases } from '../../bench/index.ts';
import { runAnchor, runCase } from '../../bench/runner.ts';
import { registerBenchCommand } from '../../src/cli/bench.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { bundledPlugins } from '../../src/spec/registry.ts';

describe('bench framework', () => {
  it('has unique case names, including the oracle cases with their anchors', () => {
    const names = benchCases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const byName = new Map(benchCases.map((c) => [c.name, c]));
    expect(byName.get('oracle:barrier')?.anchor?.script).toBe('numpy_barrier_bench.py');
    expect(byName.get('oracle:himalaya')?.anchor?.script).toBe('quantlib_himalaya_bench.py');
  });

  it('runs setup (which may set items) before run, teardown after, and reports items per second', async () => {
    const calls: string[] = [];
    let runs = 0;
    const c: BenchCase = {
      name: 'test:tiny',
      unit: 'things',
      items: 0,
      setup() {
        calls.push('setup');
        this.items = 7;
      },
      run() {
        runs++;
      },
      teardown() {
        calls.push('teardown');
      },
    };
    const result = await runCase(c, { time: 1, iterations: 3 });
    expect(calls).toEqual(['setup', 'teardown']);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(result).toMatchObject({ name: 'test:tiny', unit: 'things', items: 7 });
    expect(result.throughput).toBeGreaterThan(0);
    expect(result.samples).toBeGreaterThanOrEqual(3);
  });

  it('never runs a case while its previous run is still pending (tinybench would probe an async run unawaited)', async () => {
    let active = 0, overlapped = 0;
    const c: BenchCase = {
      name: 'test:async',
      unit: 'things',
      items: 1,
      async run() {
        if (active++ > 0) overlapped++;
        await new Promise((r) => setTimeout(r, 2));
        active--;
      },
    };
    await runCase(c, { time: 1, iterations: 3 });
    expect(overlapped).toBe(0);
  });

  it('skips an anchor whose script is missing, saying why', async () => {
    const missingScript = await runAnchor({ script: 'nope.py', args: [], modules: [], field: 'x' }, '/nonexistent');
    expect(missingScript).toMatchObject({ skipped: expect.stringMatching(/^(\/nonexistent\/nope\.py|\/usr\/bin\/python3) not found$/) });
  });

  describe.skipIf(!existsSync('/usr/bin/python3'))('with /usr/bin/python3', () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-anchor-'));
    writeFileSync(join(dir, 'stub.py'), 'import json, sys\nprint("warming up")\nprint(json.dumps({"x": float(sys.argv[1])}))\n');

    it('skips an anchor whose python modules are missing, naming them', async () => {
      const missingModule = await runAnchor({ script: 'stub.py', args: ['5'], modules: ['json', 'no_such_module_regaudit'], field: 'x' }, dir);
      expect(missingModule).toMatchObject({ skipped: expect.stringMatching(/^python modules missing \(no_such_module_regaudit\);/) });
    });

    it("reads the throughput from the last line of the anchor's output", async () => {
      expect(await runAnchor({ script: 'stub.py', args: ['5'], modules: ['json'], field: 'x' }, dir)).toMatchObject({ script: 'stub.py', throughput: 5 });
      expect(await runAnchor({ script: 'stub.py', args: ['5'], modules: [], field: 'y' }, dir)).toMatchObject({ skipped: 'no numeric "y" in its output: {"x": 5.0}' });
    });
  });

  it('regaudit bench refuses a filter that matches nothing, listing the cases', async () => {
    const ctx: CliContext = { stdout: new PassThrough(), stderr: new PassThrough(), registry: bundledPlugins, exitCode: 0 };
    const program = new Command('regaudit').exitOverride();
    registerBenchCommand(program, ctx);
    await expect(program.parseAsync(['bench', '--filter', 'zzz'], { from: 'user' })).rejects.toThrow(/no bench case matches `zzz`.*oracle:barrier/);
  });

  it('regaudit bench refuses rounds and iterations that are not positive integers, and non-positive times', async () => {
    const ctx: CliContext = { stdout: new PassThrough(), stderr: new PassThrough(), registry: bundledPlugins, exitCode: 0 };
    const program = new Command('regaudit').exitOverride().configureOutput({ writeErr: () => {} });
    registerBenchCommand(program, ctx);
    for (const [flag, value] of [['--rounds', '0.4'], ['--rounds', '0'], ['--iterations', '2.5'], ['--time', '-1']]) {
      await expect(program.parseAsync(['bench', '--filter', 'zzz', flag!, value!], { from: 'user' })).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    }
  });
});
