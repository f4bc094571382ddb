/**
 * Datasets from CSV files (`data.train` / `data.test: {path: file.csv}`): a header naming the oracle
 * domain's features (natural units, any column order) and an optional `value` label column. Rows are
 * checked as they stream in; the first bad one stops the read with an invalidInput error (exit 2) that
 * names the file, the line and the column.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import type { Domain } from '../core/domain.ts';
import { invalidInput } from '../core/errors.ts';

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
 * Reads `path` into normalized features (and labels when a `value` column exists). Throws invalidInput
 * for a missing or unreadable file or a path that is not a file, a header without some feature or with
 * an unknown or repeated column, and for the first row with a missing cell, a cell that is not a finite
 * number, a feature outside its range, or an infeasible row.
 */
export async function readCsvDataset(path: string, domain: Domain): Promise<CsvDataset> {
  const found = await stat(path).catch(() => undefined);
  if (!found) throw invalidInput('CSV_NOT_FOUND', { file: path }, 'the CSV file does not exist or cannot be read.', 'Check the path (relative paths resolve from the spec file).');
  if (!found.isFile()) throw invalidInput('CSV_NOT_A_FILE', { file: path }, `the path is a ${found.isDirectory() ? 'directory' : 'special file'}, not a CSV file.`, 'Give the path of a .csv file.');
  const d = domain.nFeatures;
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true });
  const source = createReadStream(path);
  // pipe() does not forward read errors: without this a failed read would be an uncaught 'error' event.
  source.on('error', (e) => parser.destroy(invalidInput('CSV_UNREADABLE', { file: path }, `the CSV file cannot be read: ${e.message}.`, 'Check that the file is readable.')));
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
        throw invalidInput('CSV_EXTRA_VALUES', { file: path, line, column: columns.header.length + 1 }, `the row has ${record.length} values but the header names ${columns.header.length} columns.`, 'Remove the extra values or quote fields that contain the delimiter.');
      }
      for (let j = 0; j < d; j++) {
        const f = domain.features[j]!;
        const v = cell(record, columns, columns.feature[j]!, path, line);
        if (!(v >= f.min && v <= f.max)) {
          throw invalidInput('CSV_OUT_OF_DOMAIN', { file: path, line, column: columns.feature[j]! + 1 }, `column \`${f.name}\` is ${v}, outside the domain's range [${f.min}, ${f.max}].`, 'Remove the row or use an oracle whose domain covers it.');
        }
        natural[j] = v;
      }
      if (domain.isFeasible && !domain.isFeasible(natural)) {
        throw invalidInput('CSV_INFEASIBLE', { file: path, line }, `the row (${columns.feature.map((c, j) => `${columns!.header[c]}=${natural[j]}`).join(', ')}) violates the domain's feasibility constraint.`, 'Remove the row; the oracle cannot price it.');
      }
      for (let j = 0; j < d; j++) x.push(natural[j]!);
      if (columns.value >= 0) y.push(cell(record, columns, columns.value, path, line));
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw invalidInput('CSV_PARSE', { file: path, line }, `the file is not valid CSV: ${e.message}`, 'Fix the quoting or delimiters on that line.');
    }
    throw e;
  }
  if (!columns) throw invalidInput('CSV_EMPTY', { file: path, line: 1 }, 'the file is empty.', `Write a header row naming the features (${domain.featureNames.join(', ')}) and optionally \`${VALUE_COLUMN}\`.`);
  const n = x.length / d;
  if (n === 0) throw invalidInput('CSV_EMPTY', { file: path, line: 2 }, 'the file has a header but no rows.', 'Add at least one data row.');
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
      throw invalidInput('CSV_UNKNOWN_COLUMN', origin, `unknown column \`${name}\`.`, `Columns must be the domain's features (${domain.featureNames.join(', ')}) and optionally \`${VALUE_COLUMN}\`.`);
    }
    if (seen.has(name)) throw invalidInput('CSV_DUPLICATE_COLUMN', origin, `column \`${name}\` appears twice (first as column ${seen.get(name)! + 1}).`, 'Keep one of them.');
    seen.set(name, c);
  });
  const missing = domain.featureNames.filter((name) => !seen.has(name));
  if (missing.length) {
    throw invalidInput('CSV_MISSING_COLUMN', { file: path, line: 1 }, `the header has no column for ${missing.map((m) => `\`${m}\``).join(', ')}.`, `Name one column per feature: ${domain.featureNames.join(', ')}.`);
  }
  return { feature: domain.featureNames.map((name) => seen.get(name)!), value: seen.get(VALUE_COLUMN) ?? -1, header };
}

/** The number in column `c` of a data row, or an invalidInput naming the line and column. */
function cell(record: string[], columns: ColumnMap, c: number, path: string, line: number): number {
  const name = columns.header[c]!;
  const origin = { file: path, line, column: c + 1 };
  const text = record[c];
  if (text === undefined || text === '') {
    throw invalidInput('CSV_MISSING_VALUE', origin, `column \`${name}\` is missing (the row has ${record.length} of ${columns.header.length} columns${text === '' ? ', this one empty' : ''}).`, 'Fill in every column of every row.');
  }
  const v = Number(text);
  if (!Number.isFinite(v)) throw invalidInput('CSV_NOT_A_NUMBER', origin, `column \`${name}\` is \`${text}\`, not a finite number.`, 'Write plain decimal numbers (e.g. 0.25 or 1e-3).');
  return v;
}
