import { mkdtempSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toyPlugins } from '../../../fixtures/plugins/index.ts';
import type { Logger } from '../../../src/core/plugin.ts';
import type { RunReport } from '../../../src/core/report.ts';
import { runAudit } from '../../../src/engine/audit.ts';
import { cacheCounts, DiskStageRunner } from '../../../src/engine/cache/disk-runner.ts';
import { decodeData, encodeData } from '../../../src/engine/cache/encode.ts';
import { readEntry, writeEntry } from '../../../src/engine/cache/entry.ts';
import { codeFingerprint } from '../../../src/engine/cache/fingerprint.ts';
import { parseSpec } from '../../../src/spec/load.ts';
import { bundledPlugins, extendRegistry } from '../../../src/spec/registry.ts';
import { validateSpec } from '../../../src/spec/validate.ts';
import toyLinear from '../../fixtures/scale/toy-linear.ts';

const registry = extendRegistry(bundledPlugins, { ...toyPlugins, model: { ...toyPlugins.model, 'toy-linear': toyLinear } });
const out = mkdtempSync(join(tmpdir(), 'regaudit-cache-'));

const spec = validateSpec(
  parseSpec(
    `name: cache
seed: 5
data: { train: 300, test: 120, validation: 50 }
oracle: { use: toy-quadratic }
model: { use: toy-linear }
attack: { use: toy-corner, with: { nTest: 60 } }
defenses: [{ use: toy-residual }]
sweep: { attack.nAttack: [0, 40] }
`,
    'cache.yaml',
  ),
  { registry },
);

/** Metrics without timings. */
const metricsOf = (runs: readonly RunReport[]) => runs.map((r) => ({ id: r.id, status: r.status, metrics: Object.fromEntries(Object.entries(r.metrics).filter(([k]) => !k.endsWith('seconds'))) }));

function recordingLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, debug() {}, warn: (m) => void warnings.push(m) };
}

async function audit(dir: string, log = recordingLog()) {
  const runner = new DiskStageRunner(dir, log);
  const { report } = await runAudit(spec, { outDir: out, runner, log });
  runner.close();
  return { report, stats: runner.stats, warnings: log.warnings };
}

const entries = (dir: string, stage: string) => readdirSync(join(dir, 'v1', codeFingerprint(), stage)).map((f) => join(dir, 'v1', codeFingerprint(), stage, f));

