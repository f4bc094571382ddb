/** The `regaudit` binary's entry point (bin/regaudit.js imports it): runs the CLI on process.argv. */
import { runCli } from './program.ts';

/**
 * A reader that closed the pipe early (`regaudit plugins | head`) is no error of the command: Node
 * reports it as an `error` event on the stream, which unhandled is a crash with a stack trace. Later
 * writes to that stream are dropped instead, so the command finishes as it would have (its reports
 * written, its exit code kept).
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
