import { describe, expect, it } from 'vitest';
import mlp from '../../plugins/model/mlp/index.ts';
import { pluginKey } from '../../src/engine/run.ts';
import { stageKey } from '../../src/engine/stage-key.ts';

const key = (options: Record<string, unknown>) => stageKey({ stage: 'fit', plugin: pluginKey({ name: 'mlp', plugin: mlp, options }), inputs: [], seed: 1 });

describe('pluginKey', () => {
  it("leaves a plugin's speedOptions out of stage keys and keeps every other option in", () => {
    expect(mlp.speedOptions).toContain('threads');
    expect(key({ hidden: [8], threads: 1 })).toBe(key({ hidden: [8], threads: 2 }));
    expect(key({ hidden: [8], threads: 1 })).toBe(key({ hidden: [8], threads: 'auto' }));
    expect(key({ hidden: [8], threads: 1 })).not.toBe(key({ hidden: [16], threads: 1 }));
    expect(key({ hidden: [8], engine: 'tfjs' })).not.toBe(key({ hidden: [8], engine: 'onnxruntime' }));
  });
});
