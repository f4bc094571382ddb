import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCliOutput } from '../../src/cli/progress.ts';

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CLI progress and log output', () => {
  it('prints plain progress lines when not a TTY (and a task\'s final count when it finishes), info and warnings, debug only when verbose', () => {
    // a frozen clock: the second update falls within the line interval however slow the machine
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000_000_000);
    const s = new Capture();
    const out = createCliOutput(s, {});
    out.progress.update('run-0 fit: epochs', 1, 4);
    out.progress.update('run-0 fit: epochs', 2, 4); // within the line interval: held back
    out.log.info('hello');
    out.log.debug('hidden');
    out.log.warn('careful');
    out.progress.finish('run-0 fit: epochs'); // prints the held-back final count
    out.progress.update('run-0 search: round 1', 0, 40);
    out.progress.finish('run-0 search: round 1'); // nothing held back: nothing more
    out.stop();
    expect(s.text).toBe('run-0 fit: epochs: 1/4 (25%)\nhello\nwarning: careful\nrun-0 fit: epochs: 2/4 (50%)\nrun-0 search: round 1: 0/40 (0%)\n');
    const v = new Capture();
    createCliOutput(v, { verbose: true }).log.debug('shown');
    expect(v.text).toBe('debug: shown\n');
  });

  it('prints nothing but warnings with --quiet', () => {
    const s = new Capture();
    const out = createCliOutput(s, { quiet: true });
    out.progress.update('task', 1, 2);
    out.log.info('hello');
    out.log.warn('careful');
    out.stop();
    expect(s.text).toBe('warning: careful\n');
  });
});
