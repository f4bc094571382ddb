import { describe, expect, it } from 'vitest';
import { reporterUses } from '../../src/cli/run.ts';
import type { CliContext } from '../../src/cli/context.ts';
import { bundledPlugins, extendRegistry, reporterWithDefaults } from '../../src/spec/registry.ts';
import { needy } from '../fixtures/audit-suite/needy-reporter.ts';

const registry = extendRegistry(bundledPlugins, { reporter: { needy } });

describe('reporterWithDefaults', () => {
  it("fills a bundled reporter's defaults", () => {
    const { plugin, options } = reporterWithDefaults(registry, 'markdown', { path: '--reporter' });
    expect(plugin.name).toBe('markdown');
    expect(Object.keys(options).length).toBeGreaterThan(0);
  });

  it('refuses a reporter whose options have no defaults (exit 2, naming the option), on the command line too', () => {
    const needyError = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as { code: string; exitCode: number; message: string };
      }
      throw new Error('no error');
    };
    const direct = needyError(() => reporterWithDefaults(registry, 'needy', { path: '--reporter' }));
    expect(direct).toMatchObject({ code: 'INVALID_OPTION', exitCode: 2 });
    expect(direct.message).toMatch(/reporter `needy` has options without defaults \(.*channel.*\)/);
    const cli = needyError(() => reporterUses({ registry } as CliContext, ['needy']));
    expect(cli).toMatchObject({ code: 'INVALID_OPTION', exitCode: 2 });
  });

  it('names unknown reporters as unknown plugins', () => {
    expect(() => reporterWithDefaults(registry, 'nope', { path: '--reporter' })).toThrow(/nope/);
  });
});
