/** Every `regaudit bench` case. To add an area's cases: write bench/<area>.bench.ts, import its cases here and spread them into `benchCases`. */
import type { BenchCase } from './case.ts';
import { oracleCases } from './oracle.bench.ts';
import { proximityCases } from './proximity.bench.ts';
import { searchCases } from './search.bench.ts';
import { trainCases } from './train.bench.ts';

/** All bench cases, in the order they run. */
export const benchCases: BenchCase[] = [...oracleCases, ...searchCases, ...trainCases, ...proximityCases];
