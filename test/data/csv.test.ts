import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegauditError } from '../../src/core/errors.ts';
import { Rng } from '../../src/core/rng.ts';
import { readCsvDataset } from '../../src/data/csv.ts';
import { barrierDomain as domain, fixturePath, rejection } from '../plugins/model/fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'regaudit-csv-'));
let files = 0;

/** Writes `text` to a fresh temporary .csv file and returns its path. */
function csvFile(text: string): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, text);
  return path;
}

async function csvError(text: string): Promise<RegauditError> {
  const path = csvFile(text);
  const e = await rejection(readCsvDataset(path, domain));
  expect(e.exitCode).toBe(2);
  expect(e.origin.file).toBe(path);
  return e;
}

const header = 'barrier,strike,time,vol,rate';

describe('readCsvDataset', () => {
  it('reads the fixture test set: columns in any order, normalized into domain order, value column as labels', async () => {
    const path = fixturePath('data/barrier-test.csv');
    const data = await readCsvDataset(path, domain);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(data.n).toBe(lines.length - 1);
    const cols = lines[0]!.split(',');
    const first = lines[1]!.split(',').map(Number);
    const natural = Float64Array.from(domain.featureNames, (name) => first[cols.indexOf(name)]!);
    expect(Array.from(data.x.subarray(0, 5))).toEqual(Array.from(domain.normalize(natural)));
    expect(data.y![0]).toBe(first[cols.indexOf('value')]);
    expect(data.x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('round-trips any feasible rows in any column order, with or without labels', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.shuffledSubarray([...domain.featureNames, 'value'], { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        async (n, seed, order, withValue) => {
          const cols = withValue ? order : order.filter((c) => c !== 'value');
          const x = domain.sample(n, new Rng(seed));
          const natural = domain.denormalize(x);
          const rows = Array.from({ length: n }, (_, i) =>
            cols.map((c) => (c === 'value' ? String(i * 1.5 - 3) : String(natural[i * 5 + domain.indexOf(c)]))).join(','),
          );
          const data = await readCsvDataset(csvFile([cols.join(','), ...rows].join('\n')), domain);
          expect(data.n).toBe(n);
          expect(Array.from(data.x)).toEqual(Array.from(domain.normalize(natural)));
          if (withValue) expect(Array.from(data.y!)).toEqual(Array.from({ length: n }, (_, i) => i * 1.5 - 3));
          else expect(data.y).toBeUndefined();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('accepts a BOM, CRLF line endings, spaces around cells and blank lines', async () => {
    const data = await readCsvDataset(csvFile(`\uFEFF${header}, value\r\n20, 60,1,0.2,0.05,3.5\r\n\r\n30,70,2,0.3,0.01,4\r\n`), domain);
    expect(data.n).toBe(2);
    expect(Array.from(data.y!)).toEqual([3.5, 4]);
  });

  it('names the file, line and column of a cell that is not a number', async () => {
    const e = await csvError(`${header}\n20,60,1,0.2,0.05\n20,60,abc,0.2,0.05\n`);
    expect(e.code).toBe('CSV_NOT_A_NUMBER');
    expect(e.origin).toMatchObject({ line: 3, column: 3 });
    expect(e.message).toContain(`${e.origin.file}:3:3`);
    expect(e.message).toContain('`time`');
  });

  it('counts blank lines when naming the line', async () => {
    const e = await csvError(`${header}\n\n20,60,1,0.2,0.05\n\n20,60,1,0.2,Infinity\n`);
    expect(e.code).toBe('CSV_NOT_A_NUMBER');
    expect(e.origin).toMatchObject({ line: 5, column: 5 });
  });

  it('refuses a row with a missing or empty cell, or extra values', async () => {
    const short = await csvError(`${header}\n20,60,1,0.2\n`);
    expect(short.code).toBe('CSV_MISSING_VALUE');
    expect(short.origin).toMatchObject({ line: 2, column: 5 });
    const empty = await csvError('rate,time,barrier,strike,vol\n0.05,,20,60,0.2\n');
    expect(empty.code).toBe('CSV_MISSING_VALUE');
    expect(empty.origin).toMatchObject({ line: 2, column: 2 });
    expect(empty.message).toContain('`time`');
    const long = await csvError(`${header}\n20,60,1,0.2,0.05,7\n`);
    expect(long.code).toBe('CSV_EXTRA_VALUES');
    expect(long.origin).toMatchObject({ line: 2, column: 6 });
  });

  it('refuses a feature outside its range and an infeasible row', async () => {
    const out = await csvError(`${header}\n20,60,1,0.2,0.05\n20,60,1,1.5,0.05\n`);
    expect(out.code).toBe('CSV_OUT_OF_DOMAIN');
    expect(out.origin).toMatchObject({ line: 3, column: 4 });
    expect(out.message).toMatch(/`vol` is 1.5, outside the domain's range \[0.01, 1\]/);
    const infeasible = await csvError(`${header}\n80,60,1,0.2,0.05\n`);
    expect(infeasible.code).toBe('CSV_INFEASIBLE');
    expect(infeasible.origin).toMatchObject({ line: 2 });
  });

  it('refuses a header with a missing, unknown or repeated column', async () => {
    const missing = await csvError('barrier,strike,time,vol\n20,60,1,0.2\n');
    expect(missing.code).toBe('CSV_MISSING_COLUMN');
    expect(missing.origin.line).toBe(1);
    expect(missing.message).toContain('`rate`');
    const unknown = await csvError(`${header},Value\n20,60,1,0.2,0.05,1\n`);
    expect(unknown.code).toBe('CSV_UNKNOWN_COLUMN');
    expect(unknown.origin).toMatchObject({ line: 1, column: 6 });
    const repeated = await csvError(`${header},barrier\n20,60,1,0.2,0.05,20\n`);
    expect(repeated.code).toBe('CSV_DUPLICATE_COLUMN');
    expect(repeated.origin).toMatchObject({ line: 1, column: 6 });
  });

  it('refuses a missing file, an empty file, a header without rows and broken quoting', async () => {
    const missing = await readCsvDataset(join(dir, 'absent.csv'), domain).catch((e: RegauditError) => e);
    expect(missing).toMatchObject({ code: 'CSV_NOT_FOUND', exitCode: 2 });
    expect((await csvError('')).code).toBe('CSV_EMPTY');
    expect((await csvError(`${header}\n`)).code).toBe('CSV_EMPTY');
    const quoting = await csvError(`${header}\n20,60,"1,0.2,0.05\n`);
    expect(quoting.code).toBe('CSV_PARSE');
  });

  it('refuses a directory given as the CSV path with exit 2 (it crashed the process with EISDIR)', async () => {
    const folder = await rejection(readCsvDataset(dir, domain));
    expect(folder).toMatchObject({ code: 'CSV_NOT_A_FILE', exitCode: 2, origin: { file: dir } });
    expect(folder.message).toMatch(/is a directory.*path of a \.csv file/);
  });
});
