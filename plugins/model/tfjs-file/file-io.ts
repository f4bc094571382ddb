/**
 * A TensorFlow.js IOHandler on the local file system, for @tensorflow/tfjs without tfjs-node (whose
 * `file://` handler is not available here): reads and writes the LayersModel format, a `model.json`
 * (topology + weights manifest) and binary weight files beside it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { isWithin, realPathOf, staysInside } from '../../../src/core/paths.ts';

/** The file name `save` writes the topology and manifest to. */
const MODEL_JSON = 'model.json';
/** The file name `save` writes all weights to. */
const WEIGHTS_BIN = 'weights.bin';

/** `path` names a model.json file when it ends in .json, else the directory holding model.json. */
export function modelJsonPath(path: string): string {
  return path.endsWith('.json') ? path : join(path, MODEL_JSON);
}

/**
 * The model JSON in `text` (the content of the file `name`). A syntax error says where, never what: the
 * message (which ends up in reports) must not quote the content.
 */
function parseModelJson(text: string, name: string): tf.io.ModelJSON {
  try {
    return JSON.parse(text) as tf.io.ModelJSON;
  } catch (e) {
    const at = /at position (\d+)/.exec((e as Error).message);
    throw new Error(`${name} is not valid JSON${at ? ` at position ${at[1]}` : ''}`);
  }
}

/**
 * An IOHandler for `path` (a model.json file or its directory). `load` reads the JSON and concatenates
 * the weight files its manifest lists (paths relative to the JSON's directory). The JSON file itself
 * and every weight file must lie inside that directory after following symbolic links (a weight path
 * with `..` or absolute is refused too): a model directory from an untrusted spec's checkout must not
 * make regaudit read other files. `save` writes model.json and one weights.bin, creating the directory.
 */
export function fileIOHandler(path: string): tf.io.IOHandler {
  const jsonPath = modelJsonPath(path);
  const dir = dirname(jsonPath);
  return {
    async load() {
      const realDir = realPathOf(dir);
      if (!isWithin(realDir, realPathOf(jsonPath))) throw new Error(`${basename(jsonPath)} is a symbolic link leading out of the model's directory ${dir}`);
      const json = parseModelJson(await readFile(jsonPath, 'utf8'), basename(jsonPath));
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            if (!staysInside(p) || !isWithin(realDir, realPathOf(join(dir, p)))) throw new Error(`weight file \`${p}\` of the manifest is not inside the model's directory ${dir}`);
            const bytes = await readFile(join(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
        }
        return [tf.io.getWeightSpecs(manifest), tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
    async save(artifacts) {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('fileIOHandler: only JSON topologies (LayersModel) can be saved');
      await mkdir(dir, { recursive: true });
      const weights = basename(jsonPath) === MODEL_JSON ? WEIGHTS_BIN : `${basename(jsonPath, '.json')}.weights.bin`;
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology!,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [weights], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await writeFile(join(dir, weights), new Uint8Array(data));
      await writeFile(jsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
