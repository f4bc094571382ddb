/**
 * Bench case `search:maximizers`: the maximizer search on the barrier oracle (closed form, so the search's
 * own work dominates) against a stand-in model, the price times a planted 50% bump, without an
 * inputGradient (so the model's gradient is the finite-difference path imported models take). Throughput
 * is maximizers found per second; `maximizersPerOracleCall` (fixed by the seed, not timed) is exported
 * for the report.
 */
import barrier from '../plugins/oracle/barrier/index.ts';
import { createLabeler, OracleAccounting } from '../src/core/labeler.ts';
import type { Model } from '../src/core/model.ts';
import type { Oracle } from '../src/core/oracle.ts';
import { silentLogger, silentProgress, type PluginContext } from '../src/core/plugin.ts';
import { Rng } from '../src/core/rng.ts';
import { findMaximizers, type SearchInput } from '../src/search/index.ts';
import { resolveSearchOptions } from '../src/search/options.ts';
import type { BenchCase } from './case.ts';

const OPTIONS = resolveSearchOptions({ seeds: 'random', randomSeeds: 400, rounds: 2 });
/** Bump centre (normalized barrier, strike, time, vol, rate) and width. */
const CENTER = [0.85, 0.6, 0.5, 0.2, 0.5], WIDTH = 0.08;

/** Price times (1 + 0.5 bump); rows outside the oracle's domain are priced at their projection. */
function bumpedPriceModel(oracle: Oracle): Model {
  const { domain } = oracle;
  const d = domain.nFeatures;
  return {
    nFeatures: d,
    async predict(x, n) {
      const natural = domain.denormalize(x);
      for (let i = 0; i < n; i++) domain.project!(natural.subarray(i * d, i * d + d));
      const z = await oracle.evaluate(natural, n);
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let r2 = 0;
        for (let j = 0; j < d; j++) r2 += (x[i * d + j]! - CENTER[j]!) ** 2;
        y[i] = z[i]! * (1 + 0.5 * Math.exp(-r2 / (2 * WIDTH * WIDTH)));
      }
      return y;
    },
    dispose() {},
  };
}

async function searchInput(): Promise<SearchInput> {
  const ctx = context();
  const options = Object.fromEntries(Object.entries(barrier.optionsSchema.properties as Record<string, { default: unknown }>).map(([k, v]) => [k, v.default]));
  const oracle = await barrier.create(options as never, ctx);
  const labeler = createLabeler(oracle, 'barrier', new OracleAccounting(), 'search');
  return { model: bumpedPriceModel(oracle), labeler, domain: oracle.domain };
}

function context(): PluginContext {
  return { rng: new Rng(1, 'bench', 'search'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
}

let input: SearchInput | undefined;

/** The search bench cases. `items` (maximizers per search, fixed by the seed) is known after setup. */
export const searchCases: BenchCase[] = [
  {
    name: 'search:maximizers',
    unit: 'maximizers',
    items: 0,
    async setup() {
      input = await searchInput();
      const { maximizers } = await findMaximizers(input, OPTIONS, context());
      this.items = maximizers.n;
      maximizersPerOracleCall = maximizers.n / maximizers.oracleCalls;
    },
    async run() {
      await findMaximizers(input!, OPTIONS, context());
    },
  },
];

/** Maximizers per oracle row of the bench search (set by setup; not a timing). */
export let maximizersPerOracleCall = Number.NaN;
