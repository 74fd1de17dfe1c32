// Builds the softphone page into dist/page with vite, unless it is already newer than its sources (the compiled
// dist/node/assets.js decides, as `ivrkit demo` does in the repository).
import { buildSoftphone } from '../dist/node/assets.js';

console.log(`softphone page: ${await buildSoftphone()}`);
