/**
 * TensorFlow.js backend selection, done once per thread: @tensorflow/tfjs-node (native TensorFlow) when it
 * is installed and loads, else @tensorflow/tfjs-backend-wasm (with the transposed-matmul fix), else the
 * plain JavaScript cpu backend. `tfBackend()` says which one runs.
 */
import * as tf from '@tensorflow/tfjs';
import { installTransposedMatMulFix } from './matmul-fix.ts';

/** The backends regaudit may run on, fastest first. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Which backend runs in this thread, and why the faster ones were passed over. */
export interface TfBackendInfo {
  readonly name: TfBackendName;
  /** One note per backend that was tried and could not be used. */
  readonly skipped: readonly string[];
}

let ready: Promise<TfBackendInfo> | undefined;
let info: TfBackendInfo | undefined;

/** Imports the package providing a backend; false (with a note in `skipped`) when absent or unloadable. */
async function tryImport(specifier: string, skipped: string[]): Promise<boolean> {
  try {
    await import(specifier);
    return true;
  } catch (e) {
    skipped.push(`${specifier}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return false;
  }
}

async function select(prefer?: TfBackendName): Promise<TfBackendInfo> {
  const skipped: string[] = [];
  const order: TfBackendName[] = prefer ? [prefer] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    if (name === 'tensorflow' && !(await tryImport('@tensorflow/tfjs-node', skipped))) continue;
    if (name === 'wasm' && !(await tryImport('@tensorflow/tfjs-backend-wasm', skipped))) continue;
    if (await tf.setBackend(name)) {
      await tf.ready();
      if (name === 'wasm') installTransposedMatMulFix('wasm');
      return { name, skipped };
    }
    skipped.push(`${name}: setBackend failed`);
  }
  throw new Error(`no TensorFlow.js backend could be initialized (${skipped.join('; ')})`);
}

/**
 * Initializes TensorFlow.js in this thread (idempotent) and resolves to the backend in use. `prefer`
 * forces one backend (tests, benchmarks); the environment variable REGAUDIT_TF_BACKEND does the same.
 */
export function initTf(prefer?: TfBackendName): Promise<TfBackendInfo> {
  ready ??= select(prefer ?? envBackend()).then((i) => (info = i));
  return ready;
}

/** REGAUDIT_TF_BACKEND, checked. */
function envBackend(): TfBackendName | undefined {
  const v = process.env.REGAUDIT_TF_BACKEND;
  if (!v) return undefined;
  if (v === 'tensorflow' || v === 'wasm' || v === 'cpu') return v;
  throw new Error(`REGAUDIT_TF_BACKEND=${v}: expected tensorflow, wasm or cpu`);
}

/** The backend running in this thread; throws when `initTf` has not finished. */
export function tfBackend(): TfBackendName {
  if (!info) throw new Error('tfBackend: call `await initTf()` first');
  return info.name;
}
