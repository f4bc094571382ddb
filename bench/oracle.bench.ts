/**
 * Oracle throughput: `oracle:barrier` prices 1,000,000 down-and-out puts drawn from the paper's box (the
 * NumPy/SciPy closed form is the anchor); `oracle:himalaya` prices the 4-asset, 4-fixing basket of the
 * issue by Monte Carlo (QuantLib's MCHimalayaEngine is the anchor), with the default antithetic variates
 * and, for a like-for-like ratio (the anchor runs without them), `oracle:himalaya-plain` without.
 */
import barrier from '../plugins/oracle/barrier/index.ts';
import himalaya from '../plugins/oracle/himalaya/index.ts';
import type { Oracle } from '../src/core/oracle.ts';
import { silentLogger, silentProgress, type PluginContext } from '../src/core/plugin.ts';
import { Rng } from '../src/core/rng.ts';
import type { BenchCase } from './case.ts';

const ctx: PluginContext = { rng: new Rng(1, 'bench', 'oracle'), log: silentLogger, progress: silentProgress, signal: new AbortController().signal };
const PRICES = 1_000_000;
const PATHS = 200_000;
/** The (and the QuantLib anchor's) basket. */
const BASKET = {
  spots: [100, 110, 90, 105], vols: [0.3, 0.35, 0.25, 0.2], dividends: [0.01, 0.05, 0.04, 0.03],
  correlation: [[1, 0.5, 0.3, 0.1], [0.5, 1, 0.2, 0.4], [0.3, 0.2, 1, 0.6], [0.1, 0.4, 0.6, 1]],
  rate: 0.05, strike: 101, fixings: [0.25, 0.5, 0.75, 1],
};
const QUANTLIB = { script: 'quantlib_himalaya_bench.py', args: ['--paths', String(PATHS)], modules: ['QuantLib'], field: 'pathsPerSecond' };

let oracle: Oracle | undefined;
let rows: Float64Array | undefined;

/** A Himalaya case pricing the basket once per run. */
function himalayaCase(name: string, antithetic: boolean): BenchCase {
  return {
    name,
    unit: 'paths',
    items: PATHS,
    async run() {
      const [result] = await himalaya.evaluateRecords!([BASKET], { paths: PATHS, seed: 1, antithetic }, ctx);
      if (!result || 'error' in result) throw new Error(`himalaya bench basket failed: ${result ? result.error : 'no result'}`);
    },
    anchor: QUANTLIB,
  };
}

/** The oracle bench cases. */
export const oracleCases: BenchCase[] = [
  {
    name: 'oracle:barrier',
    unit: 'prices',
    items: PRICES,
    async setup() {
      oracle = await barrier.create({ type: 'down-out-put', spot: 100, rebate: 0, dividend: 0, barrierMin: 10, barrierMax: 100 }, ctx);
      rows = oracle.domain.denormalize(oracle.domain.sample(PRICES, new Rng(0, 'bench', 'oracle:barrier')));
    },
    async run() {
      await oracle!.evaluate(rows!, PRICES);
    },
    teardown() {
      oracle = undefined;
      rows = undefined;
    },
    anchor: { script: 'numpy_barrier_bench.py', args: ['--n', String(PRICES)], modules: ['numpy', 'scipy'], field: 'pricesPerSecond' },
  },
  himalayaCase('oracle:himalaya', true),
  himalayaCase('oracle:himalaya-plain', false),
];
