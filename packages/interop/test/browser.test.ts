import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '@kakunin/test-support';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSQLiteWasm } from '../src/qr/wasm-loader-node.ts';

// The PWA bundles this package: it must build for browsers with no node:* module and decode QR codes
// with the .wasm file the app serves itself, never fetching anything from elsewhere.

const ORIGIN = 'http://kakunin.test';
let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@kakunin/source', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A page of the app's origin serving the bundle and the given assets; anything else is recorded and refused. */
async function originPage(assets: Record<string, { body: Buffer; type: string }>) {
  const page = await browser.newPage();
  const foreign: string[] = [];
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      foreign.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/interop.js')
      return route.fulfill({ body: bundle, contentType: 'text/javascript' });
    const asset = assets[url.pathname];
    if (asset) return route.fulfill({ body: asset.body, contentType: asset.type });
    return route.fulfill({ body: '<!doctype html><title>t</title>', contentType: 'text/html' });
  });
  await page.goto(`${ORIGIN}/`);
  return { page, foreign };
}

describe('in a browser', () => {
  it('bundles without node:* modules', () => {
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(bundle).not.toMatch(/require\(["'](node:)?(fs|path|module|crypto)["']\)/);
  });

  it('writes and reads QR codes and imports files with the app-supplied wasm, offline', async () => {
    const wasm = await readFile(
      createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'),
    );
    const { page, foreign } = await originPage({
      '/assets/zxing_reader.wasm': { body: wasm, type: 'application/wasm' },
    });
    // A string, so the test runner does not rewrite the page's dynamic import.
    const result = await page.evaluate(`(async () => {
      const lib = await import('/interop.js');
      lib.configureQRDecoder({ locateFile: () => '/assets/zxing_reader.wasm' });
      const uri = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
      const png = await lib.qrPNG(uri);
      const decoded = await lib.decodeQRCodes(png);
      const imported = await lib.importFile(png, { filename: 'shot.png' });
      const list = await lib.importFile(new TextEncoder().encode(uri + '\\n'));
      return { decoded, format: imported.format, issuer: imported.accounts[0].issuer, listed: list.accounts.length };
    })()`);
    expect(result).toEqual({
      decoded: ['otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example'],
      format: 'qr-image',
      issuer: 'Example',
      listed: 1,
    });
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);

  it('reads an authenticator’s SQLite database with the app-supplied sql.js wasm, offline', async () => {
    const require = createRequire(import.meta.url);
    const wasm = await readFile(require.resolve('sql.js/dist/sql-wasm-browser.wasm'));
    const { default: initSqlJs } = await import('sql.js');
    const SQL = await initSqlJs({ wasmBinary: await defaultSQLiteWasm() });
    const db = new SQL.Database();
    db.run(
      'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT, secret TEXT, counter INTEGER, type INTEGER, issuer TEXT)',
    );
    db.run(
      "INSERT INTO accounts (email, secret, counter, type, issuer) VALUES ('Example:alice', 'JBSWY3DPEHPK3PXP', 0, 0, 'Example')",
    );
    const file = Buffer.from(db.export()).toString('base64');
    db.close();
    const { page, foreign } = await originPage({
      '/assets/sql-wasm.wasm': { body: wasm, type: 'application/wasm' },
    });
    const result = await page.evaluate(`(async () => {
      const lib = await import('/interop.js');
      lib.configureSQLite({ locateFile: () => '/assets/sql-wasm.wasm' });
      const bytes = Uint8Array.from(atob('${file}'), (c) => c.charCodeAt(0));
      const imported = await lib.importFile(bytes, { filename: 'databases' });
      return { format: imported.format, issuer: imported.accounts[0].issuer, name: imported.accounts[0].name };
    })()`);
    expect(result).toEqual({ format: 'google-authenticator-db', issuer: 'Example', name: 'alice' });
    expect(foreign).toEqual([]);
    await page.close();
  }, 60_000);
});
