import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
});
