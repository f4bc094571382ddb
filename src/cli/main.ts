/** The `regaudit` binary's entry point (bin/regaudit.js imports it): runs the CLI on process.argv. */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2));
