/** Path containment used to keep an untrusted spec's reads and writes inside their directories. */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithin, realPathOf, staysInside } from '../../src/core/paths.ts';

describe('isWithin', () => {
  it('accepts the root and paths below it, and nothing else', () => {
    expect(isWithin('/a/b', '/a/b')).toBe(true);
    expect(isWithin('/a/b', '/a/b/c/d.csv')).toBe(true);
    expect(isWithin('/a/b', '/a/b/..c')).toBe(true);
    expect(isWithin('/a/b', '/a/bc')).toBe(false);
    expect(isWithin('/a/b', '/a')).toBe(false);
    expect(isWithin('/a/b', '/etc/passwd')).toBe(false);
  });
});

describe('staysInside', () => {
  it('accepts relative paths below the directory, including subdirectories', () => {
    for (const ok of ['junit.xml', 'sub/junit.xml', './sub/../junit.xml', '..x.md', 'a/b/c.html']) expect(staysInside(ok), ok).toBe(true);
  });

  it('refuses absolute paths, paths leading out with `..`, and the directory itself', () => {
    for (const bad of ['/tmp/x/abs-evil.xml', '../../evil-escape.md', '..', 'sub/../../x', '.', './', 'sub/..']) expect(staysInside(bad), bad).toBe(false);
  });

  it('agrees with the segments: a path stays inside exactly when no prefix of it climbs above the start (property)', () => {
    const segment = fc.constantFrom('a', 'b', '.', '..', '..a');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), (segments) => {
        let depth = 0;
        let escaped = false;
        for (const s of segments) {
          if (s === '..') depth--;
          else if (s !== '.') depth++;
          if (depth < 0) escaped = true;
        }
        expect(staysInside(segments.join('/'))).toBe(!escaped && depth > 0);
      }),
    );
  });
});

describe('realPathOf', () => {
  it('follows symbolic links, also for a missing file below a linked directory', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'regaudit-paths-')));
    mkdirSync(join(dir, 'target'));
    symlinkSync(join(dir, 'target'), join(dir, 'link'));
    expect(realPathOf(join(dir, 'link'))).toBe(join(dir, 'target'));
    expect(realPathOf(join(dir, 'link', 'missing', 'file.csv'))).toBe(join(dir, 'target', 'missing', 'file.csv'));
    expect(realPathOf(join(dir, 'absent.csv'))).toBe(join(dir, 'absent.csv'));
  });
});
