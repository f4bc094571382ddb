import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

const guide = readFileSync(new URL('../../docs/writing-a-plugin.md', import.meta.url), 'utf8');

describe('docs/writing-a-plugin.md', () => {
  it('names only error builders that a plugin outside the repository can import from regaudit', () => {
    const named = [...new Set([...guide.matchAll(/`(\w+(?:Error|Option|Failure))\(/g)].map((m) => m[1]!))];
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const name of named) expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  });

  it('documents builders that produce the exit codes it states', () => {
    expect(api.oracleInputError('toy', 3, 'no price').exitCode).toBe(api.ExitCode.badInput);
    expect(api.invalidOption({ plugin: 'toy' }, 'bad', 'fix it').exitCode).toBe(api.ExitCode.badInput);
    expect(api.pluginFailure({ plugin: 'toy' }, 'broke').exitCode).toBe(api.ExitCode.runtime);
  });
});
