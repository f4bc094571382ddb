/** Helpers for CLI tests: run the CLI in process with captured output, or the real binary as a subprocess. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { runCli, type CliOptions } from '../../src/cli/program.ts';

const root = new URL('../../', import.meta.url).pathname;
const execFileAsync = promisify(execFile);

/** What one invocation exited with and wrote. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in this process on `argv` with `options` (registry, ...), capturing stdout and stderr. */
export async function runCliCaptured(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = new Capture(), stderr = new Capture();
  const code = await runCli(argv, { ...options, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** runCliCaptured with `cwd` as the working directory during the call (the trust config and relative flags are read from it). */
export async function runCliIn(cwd: string, argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await runCliCaptured(argv, options);
  } finally {
    process.chdir(before);
  }
}

/** Runs bin/regaudit.js as a subprocess from the repository root (as `npx regaudit` would). */
export function runBinary(args: readonly string[]): Promise<CliResult> {
  return execFileAsync(process.execPath, [join(root, 'bin/regaudit.js'), ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: CliResult) => e,
  );
}
