// Entry of a sweep worker thread (piscina): registers tsx, since worker threads do not inherit the
// parent's loader, then re-exports the TypeScript task function.
import '../../tsx-hooks.mjs';

const worker = await import('./worker.ts');
export default worker.default;