describe('DiskStageRunner', () => {
  it('serves a warm rerun from disk (data, labels, poison, fits via save/load, detections) with identical metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-dir-'));
    const cold = await audit(dir);
    expect(cold.stats.hits.size).toBe(0);
    expect(cold.stats.computed.get('fit')).toBe(2);
    // What the disk can hold was missed; oracle instances, kept in memory only, are not counted as misses.
    expect(cold.stats.missed.get('fit')).toBe(2);
    expect(cold.stats.missed.has('oracle')).toBe(false);
    expect(cacheCounts(cold.stats)).toEqual({ read: 0, computed: [...cold.stats.missed.values()].reduce((a, b) => a + b) });
    const warm = await audit(dir);
    expect(metricsOf(warm.report.runs)).toEqual(metricsOf(cold.report.runs));
    for (const stage of ['sample', 'label', 'poison', 'fit', 'defense.toy-residual']) expect(warm.stats.hits.get(stage), stage).toBeGreaterThan(0);
    // only oracle instances (not plain data) are created again
    expect([...warm.stats.computed.keys()]).toEqual(['oracle']);
    expect(cacheCounts(warm.stats)).toEqual({ read: [...warm.stats.hits.values()].reduce((a, b) => a + b), computed: 0 });
    expect(warm.warnings).toEqual([]);
  });

  it('detects a corrupt or truncated entry, warns, recomputes it and gives the same metrics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-dir-'));
    const cold = await audit(dir);
    const [label] = entries(dir, 'label');
    const bytes = readFileSync(label!);
    bytes[bytes.length - 3] ^= 0xff; // flip a bit of the payload
    writeFileSync(label!, bytes);
    const [fit] = entries(dir, 'fit');
    truncateSync(fit!, 40); // a writer killed mid-way on a filesystem without atomic rename
    const again = await audit(dir);
    expect(again.warnings.join('\n')).toMatch(/corrupt: checksum mismatch; recomputing/);
    expect(again.warnings.join('\n')).toMatch(/stage fit\) is corrupt: (truncated|bad header)/);
    expect(again.stats.corrupt.get('label')).toBe(1);
    expect(again.stats.corrupt.get('fit')).toBe(1);
    expect(metricsOf(again.report.runs)).toEqual(metricsOf(cold.report.runs));
    // the recomputed entries were written back and are valid now
    const third = await audit(dir);
    expect(third.warnings).toEqual([]);
    expect([...third.stats.computed.keys()]).toEqual(['oracle']);
  });

  it('treats a forged model entry naming a file outside the model directory as corrupt: nothing is written there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-dir-'));
    const cold = await audit(dir);
    // the entry format is documented, so an untrusted checkout can commit a valid entry with any file names
    const victim = mkdtempSync(join(tmpdir(), 'regaudit-victim-'));
    const [fit] = entries(dir, 'fit');
    const key = basename(fit!, '.bin');
    const got = await readEntry(fit!, key);
    if (!('payload' in got)) throw new Error('the fit entry should be readable');
    const data = decodeData(got.payload) as { value: { files: Record<string, Uint8Array> } };
    data.value.files[`../${basename(victim)}/PWNED`] = new TextEncoder().encode('echo pwned\n');
    await writeEntry(fit!, key, encodeData(data));
    const again = await audit(dir);
    expect(readdirSync(victim)).toEqual([]);
    expect(again.warnings.join('\n')).toMatch(/stage fit\) is corrupt: cannot be decoded \(model file name .* leads outside/);
    expect(again.stats.corrupt.get('fit')).toBe(1);
    expect(metricsOf(again.report.runs)).toEqual(metricsOf(cold.report.runs));
  });

  it('does not persist models whose plugin cannot save (toy-ridge) but still caches their data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-dir-'));
    const ridge = validateSpec(parseSpec('name: ridge\ndata: { train: 100, test: 50 }\noracle: { use: toy-quadratic }\nmodel: { use: toy-ridge, with: { features: 10 } }\n', 'r.yaml'), { registry });
    const run = async () => {
      const runner = new DiskStageRunner(dir, recordingLog());
      const { report } = await runAudit(ridge, { outDir: out, runner });
      runner.close();
      return { report, stats: runner.stats };
    };
    const a = await run();
    const b = await run();
    expect(b.stats.computed.get('fit')).toBe(1);
    expect(b.stats.hits.get('label')).toBe(2);
    expect(metricsOf(b.report.runs)).toEqual(metricsOf(a.report.runs));
  });
  it('files entries under the code fingerprint, so an entry written by other code is never served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-code-'));
    await audit(dir);
    expect(codeFingerprint()).toMatch(/^[0-9a-f]{16}$/);
    const other = join(dir, 'v1', '0000000000000000');
    renameSync(join(dir, 'v1', codeFingerprint()), other);
    const rerun = await audit(dir);
    expect(rerun.stats.hits.size).toBe(0);
    expect(readdirSync(other).length).toBeGreaterThan(0);
  });

  it('refreshes the modification time of an entry it serves (prune ages entries by last use)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regaudit-cache-use-'));
    await audit(dir);
    const [label] = entries(dir, 'label');
    const longAgo = new Date('2020-01-01T00:00:00Z');
    utimesSync(label!, longAgo, longAgo);
    const warm = await audit(dir);
    expect(warm.stats.hits.get('label')).toBeGreaterThan(0);
    expect(statSync(label!).mtimeMs).toBeGreaterThan(longAgo.getTime());
  });

  it('endUnit drops and disposes the outputs the disk holds, keeps those kept in memory only, serves the former from disk again, and drops nothing once a unit failed', async () => {
    const runner = new DiskStageRunner(mkdtempSync(join(tmpdir(), 'regaudit-release-')), recordingLog());
    const disposed: string[] = [];
    const computed: string[] = [];
    type Output = { name: string; dispose(): void };
    const output = (name: string): Output => ({ name, dispose: () => void disposed.push(name) });
    const codec = { toData: async (v: Output) => ({ name: v.name }), fromData: async (d: unknown) => output((d as { name: string }).name) };
    const stage = (name: string, persist = true) => ({ name, key: `${name}-key`, persist, codec, compute: async () => (computed.push(name), output(name)) });
    const first = await runner.run(stage('stored'));
    await runner.run(stage('memory-only', false));
    runner.endUnit(true);
    await Promise.resolve(); // disposal follows the settled output
    expect(disposed).toEqual(['stored']);
    const again = await runner.run(stage('stored'));
    expect(again).not.toBe(first); // read from disk, not the disposed object
    expect(again.name).toBe('stored');
    await runner.run(stage('memory-only', false));
    expect(computed).toEqual(['stored', 'memory-only']); // neither was computed twice
    expect(runner.stats.hits.get('stored')).toBe(1);
    // an output served from disk is released as well: a third request reads the disk again
    runner.endUnit(true);
    await Promise.resolve();
    expect(disposed).toEqual(['stored', 'stored']);
    await runner.run(stage('stored'));
    expect(runner.stats.hits.get('stored')).toBe(2);
    // a stage whose codec gives no plain data is not on disk, so it stays
    const unsaved = { ...stage('unsaved'), codec: { ...codec, toData: async () => undefined } };
    await runner.run(unsaved);
    runner.endUnit(true);
    await runner.run(unsaved);
    expect(computed).toEqual(['stored', 'memory-only', 'unsaved']);
    // after a failed unit (abandoned work may still use the outputs) nothing is dropped any more
    await runner.run(stage('stored'));
    const hits = runner.stats.hits.get('stored');
    runner.endUnit(false);
    runner.endUnit(true);
    await Promise.resolve();
    expect(disposed).toEqual(['stored', 'stored', 'stored']); // the third at the unit that ended before
    await runner.run(stage('stored'));
    expect(runner.stats.hits.get('stored')).toBe(hits); // served from memory
    runner.close();
  });
});
