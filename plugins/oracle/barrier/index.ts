/**
 * The `barrier` oracle: closed-form prices of single-barrier options (Reiner-Rubinstein as in Haug) over
 * the paper's domain. Default contract: the paper's down-and-out put, spot 100, no rebate, no dividend.
 */
import { oracleInputError } from '../../../src/core/errors.ts';
import { defineOracle, type RecordResult } from '../../../src/core/oracle.ts';
import { choiceField, numberField, recordErrorMessage, recordObject, RecordError } from '../records.ts';
import { BARRIER, barrierDomain, RATE, STRIKE, TIME, VOL } from './domain.ts';
import { barrierPrice, barrierProblem, barrierRecipe, BARRIER_TYPES, column, constant, priceBarriers } from './formula.ts';
import type { BarrierOptions } from './options.ts';
import optionsSchema from './options.schema.json' with { type: 'json' };

const RECORD_FIELDS = ['type', 'spot', 'strike', 'barrier', 'rebate', 'rate', 'dividend', 'vol', 'time'] as const;

/** Prices one `regaudit oracle barrier` record. */
function priceRecord(record: unknown): RecordResult {
  try {
    const obj = recordObject(record, RECORD_FIELDS);
    const recipe = barrierRecipe(choiceField(obj, 'type', BARRIER_TYPES))!;
    const spot = numberField(obj, 'spot'), strike = numberField(obj, 'strike'), barrier = numberField(obj, 'barrier');
    const rebate = numberField(obj, 'rebate', 0), rate = numberField(obj, 'rate'), dividend = numberField(obj, 'dividend', 0);
    const vol = numberField(obj, 'vol'), time = numberField(obj, 'time');
    const problem = barrierProblem(recipe, spot, strike, barrier, rebate, rate, dividend, vol, time);
    if (problem) throw new RecordError(problem);
    return { value: barrierPrice(recipe, spot, strike, barrier, rebate, rate, dividend, vol, time) };
  } catch (e) {
    return { error: recordErrorMessage(e) };
  }
}

/** The bundled `barrier` oracle plugin. */
export default defineOracle<BarrierOptions>({
  kind: 'oracle',
  name: 'barrier',
  version: '1.0.0',
  description: 'Closed-form single-barrier option prices (Reiner-Rubinstein / Haug); default: the paper\'s down-and-out put',
  optionsSchema,
  cost: { tier: 'cheap', secondsPerCall: 3e-7 },
  hasGradient: false,
  create(options) {
    const recipe = barrierRecipe(options.type)!;
    const { spot, rebate, dividend } = options;
    const domain = barrierDomain(recipe, options);
    const fixed = { spot: constant(spot), rebate: constant(rebate), dividend: constant(dividend) };
    return {
      domain,
      evaluate(natural, n) {
        const d = domain.nFeatures;
        for (let i = 0, o = 0; i < n; i++, o += d) {
          const problem = barrierProblem(recipe, spot, natural[o + STRIKE]!, natural[o + BARRIER]!, rebate, natural[o + RATE]!, dividend, natural[o + VOL]!, natural[o + TIME]!);
          if (problem !== undefined) throw oracleInputError('barrier', i, problem);
        }
        const out = new Float64Array(n);
        priceBarriers(recipe, { ...fixed, barrier: column(natural, BARRIER, d), strike: column(natural, STRIKE, d), time: column(natural, TIME, d), vol: column(natural, VOL, d), rate: column(natural, RATE, d) }, n, out);
        return out;
      },
    };
  },
  evaluateRecords(records) {
    return records.map(priceRecord);
  },
});
