import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-bench-cli-'));

describe('regaudit bench --json', () => {
  it('refuses (OUT_DIR, exit 2) a --json file that cannot be written before any case runs', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory\n');
    // --filter matches nothing: the --json check comes first, so no case would have run either way.
    const under = await runCliCaptured(['bench', '--filter', 'zzz', '--json', join(blocker, 'x.json')]);
    expect(under.code).toBe(2);
    expect(under.stdout).toBe('');
    expect(under.stderr).toBe(`error [OUT_DIR]: at --json: cannot write to ${blocker}: it is a file, not a directory (EEXIST). Point --json at a location you can write to (missing directories are created).\n`);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const onDir = await runCliCaptured(['bench', '--filter', 'zzz', '--json', folder]);
    expect(onDir.stderr).toMatch(/^error \[OUT_DIR\]: at --json: cannot write to .*a-folder: it is a directory; --json names the file to write\./);
  });

  it('creates the missing directory of --json', async () => {
    const nested = join(dir, 'new', 'deeper', 'bench.json');
    expect((await runCliCaptured(['bench', '--filter', 'zzz', '--json', nested])).stderr).toMatch(/NO_BENCH/);
    expect(existsSync(join(dir, 'new', 'deeper'))).toBe(true);
  });
});
