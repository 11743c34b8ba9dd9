import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  'style.css': 'text/css; charset=utf-8',
  'copy-codes.js': 'text/javascript; charset=utf-8',
  'page.js': 'text/javascript; charset=utf-8',
  'passkeys.js': 'text/javascript; charset=utf-8',
};

/**
 * @simplewebauthn/browser's own browser bundle (it defines `SimpleWebAuthnBrowser`), served from the
 * installed package: no CDN, and the version the server was tested with.
 */
function webAuthnBundle(): Buffer<ArrayBuffer> {
  const main = createRequire(import.meta.url).resolve('@simplewebauthn/browser');
  return readFileSync(join(dirname(main), '..', 'dist', 'bundle', 'index.umd.min.js'));
}

/** The assets folder: next to this file when run from sources, under ../../src when run from dist. */
function assetsDir(): string {
  const beside = fileURLToPath(new URL('./assets/', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../src/web/assets/', import.meta.url));
}

/** Serves the pages' stylesheet and script from memory (read once at start-up). */
export function registerAssets(app: FastifyInstance): void {
  const dir = assetsDir();
  const files = new Map(
    Object.entries(TYPES).map(([name, type]) => [name, { type, body: readFileSync(dir + name) }]),
  );
  files.set('webauthn.js', { type: 'text/javascript; charset=utf-8', body: webAuthnBundle() });
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=3600').type(file.type).send(file.body);
  });
}
