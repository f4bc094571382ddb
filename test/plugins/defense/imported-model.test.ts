import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isRegauditError } from '../../../src/core/errors.ts';
import { parseSpec } from '../../../src/spec/load.ts';
import { validateSpec } from '../../../src/spec/validate.ts';

/** Where the spec is taken to live, so that its relative paths reach fixtures/ (the file itself need not exist). */
const SPEC_FILE = fileURLToPath(new URL('../../../fixtures/specs/imported-mitigate.audit.yaml', import.meta.url));

/** An audit of the imported ONNX fixture model with `defense`; `mitigate` as given. */
function specText(defense: string, mitigate: boolean): string {
  return `name: imported-mitigate
oracle: { use: barrier }
model: { use: onnx, with: { path: ../models/barrier-mlp.onnx } }
data: { train: { path: ../data/barrier-test.csv }, test: { path: ../data/barrier-test.csv } }
defenses:
  - { use: ${defense}, with: { mitigate: ${mitigate} } }
`;
}

describe('retraining defenses with an imported model', () => {
  it.each(['proximity', 'gmm'])('%s: `mitigate: true` is refused when the spec is validated (exit 2, the field named), not after the search', (defense) => {
    let error: unknown;
    try {
      validateSpec(parseSpec(specText(defense, true), SPEC_FILE));
    } catch (e) {
      error = e;
    }
    expect(isRegauditError(error)).toBe(true);
    if (!isRegauditError(error)) return;
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/defenses\[0\]\.with\.mitigate/);
    expect(error.message).toMatch(new RegExp(`\`${defense}\` mitigates by retraining`));
  });

  it.each(['proximity', 'gmm'])('%s: detection alone is accepted for an imported model', (defense) => {
    expect(() => validateSpec(parseSpec(specText(defense, false), SPEC_FILE))).not.toThrow();
  });
});
