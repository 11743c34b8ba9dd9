/** Driving the built authenticator in Chromium: launch, first run, unlock, add, read codes. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Account, code } from '@kakunin/otp';
import { firstPage, launchBrowser, launchPhone } from '@kakunin/test-support';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';

export { firstPage, launchBrowser };

export const PASSWORD = 'correct horse battery staple';

/** The served app's origin for this test run. */
export function appURL(): string {
  return inject('appURL');
}

/** A throwaway profile directory for a phone; removed by the returned cleanup. */
export async function profileDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kakunin-phone-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Per-test temporary phones: `phoneDir()` makes a profile directory, `later()` registers cleanup;
 * everything is removed after each test, last first. Call once at the top of a test file.
 */
export function temporaryPhones(): {
  phoneDir: () => Promise<string>;
  later: (fn: () => Promise<unknown>) => void;
} {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    later: (fn) => {
      cleanups.push(fn);
    },
    async phoneDir() {
      const p = await profileDir();
      cleanups.push(p.remove);
      return p.dir;
    },
  };
}

/** Launches a phone profile whose camera plays `cameraFile`, opened on the app. */
export async function openPhone(
  dir: string,
  cameraFile?: string,
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchPhone({ profileDir: dir, locale, ...(cameraFile ? { cameraFile } : {}) });
  const page = await firstPage(context);
  watchPage(page);
  await page.goto(appURL());
  return { context, page };
}

/** Problems seen on a page: CSP violations, requests to other origins, uncaught errors. */
export interface PageProblems {
  csp: string[];
  foreignRequests: string[];
  errors: string[];
}

const problems = new WeakMap<Page, PageProblems>();

/** Starts recording a page's problems (call before the first navigation). */
export function watchPage(page: Page): PageProblems {
  const p: PageProblems = { csp: [], foreignRequests: [], errors: [] };
  problems.set(page, p);
  const origin = new URL(appURL()).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      p.foreignRequests.push(url);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) p.csp.push(m.text());
  });
  page.on('pageerror', (e) => p.errors.push(e.message));
  return p;
}

/** What watchPage recorded. */
export function pageProblems(page: Page): PageProblems {
  return problems.get(page) ?? { csp: [], foreignRequests: [], errors: [] };
}

/** First run: both password fields, then Create vault; waits for the (empty) code list. */
export async function createVault(page: Page, password = PASSWORD, lang: 'en' | 'ja' = 'en'): Promise<void> {
  const ja = lang === 'ja';
  await page.getByLabel(ja ? '保管庫のパスワード' : 'Vault password').fill(password);
  await page.getByLabel(ja ? 'パスワード（確認）' : 'Repeat password').fill(password);
  await page.getByRole('button', { name: ja ? '保管庫を作成' : 'Create vault' }).click();
  await page
    .getByRole('button', { name: ja ? 'アカウントを追加' : 'Add account' })
    .waitFor({ timeout: 30_000 });
}

/** Unlock with the password; waits for the code list. */
export async function unlock(page: Page, password = PASSWORD, lang: 'en' | 'ja' = 'en'): Promise<void> {
  const ja = lang === 'ja';
  await page.getByLabel(ja ? '保管庫のパスワード' : 'Vault password').fill(password);
  await page.getByRole('button', { name: ja ? 'ロック解除' : 'Unlock', exact: true }).click();
  await page
    .getByRole('button', { name: ja ? 'アカウントを追加' : 'Add account' })
    .waitFor({ timeout: 30_000 });
}

/** Opens [+] and picks one of its items. */
export async function addMenu(
  page: Page,
  item: 'Scan QR code' | 'Import image' | 'Enter key manually',
): Promise<void> {
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Adds an account through "Enter key manually". */
export async function addManually(page: Page, issuer: string, name: string, key: string): Promise<void> {
  await addMenu(page, 'Enter key manually');
  await page.getByLabel('Issuer').fill(issuer);
  await page.getByLabel('Account', { exact: true }).fill(name);
  await page.getByLabel('Key').fill(key);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('status').filter({ hasText: 'Added 1 account' }).waitFor();
}

/** The code list row (a list item) whose text includes `text`. */
export function row(page: Page, text: string) {
  return page.locator('li.account').filter({ hasText: text });
}

/** The code shown in a row, without the grouping space. */
export async function shownCode(page: Page, text: string): Promise<string> {
  const shown = await row(page, text).locator('.code').textContent();
  return (shown ?? '').replace(/\s/g, '');
}

/**
 * What a row's countdown shows, read as the page draws it: the seconds (the line of the column of
 * seconds that its current, animated transform puts in the window), whether the ring's arc is in the
 * warning colour, and whether the name's place shows the next code (told to screen readers) or the
 * account name (the line its animated transform puts in the window).
 */
export async function ringState(
  r: Locator,
): Promise<{ seconds: number; warning: boolean; nextShown: boolean; nameShown: boolean }> {
  return r.evaluate((li) => {
    /** Which line of a column its transform puts in its window. */
    const lineShown = (column: Element): number => {
      const line = column.parentElement!.getBoundingClientRect().height;
      return Math.round(-new DOMMatrix(getComputedStyle(column).transform).m42 / line);
    };
    const column = li.querySelector('.seconds-column')!;
    const numbers = (column.textContent ?? '').split('\n');
    const swapLine = lineShown(li.querySelector('.swap-track')!);
    return {
      seconds: Number(numbers[lineShown(column)]),
      warning:
        Number(getComputedStyle(li.querySelector('.ring-half-left .ring-sweep-ending')!).opacity) > 0.5,
      nextShown: swapLine === 1 && li.querySelector('.next')!.getAttribute('aria-hidden') === 'false',
      nameShown: swapLine === 0,
    };
  });
}

/** The codes an account may legitimately show around now (the period may roll over while we look). */
export function plausibleCodes(account: Account, now = Date.now()): string[] {
  return [code(account, now - 2000), code(account, now), code(account, now + 2000)];
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations on the page, as "rule: target" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through DevTools, which the page's CSP (no inline scripts) does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE};0`);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
