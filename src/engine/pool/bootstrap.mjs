// Entry of a sweep worker thread (piscina): registers tsx, since worker threads do not inherit the
// parent's loader, then re-exports the TypeScript task function.
// Both hooks, as in bin/regaudit.js (a `.ts` module plugin may sit outside a "type": "module" package).
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCjs();
const worker = await import('./worker.ts');
export default worker.default;
