#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx regaudit` needs no build step after `npm ci`.
// Both of tsx's hooks: the ESM one for regaudit's own modules, the CommonJS one for a `.ts` module
// plugin outside a `"type": "module"` package (Node treats such a file as CommonJS).
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCjs();
await import('../src/cli/main.ts');
