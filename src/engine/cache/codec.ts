/**
 * Codecs turn a stage's output into plain data (encode.ts) and back, for the disk cache. Plain outputs
 * (datasets, poison results, maximizers, detections, mitigations) need none; trained models go through
 * their plugin's `save`/`load`, and a model whose plugin cannot save is not persisted.
 */
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FitResult, Model, ModelPlugin } from '../../core/model.ts';
import { staysInside } from '../../core/paths.ts';
import type { PluginContext } from '../../core/plugin.ts';
import type { OracleBook, Staged } from '../stage.ts';

/** Converts a value to plain data and back. */
export interface StageCodec<T> {
  /** Plain data standing for `value`, or undefined when it cannot be stored. */
  toData(value: T): Promise<unknown>;
  /** The value back from what `toData` returned. */
  fromData(data: unknown): Promise<T>;
}

/** The codec of a staged output: the value's codec (identity when absent) plus the oracle book; `dispose` is rebuilt. */
export function stagedCodec<T>(value: StageCodec<T> | undefined, dispose: (v: T) => void): StageCodec<Staged<T>> {
  return {
    async toData(s) {
      const v = value ? await value.toData(s.value) : s.value;
      return v === undefined ? undefined : { value: v, oracle: s.oracle };
    },
    async fromData(data) {
      const d = data as { value: unknown; oracle: OracleBook };
      const v = value ? await value.fromData(d.value) : (d.value as T);
      return { value: v, oracle: d.oracle, dispose: () => dispose(v) };
    },
  };
}

/** A trained model with what its training reported (the `fit` stage's output). */
export interface TrainedModel {
  readonly model: Model;
  readonly fit?: FitResult;
}

/**
 * Stores a trained model as the files its `save` writes; restores it with the plugin's `load`. An entry
 * naming a file that would not stay inside the model's directory (absolute, `..`, empty, NUL) is refused
 * before anything is written: a cache directory can come from an untrusted checkout.
 */
export function modelCodec<O>(plugin: ModelPlugin<O>, options: O, ctx: () => PluginContext): StageCodec<TrainedModel> {
  return {
    async toData(t) {
      if (!t.model.save || !plugin.load) return undefined;
      const dir = await mkdtemp(join(tmpdir(), 'regaudit-model-'));
      try {
        await t.model.save(dir);
        const files: Record<string, Uint8Array> = {};
        for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile()) continue;
          const abs = join(entry.parentPath ?? entry.path, entry.name);
          files[abs.slice(dir.length + 1)] = new Uint8Array(await readFile(abs));
        }
        return { fit: t.fit, files };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async fromData(data) {
      const d = data as { fit?: FitResult; files: Record<string, Uint8Array> };
      const unsafe = Object.keys(d.files).find((rel) => rel.includes('\0') || !staysInside(rel));
      if (unsafe !== undefined) throw new Error(`model file name ${JSON.stringify(unsafe)} leads outside the model's directory`);
      const dir = await mkdtemp(join(tmpdir(), 'regaudit-model-'));
      try {
        for (const [rel, bytes] of Object.entries(d.files)) {
          await mkdir(dirname(join(dir, rel)), { recursive: true });
          await writeFile(join(dir, rel), bytes);
        }
        const model = await plugin.load!(dir, options, ctx());
        return d.fit ? { model, fit: d.fit } : { model };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
