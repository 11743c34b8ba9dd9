/**
 * Builds the app once into .tmp/test-dist (not dist, which other suites may be serving) and serves
 * it with the production static server (serve/) and the app's CSP, on a free port for the whole run.
 */
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startAuthenticatorServer } from '../serve/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    appURL: string;
    appDist: string;
  }
}

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../.tmp/test-dist', import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { build } = await import('vite');
  await build({ root: APP_DIR, logLevel: 'warn', build: { outDir: OUT_DIR, emptyOutDir: true } });
  const server = await startAuthenticatorServer({ port: 0, root: OUT_DIR });
  project.provide('appURL', server.url);
  project.provide('appDist', OUT_DIR);
  return () => server.close();
}
