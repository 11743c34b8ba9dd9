/**
 * A long code list in headless Chromium: only the rows near the viewport are in the DOM, yet every
 * account is reachable by scrolling and by search, shows its right code, and screen readers are
 * told each row's place in the whole list.
 */
import { createAccount, encodeBase32, formatKeyURI } from '@kakunin/otp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appURL,
  createVault,
  launchBrowser,
  plausibleCodes,
  ringState,
  row,
  shownCode,
  watchPage,
} from './support/app.js';

const COUNT = 300;
const accounts = Array.from({ length: COUNT }, (_, i) =>
  createAccount({
    secret: new Uint8Array(20).map((_, j) => (j === 0 ? i >> 8 : j === 1 ? i & 0xff : j * 7)),
    issuer: `Service ${String(i).padStart(3, '0')}`,
    name: `user${i}`,
  }),
);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a long code list', () => {
  it('renders the rows near the viewport, and every row once scrolled to or searched for', async () => {
    // Distinct secrets: a list of equal accounts would hide a row showing another row's code.
    expect(new Set(accounts.map((a) => encodeBase32(a.secret))).size).toBe(COUNT);
    const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
    const page = await context.newPage();
    watchPage(page);
    await page.goto(appURL());
    await createVault(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const list = accounts.map((a) => formatKeyURI(a)).join('\n');
    await page
      .getByLabel('Choose file')
      .setInputFiles({ name: 'links.txt', mimeType: 'text/plain', buffer: Buffer.from(list) });
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: `Add these ${COUNT} accounts?` }).waitFor();
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'Service 000').waitFor();

    const rendered = await page.locator('li.account').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    expect(await page.locator('li.account').first().getAttribute('aria-setsize')).toBe(String(COUNT));
    expect(plausibleCodes(accounts[0]!)).toContain(await shownCode(page, 'Service 000'));

    // Between a period's events (the code's change, the next code shown 10 s before it) a second
    // changes nothing in the list: the countdown rings run as animations, not as written text.
    const changes = await page.evaluate(async () => {
      const into = (): number => Date.now() % 30_000;
      while (into() < 1_500 || into() > 16_000) await new Promise((r) => setTimeout(r, 250));
      const seen: string[] = [];
      const observer = new MutationObserver((records) => {
        for (const r of records)
          seen.push(`${r.type} in ${r.target.parentElement?.className ?? r.target.nodeName}`);
      });
      const list = document.querySelector('li.account')!.parentElement!;
      observer.observe(list, { subtree: true, childList: true, characterData: true, attributes: true });
      await new Promise((r) => setTimeout(r, 2_500));
      observer.disconnect();
      return seen;
    });
    expect(changes).toEqual([]);

    // The last account, after scrolling to the end of the page.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = row(page, `Service ${COUNT - 1}`);
    await last.waitFor();
    expect(await last.getAttribute('aria-posinset')).toBe(String(COUNT));
    expect(plausibleCodes(accounts[COUNT - 1]!)).toContain(await shownCode(page, `Service ${COUNT - 1}`));
    await expect.poll(async () => (await ringState(last)).seconds).toBeGreaterThan(0);
    expect(await row(page, 'Service 000').count()).toBe(0);
    expect(await page.locator('li.account').count()).toBeLessThan(60);

    // One from the middle, by search (scrolled to the end of a list that just got shorter).
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('searchbox', { name: 'Search' }).fill('user150');
    await row(page, 'Service 150').waitFor();
    expect(await page.locator('li.account').count()).toBe(1);
    expect(plausibleCodes(accounts[150]!)).toContain(await shownCode(page, 'Service 150'));
    await context.close();
  });
});
