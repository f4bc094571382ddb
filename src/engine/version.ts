/** regaudit's own version (package.json), for reports and the keys of stages that are not plugins. */
import { readFileSync } from 'node:fs';

/** The package version, e.g. `0.1.0`. */
export const REGAUDIT_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
