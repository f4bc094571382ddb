/** regaudit.config.json: read from the working directory or --config, validated (unknown keys refused with a did-you-mean). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRegauditError, type RegauditError } from '../../src/core/errors.ts';
import { loadTrustPolicy, TRUST_CONFIG_FILE } from '../../src/spec/trust.ts';

const root = mkdtempSync(join(tmpdir(), 'regaudit-config-'));
let n = 0;

/** A fresh working directory holding `config` as regaudit.config.json. */
function workWith(config: string): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, TRUST_CONFIG_FILE), config);
  return dir;
}

async function refusal(cwd: string): Promise<RegauditError> {
  try {
    await loadTrustPolicy(cwd);
  } catch (e) {
    if (isRegauditError(e)) return e;
    throw e;
  }
  throw new Error('expected the config to be refused');
}

describe('loadTrustPolicy', () => {
  it('resolves flags against the working directory and config entries against the config directory', async () => {
    const cwd = workWith(JSON.stringify({ allowPlugins: ['./p.ts', 'some-package'], allowData: ['../datasets', '/srv/data'] }));
    expect(await loadTrustPolicy(cwd, { allowPlugin: ['./q.ts'], allowData: ['d'] })).toEqual({
      allow: [join(cwd, 'q.ts'), join(cwd, 'p.ts'), 'some-package'],
      allowData: [join(cwd, 'd'), join(root, 'datasets'), '/srv/data'],
    });
    const none = join(root, 'none');
    mkdirSync(none);
    expect(await loadTrustPolicy(none)).toEqual({ allow: [], allowData: [] });
  });

  it('refuses an unknown key (a typo would silently drop an allowance) with exit 2 and a did-you-mean', async () => {
    const e = await refusal(workWith('{"allowPlugin": ["./p.ts"]}'));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.exitCode).toBe(2);
    expect(e.origin.path).toBe('allowPlugin');
    expect(e.message).toContain('unknown key `allowPlugin`. Did you mean `allowPlugins`?');
    expect((await refusal(workWith('{"allowdata": ["x"]}'))).message).toContain('Did you mean `allowData`?');
  });

  it('reads the --config file instead of the working directory\'s (which a checked-out branch could have added), and refuses one it cannot read', async () => {
    const cwd = workWith(JSON.stringify({ allowPlugins: ['./from-branch.ts'], allowData: ['/'] }));
    const trusted = join(root, 'trusted');
    mkdirSync(trusted);
    writeFileSync(join(trusted, 'ci.json'), JSON.stringify({ allowPlugins: ['./ours.ts'] }));
    expect(await loadTrustPolicy(cwd, { config: join(trusted, 'ci.json') })).toEqual({ allow: [join(trusted, 'ours.ts')], allowData: [] });
    const missing = await loadTrustPolicy(cwd, { config: 'nope.json' }).then(() => undefined, (e: unknown) => e as RegauditError);
    expect(isRegauditError(missing)).toBe(true);
    expect(missing).toMatchObject({ code: 'CONFIG_UNREADABLE', exitCode: 2, origin: { file: join(cwd, 'nope.json'), path: '--config' } });
    expect(missing!.message).toContain('cannot read the trust config (ENOENT)');
  });

  it('refuses invalid JSON, a config that is not an object, and lists of anything but strings', async () => {
    expect((await refusal(workWith('{"allowPlugins": ['))).message).toContain('not valid JSON');
    expect((await refusal(workWith('["./p.ts"]'))).message).toMatch(/expected object/);
    const wrong = await refusal(workWith('{"allowData": "../datasets"}'));
    expect(wrong.origin.path).toBe('allowData');
    expect(wrong.message).toMatch(/expected array/);
    expect((await refusal(workWith('{"allowPlugins": [1]}'))).origin.path).toBe('allowPlugins[0]');
  });
});
