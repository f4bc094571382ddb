/**
 * The space proximity is measured in: normalized inputs, or a layer's activations min-max normalized
 * over the training rows (so the radius keeps its meaning as a fraction of each coordinate's range).
 */
import type { DefenseInput } from '../../../src/core/defense.ts';
import { defenseInput, type RegauditError } from '../../../src/core/errors.ts';

/** Training points, maximizers and reference points in one space, and that space's region test. */
export interface ProximitySpace {
  readonly d: number;
  readonly points: Float64Array;
  readonly queries: Float64Array;
  readonly reference: Float64Array;
  readonly inside: (row: Float64Array) => boolean;
}

const CHUNK = 8192;

/** Activations of `n` normalized rows, in chunks. */
async function activationsOf(input: DefenseInput, x: Float64Array, n: number, layer: string): Promise<{ width: number; values: Float64Array }> {
  const d = input.domain.nFeatures;
  let width = 0;
  let values = new Float64Array(0);
  for (let start = 0; start < n; start += CHUNK) {
    const m = Math.min(CHUNK, n - start);
    const a = await input.model.activations!(x.subarray(start * d, (start + m) * d), m, layer);
    if (start === 0) {
      width = a.width;
      values = new Float64Array(n * width);
    }
    values.set(a.values, start * width);
  }
  return { width, values };
}

/** Maps activations into [0, 1] per column using the training rows' range (constant columns map to 0). */
function normalizeColumns(train: Float64Array, others: Float64Array[], width: number): void {
  const lo = new Float64Array(width).fill(Infinity), hi = new Float64Array(width).fill(-Infinity);
  for (let i = 0; i < train.length; i++) {
    const j = i % width;
    if (train[i]! < lo[j]!) lo[j] = train[i]!;
    if (train[i]! > hi[j]!) hi[j] = train[i]!;
  }
  for (const a of [train, ...others]) {
    for (let i = 0; i < a.length; i++) {
      const j = i % width;
      const span = hi[j]! - lo[j]!;
      a[i] = span > 0 ? (a[i]! - lo[j]!) / span : 0;
    }
  }
}

/** The error for `space: activations` on a model without internal-layer activations (exit 2). */
export function activationsUnavailable(): RegauditError {
  return defenseInput({ plugin: 'proximity', path: 'defenses.proximity.with.space' }, 'the model does not expose internal-layer activations.', 'Use `space: input`, or a model with activations (such as `mlp`).');
}

/** Builds the space for `space` (input or activations of `layer`). */
export async function proximitySpace(
  input: DefenseInput,
  data: { train: Float64Array; nTrain: number; maximizers: Float64Array; nMaximizers: number; reference: Float64Array; nReference: number },
  space: 'input' | 'activations',
  layerOption: string,
): Promise<ProximitySpace> {
  const { domain, model } = input;
  if (space === 'input') {
    return { d: domain.nFeatures, points: data.train, queries: data.maximizers, reference: data.reference, inside: (row) => domain.isFeasibleNormalized(row) };
  }
  const layers = model.layerNames ?? [];
  if (!model.activations || layers.length === 0) throw activationsUnavailable();
  const layer = layerOption || layers[layers.length - 1]!;
  if (!layers.includes(layer)) {
    throw defenseInput({ plugin: 'proximity', path: 'defenses.proximity.with.layer' }, `the model has no layer \`${layer}\`.`, `Use one of: ${layers.join(', ')}.`);
  }
  const train = await activationsOf(input, data.train, data.nTrain, layer);
  const queries = await activationsOf(input, data.maximizers, data.nMaximizers, layer);
  const reference = await activationsOf(input, data.reference, data.nReference, layer);
  normalizeColumns(train.values, [queries.values, reference.values], train.width);
  const inside = (row: Float64Array): boolean => row.every((v) => v >= 0 && v <= 1);
  return { d: train.width, points: train.values, queries: queries.values, reference: reference.values, inside };
}
