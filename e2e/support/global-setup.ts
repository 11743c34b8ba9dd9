/**
 * Once per run, before any e2e file: build the service and the authenticator app if their build
 * output is missing (a plain `vitest run` on a fresh clone; `npm test` has built already).
 */
import { ensureBuilt } from './launcher.js';

export default function setup(): void {
  ensureBuilt();
}
