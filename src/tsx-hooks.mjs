// tsx's ESM and CommonJS hooks, for the entries that may import a user's TypeScript plugin (the CLI in
// bin/regaudit.js, the sweep workers in src/engine/pool/bootstrap.mjs): regaudit's own modules need the
// ESM hook; a `.ts` plugin outside a `"type": "module"` package is CommonJS to Node and needs the other.
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

register();
registerCjs();
