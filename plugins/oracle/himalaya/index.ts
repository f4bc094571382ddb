/**
 * The `himalaya` oracle: Monte Carlo prices of Himalaya options (QuantLib MCHimalayaEngine semantics),
 * a costly oracle showing that the harness is not barrier-specific. Every price uses the same seeded
 * normal draws (common random numbers), so the oracle is a deterministic, smooth function of its inputs.
 */
import { oracleInputError } from '../../../src/core/errors.ts';
import { defineOracle, type RecordResult } from '../../../src/core/oracle.ts';
import { Rng } from '../../../src/core/rng.ts';
import { numberArrayField, numberField, recordErrorMessage, recordObject, RecordError } from '../records.ts';
import { choleskyOfCorrelation } from './cholesky.ts';
import { BASKET_ASSETS, BASKET_SPOT, CORRELATION, himalayaDomain, MATURITY, RATE, STRIKE, VOL } from './domain.ts';
import { priceHimalaya, type HimalayaContract, type McEstimate } from './montecarlo.ts';
import type { HimalayaOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const RECORD_FIELDS = ['spots', 'vols', 'dividends', 'correlation', 'rate', 'strike', 'fixings'] as const;

/** Prices a contract with the options' paths, antithetic setting and seed. */
function estimate(contract: HimalayaContract, options: HimalayaOptions): McEstimate {
  return priceHimalaya(contract, { paths: options.paths, antithetic: options.antithetic, rng: new Rng(options.seed, 'oracle/himalaya') });
}

/** Reads and checks one `regaudit oracle himalaya` record. */
function readContract(record: unknown): HimalayaContract {
  const obj = recordObject(record, RECORD_FIELDS);
  const spots = numberArrayField(obj, 'spots');
  const n = spots.length;
  const vols = numberArrayField(obj, 'vols', n), dividends = numberArrayField(obj, 'dividends', n);
  const fixings = numberArrayField(obj, 'fixings');
  const rate = numberField(obj, 'rate'), strike = numberField(obj, 'strike');
  if (spots.some((s) => !(s > 0))) throw new RecordError('"spots" must all be positive');
  if (vols.some((v) => !(v >= 0))) throw new RecordError('"vols" must all be non-negative');
  if (fixings.some((t, i) => !(t > (i === 0 ? 0 : fixings[i - 1]!)))) throw new RecordError('"fixings" must be positive times in years, strictly increasing');
  if (!Array.isArray(obj.correlation)) throw new RecordError(`"correlation" must be a ${n} x ${n} matrix (array of rows)`);
  const cholesky = choleskyOfCorrelation(obj.correlation as number[][], n);
  if (typeof cholesky === 'string') throw new RecordError(cholesky);
  return { spots, vols, dividends, cholesky, rate, strike, fixings };
}

/** The bundled `himalaya` oracle plugin. */
export default defineOracle<HimalayaOptions>({
  kind: 'oracle',
  name: 'himalaya',
  version: '1.0.0',
  description: 'Monte Carlo Himalaya option on correlated GBMs (QuantLib MCHimalayaEngine semantics); a costly oracle',
  optionsSchema,
  cost: { tier: 'costly', secondsPerCall: 0.02 },
  hasGradient: false,
  create(options) {
    const spots = new Array<number>(BASKET_ASSETS).fill(BASKET_SPOT);
    const dividends = new Array<number>(BASKET_ASSETS).fill(0);
    return {
      domain: himalayaDomain,
      evaluate(natural, n) {
        const d = himalayaDomain.nFeatures;
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const row = natural.subarray(i * d, i * d + d);
          const rho = row[CORRELATION]!, maturity = row[MATURITY]!;
          const correlation = Array.from({ length: BASKET_ASSETS }, (_, a) => Array.from({ length: BASKET_ASSETS }, (_, b) => (a === b ? 1 : rho)));
          const cholesky = choleskyOfCorrelation(correlation, BASKET_ASSETS);
          if (typeof cholesky === 'string') throw oracleInputError('himalaya', i, cholesky);
          if (!(maturity > 0)) throw oracleInputError('himalaya', i, `maturity must be positive (got ${maturity})`);
          const vols = new Array<number>(BASKET_ASSETS).fill(row[VOL]!);
          const fixings = Array.from({ length: BASKET_ASSETS }, (_, k) => (maturity * (k + 1)) / BASKET_ASSETS);
          out[i] = estimate({ spots, vols, dividends, cholesky, rate: row[RATE]!, strike: row[STRIKE]!, fixings }, options).value;
        }
        return out;
      },
    };
  },
  evaluateRecords(records, options) {
    return records.map((record): RecordResult => {
      try {
        return estimate(readContract(record), options);
      } catch (e) {
        return { error: recordErrorMessage(e) };
      }
    });
  },
});
