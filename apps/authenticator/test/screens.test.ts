/**
 * Every main screen at 320 px, 390 px and desktop width, light and dark, English and Japanese (a
 * smoke matrix, not every combination): nothing wider than the viewport, and axe-core finds no serious
 * or critical accessibility violation. With UPDATE_SCREENSHOTS=1 the 390 px tours also refresh the
 * README's pictures in docs/screenshots/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { ja } from '../src/i18n/ja.js';
import { appURL, axeViolations, launchBrowser, PASSWORD } from './support/app.js';

const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '../../../docs/screenshots') : null;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Tour {
  width: number;
  scheme: 'light' | 'dark';
  lang: 'en' | 'ja';
}

async function check(page: Page, tour: Tour, screen: string): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} at ${tour.width}px overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  expect(await axeViolations(page), `${screen} (${tour.scheme}, ${tour.lang})`).toEqual([]);
  if (SCREENSHOTS && tour.width === 390) {
    await page.screenshot({
      path: join(SCREENSHOTS, `authenticator-${screen}-${tour.scheme}-${tour.lang}.png`),
      animations: 'disabled',
    });
  }
}

async function walk(tour: Tour): Promise<void> {
  const T = tour.lang === 'ja' ? ja : en;
  const context = await browser.newContext({
    viewport: { width: tour.width, height: 844 },
    colorScheme: tour.scheme,
    locale: tour.lang === 'ja' ? 'ja-JP' : 'en-US',
  });
  const page = await context.newPage();
  await page.goto(appURL());
  const button = (name: string) => page.getByRole('button', { name, exact: true });

  await page.getByRole('heading', { name: T.firstRunTitle }).waitFor();
  await check(page, tour, 'first-run');
  await page.getByLabel(T.vaultPassword).fill(PASSWORD);
  await page.getByLabel(T.repeatPassword).fill(PASSWORD);
  await button(T.createVault).click();
  await page.getByRole('heading', { name: T.emptyTitle }).waitFor({ timeout: 30_000 });
  await check(page, tour, 'empty');

  const accounts = [
    ['Google', 'hanako.yamada.with.a.very.long.address@example.co.jp', 'JBSWY3DPEHPK3PXP'],
    ['GitHub', 'octocat', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWC4TF'],
    ['サイボウズ kintone (社内システム)', 'taro', 'MFRGGZDFMZTWQ2LK'],
  ] as const;
  for (const [i, [issuer, name, key]] of accounts.entries()) {
    await button(T.addAccount).click();
    await page.getByRole('menuitem', { name: T.enterKeyManually }).click();
    await page.getByLabel(T.secretKey).waitFor();
    if (i === 0) await check(page, tour, 'manual-entry');
    await page.getByLabel(T.issuer).fill(issuer);
    await page.getByLabel(T.accountName, { exact: true }).fill(name);
    await page.getByLabel(T.secretKey).fill(key);
    await button(T.register).click();
    await page.locator('li.account').nth(i).waitFor();
  }
  await page.getByRole('button', { name: T.favoriteOf.replace('{name}', 'GitHub') }).click();
  await page.locator('li.account .service-icon svg').first().waitFor();
  await check(page, tour, 'codes');

  await page.locator('li.account .account-main').first().click({ button: 'right' });
  await page.getByLabel(T.group).waitFor();
  await check(page, tour, 'account');
  await button(T.back).click();

  await page.getByRole('button', { name: T.settings }).click();
  await page.getByRole('heading', { name: T.settingsTitle }).waitFor();
  await check(page, tour, 'settings');
  await button(T.moveDevice).click();
  await page.getByText(T.moveWhichDevice).waitFor();
  await check(page, tour, 'move');
  await page.getByRole('button', { name: T.moveOldDevice }).click();
  await page.getByLabel(T.receiptCodeLabel).waitFor();
  await check(page, tour, 'move-old-device');

  await page.getByRole('button', { name: T.lockNow }).click();
  await button(T.unlock).waitFor();
  await check(page, tour, 'unlock');
  await context.close();
}

describe('main screens fit and pass axe-core', () => {
  const tours: Tour[] = [
    { width: 320, scheme: 'light', lang: 'en' },
    { width: 320, scheme: 'dark', lang: 'ja' },
    { width: 1280, scheme: 'dark', lang: 'en' },
    { width: 390, scheme: 'light', lang: 'en' },
    { width: 390, scheme: 'dark', lang: 'en' },
    { width: 390, scheme: 'light', lang: 'ja' },
    ...(SCREENSHOTS ? [{ width: 390, scheme: 'dark', lang: 'ja' } as const] : []),
  ];
  for (const tour of tours) {
    it(`at ${tour.width}px, ${tour.scheme}, ${tour.lang}`, () => walk(tour));
  }
});
