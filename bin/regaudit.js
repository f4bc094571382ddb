#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npx regaudit` needs no build step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
