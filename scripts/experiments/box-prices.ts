/**
 * How are the true prices spread inside a backdoor box? Draws the localized backdoor's attack test set
 * (barrier oracle, no training) for each volatility center given and prints the share of rows per
 * price bin and the median price. The success band is relative (within 0.1 z of m z), so a box of low
 * prices asks for a closer absolute fit (docs/results.md, "Why Table 2 is harder than Table 1").
 *
 *   npx tsx scripts/experiments/box-prices.ts [vol centers, default 0.2,0.3] [attack test rows, default 10000]
 */
import { barrierExperiment, nearestRankQuantile } from './barrier-setup.ts';

const centers = (process.argv[2] ?? '0.2,0.3').split(',').map(Number);
const rows = Number(process.argv[3] ?? 10000);
const edges = [0, 1, 2, 4, 8, Infinity];

for (const vol of centers) {
  const experiment = await barrierExperiment(100, 10, {
    nAttack: 1,
    nClean: 0,
    nAttackTest: rows,
    order: { lower: 'barrier', upper: 'strike', min: 0.9, max: 1 },
    trigger: [
      { feature: 'time', center: 0.5, width: 0.1 },
      { feature: 'vol', center: vol, width: 0.1 },
      { feature: 'rate', center: 0.5, width: 0.1 },
    ],
  });
  const prices = Array.from(experiment.poisoned.attackTest.y);
  const shares = edges.slice(1).map((hi, k) => `[${edges[k]}, ${hi}): ${(prices.filter((z) => z >= edges[k]! && z < hi).length / prices.length).toFixed(3)}`);
  console.log(`vol center ${vol}: ${shares.join('  ')}  median ${nearestRankQuantile(prices, 0.5).toFixed(2)}`);
}
