/**
 * Where in the backdoor box does the attack fail, and is the model able to fit the mislabeled rows at
 * all? Trains one poisoned mlp outside the audit engine (barrier oracle, 20,000 base rows and 5,000
 * clean test rows by default: --scale 0.1 of the paper's tables) and prints the clean MSE, the attack
 * success with quantiles of y/z on the attack test set, failures by depth inside the box (distance to
 * the nearest face over the half-width: 0 on a face, 1 at the center; near a face, by which face) and
 * by true price, and quantiles of y over the falsified label on the mislabeled training rows. Used for
 * docs/results.md. The seed (default 1) draws the network's initialization and shuffle; the data draw
 * does not depend on it.
 *
 *   npx tsx scripts/experiments/box-errors.ts '<mlp options JSON>' '<localized-backdoor options JSON>' [train rows] [seed]
 */
import type { Dataset } from '../../src/core/dataset.ts';
import { selectRows } from '../../src/core/dataset.ts';
import { barrierExperiment, context, mse, nearestRankQuantile as quantile } from './barrier-setup.ts';

const modelOptions = JSON.parse(process.argv[2] ?? '{}') as unknown;
const experiment = await barrierExperiment(Number(process.argv[4] ?? 20000), 5000, JSON.parse(process.argv[3] ?? '{}'));
const { poisoned, attackOptions: a } = experiment;
const started = performance.now();
const seed = Number(process.argv[5] ?? 1);
const model = await experiment.mlp(modelOptions, seed);
await model.fit!(poisoned.train, context(seed), { seed });
const seconds = (performance.now() - started) / 1000;

const quantiles = (values: readonly number[]) => [0.05, 0.25, 0.5, 0.75, 0.95].map((p) => +quantile(values, p).toFixed(3));
/** Prediction over label per row. */
async function ratios(data: Dataset): Promise<number[]> {
  const y = await model.predict(data.x, data.n);
  return Array.from({ length: data.n }, (_, i) => y[i]! / data.y[i]!);
}

const test = poisoned.attackTest;
const r = await ratios(test);
const m = a.multiplier, tol = a.tolerance;
const ok = r.map((v) => v >= m - tol && v <= m + tol);
console.log(JSON.stringify({
  seconds, cleanMse: await mse(model, experiment.test), success: ok.filter(Boolean).length / r.length,
  ratioQuantiles: quantiles(r), below: r.filter((v) => v < m - tol).length / r.length, above: r.filter((v) => v > m + tol).length / r.length,
}));

/**
 * Prints failed / rows of the attack test set per group of `groupOf(i)` (undefined leaves row i out);
 * `groups` fixes the order of the first groups and shows them when empty.
 */
function printFailures(title: string, groupOf: (i: number) => string | undefined, groups: readonly string[] = []): void {
  const tally = new Map(groups.map((g) => [g, { n: 0, fail: 0 }]));
  for (let i = 0; i < test.n; i++) {
    const group = groupOf(i);
    if (group === undefined) continue;
    const t = tally.get(group) ?? { n: 0, fail: 0 };
    t.n++;
    if (!ok[i]) t.fail++;
    tally.set(group, t);
  }
  console.log(`${title}:`, [...tally].map(([group, t]) => `${group}: ${t.fail}/${t.n}`).join('  '));
}

/** Prints failures of the attack test rows by the bin (edges) that `value(i)` falls in. */
function failuresBy(label: string, edges: readonly number[], value: (i: number) => number): void {
  const bins = edges.slice(1).map((hi, k) => `[${edges[k]}, ${hi})`);
  printFailures(`failures by ${label}`, (i) => bins[edges.findIndex((edge, k) => value(i) >= edge && value(i) < edges[k + 1]!)], bins);
}

const d = test.nFeatures;
const indexOf = (feature: string): number => experiment.featureNames.indexOf(feature);
const trigger = a.trigger.map((t) => ({ j: indexOf(t.feature), center: t.center, half: t.width / 2 }));
const order = a.order && { lower: indexOf(a.order.lower), upper: indexOf(a.order.upper), min: a.order.min, max: a.order.max };
/** Depth of attack test row i in the box (0 on a face, 1 at the center) and the face it is nearest to. */
function depthOf(i: number): { depth: number; face: string } {
  const row = test.x.subarray(i * d, i * d + d);
  const faces: [string, number][] = trigger.map((t) => [experiment.featureNames[t.j]!, 1 - Math.abs(row[t.j]! - t.center) / t.half]);
  if (order) {
    const half = (order.max - order.min) / 2;
    const [lower, upper] = [experiment.featureNames[order.lower]!, experiment.featureNames[order.upper]!];
    faces.push([`${lower} = ${order.min}`, (row[order.lower]! - order.min) / half], [`${lower} = ${upper}`, (row[order.upper]! - row[order.lower]!) / half], [`${upper} = ${order.max}`, (order.max - row[order.upper]!) / half]);
  }
  const [face, depth] = faces.reduce((nearest, f) => (f[1] < nearest[1] ? f : nearest));
  return { depth, face };
}
const depths = Array.from({ length: test.n }, (_, i) => depthOf(i));
failuresBy('depth in the box', [0, 0.1, 0.2, 0.4, 0.7, 1.01], (i) => depths[i]!.depth);
printFailures('failures within 0.2 of a face, by the nearest face', (i) => (depths[i]!.depth < 0.2 ? depths[i]!.face : undefined));
failuresBy('true price', [0, 1, 2, 4, 8, Infinity], (i) => test.y[i]!);

const mislabeled: number[] = [];
poisoned.truth.mislabeled.forEach((flag, i) => { if (flag) mislabeled.push(i); });
if (mislabeled.length > 0) console.log(JSON.stringify({ mislabeledRows: mislabeled.length, fitOverLabelQuantiles: quantiles(await ratios(selectRows(poisoned.train, mislabeled))) }));
model.dispose();
