/**
 * The real binary writing to a pipe whose reader went away (`regaudit plugins | head`,
 * `producer | regaudit oracle barrier | head`): no crash with an EPIPE stack trace, and `oracle` stops
 * reading its input instead of pricing (or waiting) forever.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** Starts bin/regaudit.js with `args`, its stdout closed at once (the reader is gone before the first write). */
function withClosedStdout(args: readonly string[]) {
  const child = spawn(process.execPath, [join(root, 'bin/regaudit.js'), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.destroy();
  child.stdin.on('error', () => {}); // the child may exit while we still write
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, exited };
}

describe('a closed stdout pipe', () => {
  it('ends `regaudit plugins` quietly with exit 0', async () => {
    const { child, exited } = withClosedStdout(['plugins']);
    child.stdin.end();
    const { code, stderr } = await exited;
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
  }, 30_000);

  it('stops `regaudit oracle` reading a stdin that never ends', async () => {
    const { child, exited } = withClosedStdout(['oracle', 'barrier']);
    const record = `${JSON.stringify({ type: 'down-out-put', spot: 100, strike: 110, barrier: 80, rate: 0.05, vol: 0.3, time: 1 })}\n`;
    child.stdin.write(record.repeat(20_000)); // more than a batch; stdin is left open, as a producer's would be
    const { code, stderr } = await exited;
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  }, 30_000);
});
