import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../apps/authenticator/serve/body.js';
import {
  type AuthenticatorServer,
  safeSegments,
  startAuthenticatorServer,
} from '../../apps/authenticator/serve/server.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A request with the path sent exactly as written (fetch would normalise `..` away). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      agent: false,
      method: options.method ?? 'GET',
      headers: options.headers,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const INDEX =
  '<!doctype html><title>Kakunin</title><script type="module" src="/assets/app-1a2b.js"></script>';
const WASM = new Uint8Array(4096).map((_, i) => (i % 7 === 0 ? 0x61 : i % 3));

describe('authenticator static server', () => {
  let dir: string;
  let root: string;
  let server: AuthenticatorServer;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kakunin-serve-'));
    root = join(dir, 'dist');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log("app");');
    await writeFile(join(root, 'assets', 'zxing_reader-9f8e.wasm'), WASM);
    await writeFile(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(root, 'manifest.webmanifest'), '{"name":"Kakunin"}');
    await writeFile(join(root, '.env'), 'SECRET=1');
    await writeFile(join(dir, 'secret.txt'), 'outside the build');
    await symlink(join(dir, 'secret.txt'), join(root, 'link-out.txt'));
    server = await startAuthenticatorServer({ root, port: 0, csp: CSP });
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with the CSP, hardening headers, a Date and revalidation', async () => {
    const res = await raw(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(INDEX);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['permissions-policy']).toContain('camera=(self)');
    expect(res.headers['cache-control']).toBe('no-cache');
    const date = Date.parse(String(res.headers.date));
    expect(Math.abs(date - Date.now())).toBeLessThan(5000);
    expect(server.url).toBe(`http://localhost:${server.port}`);
  });

  it.each([
    ['/assets/app-1a2b.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/zxing_reader-9f8e.wasm', 'application/wasm', 'public, max-age=31536000, immutable'],
    ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8', 'no-cache'],
  ])('serves %s as %s with Cache-Control %s', async (path, type, cache) => {
    const res = await raw(server.port, path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe(cache);
    expect(res.headers['content-security-policy']).toBe(CSP);
  });

  it('gzips compressible files for clients that accept it, byte for byte the same', async () => {
    const res = await raw(server.port, '/assets/zxing_reader-9f8e.wasm', {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.body.length).toBeLessThan(WASM.length);
    expect(new Uint8Array(gunzipSync(res.body))).toEqual(WASM);
    const plain = await raw(server.port, '/assets/zxing_reader-9f8e.wasm', {
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(new Uint8Array(plain.body)).toEqual(WASM);
  });

  it('parses Accept-Encoding', () => {
    expect(acceptsGzip('gzip, deflate')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip('gzip;q=0, br')).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await raw(server.port, '/sw.js');
    const again = await raw(server.port, '/sw.js', {
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.date).toBeDefined();
  });

  it("falls back to index.html for the app's own paths, but not for missing files", async () => {
    for (const path of ['/accounts/42', '/settings/', '/import?from=camera']) {
      const res = await raw(server.port, path);
      expect(res.status, path).toBe(200);
      expect(res.body.toString()).toBe(INDEX);
    }
    expect((await raw(server.port, '/assets/missing-0000.js')).status).toBe(404);
    expect((await raw(server.port, '/missing.wasm')).status).toBe(404);
  });

  it('never serves anything outside the build folder, dotfiles or symbolic links leaving it', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets%2f..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/link-out.txt',
      '/.env',
      '/%2eenv',
      '/index.html%00.js',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const res = await raw(server.port, path, { headers: { accept: '*/*' } });
      expect(res.body.toString(), path).not.toContain('outside the build');
      expect(res.body.toString(), path).not.toContain('SECRET');
      expect(res.status, path).toBe(404);
    }
    expect(safeSegments('/a/%2e%2e/b')).toBeUndefined();
    expect(safeSegments('/a//b/')).toEqual(['a', 'b']);
  });

  // Threat: a network attacker strips TLS (SSL stripping) from a person who types the app's address;
  // Strict-Transport-Security makes the browser go to https by itself after the first visit.
  it('sends HSTS on every answer when its public address is https, and never over plain http', async () => {
    expect((await raw(server.port, '/')).headers['strict-transport-security']).toBeUndefined();
    const https = await startAuthenticatorServer({
      root,
      port: 0,
      csp: CSP,
      publicURL: 'https://app.kakunin.test',
    });
    try {
      for (const path of ['/', '/assets/app-1a2b.js', '/../etc/passwd']) {
        const res = await raw(https.port, path);
        expect(res.headers['strict-transport-security'], path).toBe('max-age=31536000; includeSubDomains');
      }
      const post = await raw(https.port, '/', { method: 'POST' });
      expect(post.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await https.close();
    }
  });

  it('refuses other methods, and answers HEAD without a body', async () => {
    const post = await raw(server.port, '/', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await raw(server.port, '/assets/app-1a2b.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe('19');
  });

  it('says to build first when the app is not built', async () => {
    await expect(startAuthenticatorServer({ root: join(dir, 'nothing'), port: 0, csp: CSP })).rejects.toThrow(
      /not built.*npm run build/,
    );
  });

  it("reads the app's CSP from apps/authenticator/csp.json by default, and closes with open connections", async () => {
    const declared = JSON.parse(
      await readFile(new URL('../../apps/authenticator/csp.json', import.meta.url), 'utf8'),
    );
    const other = await startAuthenticatorServer({ root, port: 0 });
    const res = await raw(other.port, '/', { headers: { connection: 'keep-alive' } });
    expect(res.headers['content-security-policy']).toBe(declared['content-security-policy']);
    expect(declared['content-security-policy']).toContain("'wasm-unsafe-eval'");
    await other.close();
    await expect(raw(other.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
