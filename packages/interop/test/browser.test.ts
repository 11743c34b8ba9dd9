import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '@kakunin/test-support';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

describe('in a browser', () => {
  it('bundles without node:* modules', () => {
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(bundle).not.toMatch(/require\(["'](node:)?(fs|path|module|crypto)["']\)/);
  });

  it('writes and reads QR codes and imports files with the app-supplied wasm, offline', async () => {
    const wasm = await readFile(
      createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'),
    );
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
      if (url.pathname === '/assets/zxing_reader.wasm')
        return route.fulfill({ body: wasm, contentType: 'application/wasm' });
      return route.fulfill({ body: '<!doctype html><title>t</title>', contentType: 'text/html' });
    });
    await page.goto(`${ORIGIN}/`);
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
});
