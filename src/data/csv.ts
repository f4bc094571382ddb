/**
 * Datasets from CSV files (`data.train` / `data.test: {path: file.csv}`): a header naming the oracle
 * domain's features (natural units, any column order) and an optional `value` label column. Rows are
 * checked as they stream in; the first bad one stops the read with a CSV_* error (exit 2, builders in src/core/errors.ts) that
 * names the file, the line and the column.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import type { Domain } from '../core/domain.ts';
import {
  csvDuplicateColumn,
  csvEmpty,
  csvExtraValues,
  csvInfeasible,
  csvMissingColumn,
  csvMissingValue,
  csvNotAFile,
  csvNotANumber,
  csvNotFound,
  csvOutOfDomain,
  csvParse,
  csvUnknownColumn,
  csvUnreadable,
} from '../core/errors.ts';

/** The name of the optional label column, in the oracle's units. */
const VALUE_COLUMN = 'value';

/** A dataset read from a CSV file: normalized features in domain order, labels when the file has them. */
export interface CsvDataset {
  readonly n: number;
  /** Normalized features in [0, 1], row-major, n x domain.nFeatures, in the domain's feature order. */
  readonly x: Float64Array;
  /** The `value` column, when present. */
  readonly y?: Float64Array;
}

/** Where each needed quantity sits in a CSV row. */
interface ColumnMap {
  /** Column index of each domain feature, in domain order. */
  readonly feature: readonly number[];
  /** Column index of `value`, or -1. */
  readonly value: number;
  readonly header: readonly string[];
}

/**
 * Reads `path` into normalized features (and labels when a `value` column exists). Throws an exit-2 error
 * for a missing or unreadable file or a path that is not a file, a header without some feature or with
 * an unknown or repeated column, and for the first row with a missing cell, a cell that is not a finite
 * number, a feature outside its range, or an infeasible row.
 */
export async function readCsvDataset(path: string, domain: Domain): Promise<CsvDataset> {
  const found = await stat(path).catch(() => undefined);
  if (!found) throw csvNotFound(path);
  if (!found.isFile()) throw csvNotAFile(path, found.isDirectory());
  const d = domain.nFeatures;
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  const source = createReadStream(path);
  // pipe() does not forward read errors: without this a failed read would be an uncaught 'error' event.
  source.on('error', (e) => parser.destroy(csvUnreadable(path, e.message)));
  source.pipe(parser);
  let columns: ColumnMap | undefined;
  const x: number[] = [];
  const y: number[] = [];
  const natural = new Float64Array(d);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = mapColumns(record, domain, path);
        continue;
      }
      const line = info.lines;
      if (record.length > columns.header.length) {
        throw csvExtraValues(path, line, record.length, columns.header.length);
      }
      for (let j = 0; j < d; j++) {
        const f = domain.features[j]!;
        const v = cell(record, columns, columns.feature[j]!, path, line);
        if (!(v >= f.min && v <= f.max)) {
          throw csvOutOfDomain({ file: path, line, column: columns.feature[j]! + 1 }, f, v);
        }
        natural[j] = v;
      }
      if (domain.isFeasible && !domain.isFeasible(natural)) {
        throw csvInfeasible(path, line, columns.feature.map((c, j) => [columns!.header[c]!, natural[j]!] as const));
      }
      for (let j = 0; j < d; j++) x.push(natural[j]!);
      if (columns.value >= 0) y.push(cell(record, columns, columns.value, path, line));
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw csvParse(path, line, e.message);
    }
    throw e;
  }
  if (!columns) throw csvEmpty(path, domain.featureNames, VALUE_COLUMN);
  const n = x.length / d;
  if (n === 0) throw csvEmpty(path, domain.featureNames, VALUE_COLUMN, true);
  const normalized = domain.normalize(Float64Array.from(x));
  return columns.value >= 0 ? { n, x: normalized, y: Float64Array.from(y) } : { n, x: normalized };
}

/** Maps the header to column indices, rejecting missing features and unknown or repeated columns. */
function mapColumns(header: string[], domain: Domain, path: string): ColumnMap {
  const known = [...domain.featureNames, VALUE_COLUMN];
  const seen = new Map<string, number>();
  header.forEach((name, c) => {
    const origin = { file: path, line: 1, column: c + 1 };
    if (!known.includes(name)) {
      throw csvUnknownColumn(origin, name, domain.featureNames, VALUE_COLUMN);
    }
    if (seen.has(name)) throw csvDuplicateColumn(origin, name, seen.get(name)! + 1);
    seen.set(name, c);
  });
  const missing = domain.featureNames.filter((name) => !seen.has(name));
  if (missing.length) {
    throw csvMissingColumn(path, missing, domain.featureNames);
  }
  return { feature: domain.featureNames.map((name) => seen.get(name)!), value: seen.get(VALUE_COLUMN) ?? -1, header };
}

/** The number in column `c` of a data row, or an exit-2 error naming the line and column. */
function cell(record: string[], columns: ColumnMap, c: number, path: string, line: number): number {
  const name = columns.header[c]!;
  const origin = { file: path, line, column: c + 1 };
  const text = record[c];
  if (text === undefined || text === '') {
    throw csvMissingValue(origin, name, record.length, columns.header.length, text === '');
  }
  const v = Number(text);
  if (!Number.isFinite(v)) throw csvNotANumber(origin, name, text);
  return v;
}
