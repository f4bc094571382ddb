import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-bench-cli-'));

describe('regaudit bench --json', () => {
  it('refuses (OUT_DIR, exit 2) a --json file that cannot be written before any case runs', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory\n');
    // The --json check comes before any case runs.
    const under = await runCliCaptured(['bench', '--filter', 'oracle:barrier', '--json', join(blocker, 'x.json')]);
    expect(under.code).toBe(2);
    expect(under.stdout).toBe('');
    expect(under.stderr).toBe(`error [OUT_DIR]: at --json: cannot write to ${blocker}: it is a file, not a directory (EEXIST). Point --json at a location you can write to (missing directories are created).\n`);
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    const onDir = await runCliCaptured(['bench', '--filter', 'oracle:barrier', '--json', folder]);
    expect(onDir.stderr).toMatch(/^error \[OUT_DIR\]: at --json: cannot write to .*a-folder: it is a directory; --json names the file to write\./);
  });

  it('refuses a filter matching nothing and a missing anchors directory before creating the --json directory', async () => {
    const nested = join(dir, 'new', 'deeper', 'bench.json');
    expect((await runCliCaptured(['bench', '--filter', 'zzz', '--json', nested])).stderr).toMatch(/NO_BENCH/);
    const anchors = await runCliCaptured(['bench', '--filter', 'oracle:barrier', '--anchors', '--anchors-dir', join(dir, 'no-such-dir'), '--json', nested]);
    expect(anchors.code).toBe(2);
    expect(anchors.stderr).toMatch(/NO_ANCHORS_DIR.*--anchors-dir.*does not exist/);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });

  it('creates the missing directory of --json and writes the results there', async () => {
    const nested = join(dir, 'made', 'deeper', 'bench.json');
    const r = await runCliCaptured(['bench', '--filter', 'oracle:barrier', '--time', '1', '--iterations', '1', '--json', nested]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(nested, 'utf8')).results[0]).toMatchObject({ name: 'oracle:barrier', unit: 'prices' });
  });
});
