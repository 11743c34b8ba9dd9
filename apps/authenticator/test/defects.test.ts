/**
 * What a new user ran into, each fixed and held here: a form that keeps the last attempt, a disclosure
 * with no marker, a pasted otpauth:// link, raw error codes, Register stuck after a failure, and a
 * lazily loaded screen that never loads while offline.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMenu, appURL, createVault, launchBrowser, row, unlock, watchPage } from './support/app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  // No service worker: these tests decide which script requests fail, and a worker would answer from its cache.
  const context = await browser.newContext({ locale, serviceWorkers: 'block' });
  const page = await context.newPage();
  watchPage(page);
  await page.goto(appURL());
  return { context, page };
}

/** Every visible text of the page that looks like a bare error code (UPPER_CASE_WORDS). */
async function bareCodes(page: Page): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: the lines as rendered are what people read
  const text = await page.locator('main').innerText();
  // A code may follow words in brackets; alone (or as the only thing in brackets after nothing) it may not.
  return text.split('\n').filter((line) => /^\W*[A-Z]+(_[A-Z]+)+\W*$/.test(line.trim()));
}

describe('defects seen by a new user', () => {
  it('opens "Enter key manually" empty each time, with a disclosure marker, and fills in from a pasted otpauth:// link', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addMenu(page, 'Enter key manually');
    await page.getByLabel('Key').fill('not base32 !!');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid base32' }).waitFor();
    // Reopened from the [+] menu while still on the screen: a fresh form, no old error.
    await addMenu(page, 'Enter key manually');
    expect(await page.getByLabel('Key').inputValue()).toBe('');
    expect(await page.getByRole('alert').count()).toBe(0);

    // "Advanced" shows a marker that turns when opened.
    const summary = page.locator('summary', { hasText: 'Advanced' });
    const marker = () =>
      summary.evaluate((el) => {
        const style = getComputedStyle(el, '::before');
        return { content: style.content, transform: style.transform };
      });
    const closed = await marker();
    expect(closed.content).not.toBe('none');
    await summary.click();
    expect((await marker()).transform).not.toBe(closed.transform);

    // A whole otpauth:// link pasted into the key box fills every field.
    await page
      .getByLabel('Key')
      .fill(
        'otpauth://hotp/ACME%20Co:jane@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&counter=7&digits=8',
      );
    expect(await page.getByLabel('Issuer').inputValue()).toBe('ACME Co');
    expect(await page.getByLabel('Account', { exact: true }).inputValue()).toBe('jane@example.com');
    expect(await page.getByLabel('Key').inputValue()).toBe('JBSWY3DPEHPK3PXP');
    expect(await page.getByLabel('Type').inputValue()).toBe('hotp');
    expect(await page.getByLabel('Digits').inputValue()).toBe('8');
    expect(await page.getByLabel('Counter').inputValue()).toBe('7');
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'ACME Co').waitFor();

    // A broken link gets words, not a code alone.
    await addMenu(page, 'Enter key manually');
    await page.getByLabel('Key').fill('otpauth://totp/x?secret=not*base32');
    await page.getByRole('alert').filter({ hasText: 'The secret is not valid base32' }).waitFor();
    expect(await bareCodes(page)).toEqual([]);
    await context.close();
  });

  it('keeps Register usable after a registration fails', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addMenu(page, 'Enter key manually');
    await page.getByLabel('Issuer').fill('Retry');
    await page.getByLabel('Key').fill('JBSWY3DPEHPK3PXP');
    // The first registration cannot load the import helpers (as on a flaky connection).
    let blocked = true;
    await page.route(/interop-parts-.*\.js$/, (route) => (blocked ? route.abort() : route.continue()));
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('alert').waitFor();
    const register = page.getByRole('button', { name: 'Register' });
    expect(await register.isEnabled()).toBe(true);
    blocked = false;
    await page.unroute(/interop-parts-.*\.js$/);
    await register.click();
    await row(page, 'Retry').waitFor();
    await context.close();
  });

  it('words every message about a QR code, in English and Japanese, the code only after the words', async () => {
    for (const [locale, damagedWords, foreignWords] of [
      ['en-US', 'The secret is not valid base32', 'is not a two-factor key'],
      ['ja-JP', 'シークレットが正しいBase32', '2 段階認証のキーではありません'],
    ] as const) {
      const { context, page } = await open(locale);
      await createVault(page, undefined, locale === 'ja-JP' ? 'ja' : 'en');
      for (const [text, words] of [
        ['otpauth://totp/x?secret=not*base32', damagedWords],
        ['otpauth://totp/x', locale === 'ja-JP' ? 'シークレットがありません' : 'The key has no secret'],
        [
          'otpauth://yandex/x?secret=JBSWY3DPEHPK3PXP',
          locale === 'ja-JP' ? '不明なコードの種類' : 'Unknown code type',
        ],
        ['https://example.com/', foreignWords],
      ] as const) {
        await page.reload();
        await unlock(page, undefined, locale === 'ja-JP' ? 'ja' : 'en');
        const ja = locale === 'ja-JP';
        await page.getByRole('button', { name: ja ? 'アカウントを追加' : 'Add account' }).click();
        await page.getByRole('menuitem', { name: ja ? '画像から読み込む' : 'Import image' }).click();
        await page
          .locator('input[type=file]')
          .setInputFiles({ name: 'q.png', mimeType: 'image/png', buffer: await QRCode.toBuffer(text) });
        const alert = page.getByRole('alert').filter({ hasText: words });
        await alert.waitFor();
        expect(await bareCodes(page)).toEqual([]);
      }
      await context.close();
    }
  });

  it('says a screen could not load while offline and loads it on retry', async () => {
    const { context, page } = await open();
    await createVault(page);
    // The screen's chunk cannot be fetched (offline, not yet cached).
    let offline = true;
    await page.route(/settings-.*\.js$/, (route) =>
      offline ? route.abort('internetdisconnected') : route.continue(),
    );
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('alert').filter({ hasText: 'could not be loaded while offline' }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);
    offline = false;
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await context.close();
  });
});
