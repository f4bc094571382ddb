#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx regaudit` needs no build step after `npm ci`.
import '../src/tsx-hooks.mjs';

await import('../src/cli/main.ts');
