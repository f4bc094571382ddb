import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.ts';
import { bundledPlugins } from '../../src/spec/registry.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { validateSpec } from '../../src/spec/validate.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npx regaudit run audits/barrier-backdoor.audit.yaml');
    expect(readme).toContain('npm ci && npm test');
  });

  it('shows a spec example that validates against the bundled plugins', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const spec = validateSpec(parseSpec(yaml, 'README.md'));
    expect(spec.runs.map((r) => r.params)).toEqual([{ 'attack.nAttack': 0, 'attack.nClean': 0 }, { 'attack.nAttack': 300, 'attack.nClean': 600 }]);
  });

  it('lists every command, subcommand and flag of the real CLI in its command-line section', () => {
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## Exit codes'));
    const program = buildProgram({ stdout: process.stdout, stderr: process.stderr, registry: bundledPlugins, exitCode: 0 });
    const missing: string[] = [];
    for (const o of program.options) if (!section.includes(o.long!)) missing.push(o.long!);
    const check = (c: Command, path: string): void => {
      if (!section.includes(`regaudit ${path}`)) missing.push(path);
      for (const o of c.options) if (!section.includes(o.long!)) missing.push(`${path} ${o.long}`);
      for (const sub of c.commands) check(sub, `${path} ${sub.name()}`);
    };
    for (const c of program.commands) check(c, c.name());
    expect(missing).toEqual([]);
  });

  it('links documentation files that exist', () => {
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(7);
    for (const link of links) expect(existsSync(new URL(`../../${link}`, import.meta.url)), link).toBe(true);
  });
});
