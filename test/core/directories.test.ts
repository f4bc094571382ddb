import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectories } from '../../src/core/directories.ts';

describe('makeDirectories', () => {
  it('creates a directory and its missing parents, and accepts one that exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'regaudit-mkdirs-'));
    const deep = join(root, 'a', 'b', 'c');
    await makeDirectories(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeDirectories(deep);
    await Promise.all([makeDirectories(join(root, 'x', 'y')), makeDirectories(join(root, 'x', 'z'))]); // racing on x
    expect(existsSync(join(root, 'x', 'y')) && existsSync(join(root, 'x', 'z'))).toBe(true);
  });

  it('refuses a file in the way as the recursive mkdir does (EEXIST at the path, ENOTDIR below it)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'regaudit-mkdirs-')), 'file');
    writeFileSync(file, 'x');
    await expect(makeDirectories(file)).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectories(join(file, 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.skipIf(!existsSync('/proc/self'))('rejects under /proc, where Node\'s recursive mkdir never settles', async () => {
    await expect(makeDirectories('/proc/regaudit-no-such-dir/x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
