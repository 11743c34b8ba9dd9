/**
 * JS shipped, per chunk (gzip -9), without the browser benchmarks. Run from the repository root:
 *
 *   node --conditions=@kakunin/source --import tsx apps/authenticator/bench/sizes.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunkTable, jsShipped } from './js-shipped.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const shipped = await jsShipped(APP_DIR, join(APP_DIR, '.tmp', 'sizes-dist'));
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
console.log(chunkTable(shipped));
console.log(
  `\nJS shipped (gzip -9, no .wasm): total ${kb(shipped.total)}, before first code ${kb(shipped.initial.en)} (English), ${kb(shipped.initial.ja)} (Japanese), service worker ${kb(shipped.worker)}`,
);
