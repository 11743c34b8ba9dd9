/**
 * Threat: a copied code stays on the clipboard, where any app or page that reads the clipboard later
 * finds it (for HOTP, a code not yet used). The app clears it again a few seconds after copying while
 * it has focus, as password managers do, and leaves it alone when the person copied something else
 * meanwhile in another app (it then no longer has focus).
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addManually, appURL, createVault, launchBrowser, row } from './support/app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a copied code does not linger on the clipboard', () => {
  it('clears the clipboard 20 seconds after a copy, not before', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'Example', 'alice', 'JBSWY3DPEHPK3PXP');
    await row(page, 'alice').locator('.account-main').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^\d{6}$/);
    await page.clock.runFor(15_000);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copied);
    await page.clock.runFor(6_000);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('');
    await context.close();
  });
});
