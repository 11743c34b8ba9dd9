// axe-core on every page (one width, one language, the light theme), and a smoke matrix of the main
// pages at 320 px, in Japanese and in the dark theme: no serious or critical violation anywhere.
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  browserSuite,
  codeFor,
  overflowWidth,
  PASSWORD,
  readKey,
  readRecoveryCodes,
  screenshot,
  axeViolations as violations,
} from './support.js';

interface Look {
  width: number;
  locale: 'en-US' | 'ja-JP';
  colorScheme: 'light' | 'dark';
}
const DESKTOP: Look = { width: 1000, locale: 'en-US', colorScheme: 'light' };

async function signedInPage(browser: Browser, url: string, look: Look, username: string, password: string) {
  // axe is added as a script tag, which the pages' CSP would refuse: only these checks bypass it.
  const context = await browser.newContext({
    viewport: { width: look.width, height: 800 },
    locale: look.locale,
    colorScheme: look.colorScheme,
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
  await page.waitForURL(/\/account/);
  return { page, close: () => context.close() };
}

describe('accessibility (axe-core)', () => {
  // Mail is configured (to a closed port: nothing is sent) so the forgotten-password pages exist.
  const suite = browserSuite(['alice'], { SMTP_URL: 'smtp://127.0.0.1:1' });

  it('every page: no serious or critical violation', async () => {
    const { url } = suite.server;
    const admin = await signedInPage(suite.browser, url, DESKTOP, 'admin', ADMIN_PASSWORD);
    const pages = [
      '/account',
      '/account/passkeys',
      '/account/password',
      '/account/profile',
      '/account/sessions',
      '/admin/users',
      '/admin/users?q=ali',
      '/admin/users/alice',
      '/admin/users/alice/delete',
      '/admin/users/import',
      '/admin/settings',
      '/admin/audit',
      '/admin/apps',
      '/admin/protected-hosts',
      '/admin/tokens',
      '/no/such/page',
    ];
    const problems: string[] = [];
    for (const path of pages) {
      await admin.page.goto(`${url}${path}`);
      for (const problem of await violations(admin.page)) problems.push(`${path}: ${problem}`);
    }
    // The registration dialog and a form with errors.
    await admin.page.goto(`${url}/account`);
    await admin.page.locator('form[action="/account/two-factor/enrollment"] button').click();
    await admin.page.waitForURL(/enroll/);
    for (const problem of await violations(admin.page)) problems.push(`enroll: ${problem}`);
    await admin.page.locator('#code').fill('000000');
    await admin.page
      .locator('form[action="/account/two-factor/enrollment/confirm"] button[type="submit"]')
      .click();
    await admin.page.locator('.error-summary').waitFor();
    for (const problem of await violations(admin.page)) problems.push(`enroll error: ${problem}`);
    await admin.close();

    const anonymous = await suite.browser.newContext({
      bypassCSP: true,
      viewport: { width: 1000, height: 800 },
    });
    const page = await anonymous.newPage();
    for (const path of ['/sign-in/forgot', '/sign-in/reset?token=not-a-real-link']) {
      await page.goto(`${url}${path}`);
      for (const problem of await violations(page)) problems.push(`${path}: ${problem}`);
    }
    await page.goto(`${url}/sign-in`);
    for (const problem of await violations(page)) problems.push(`sign-in: ${problem}`);
    await page.locator('#username').fill('nobody');
    await page.locator('#password').fill('wrong password');
    await page.locator('form[action="/sign-in"] button[type="submit"]').click();
    await page.locator('.error-summary').waitFor();
    for (const problem of await violations(page)) problems.push(`sign-in error: ${problem}`);
    await anonymous.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it.each([
    ['320 px, Japanese', { width: 320, locale: 'ja-JP', colorScheme: 'light' } as Look],
    ['dark theme', { width: 1000, locale: 'en-US', colorScheme: 'dark' } as Look],
    ['320 px, dark, English', { width: 320, locale: 'en-US', colorScheme: 'dark' } as Look],
  ])(
    'main pages at %s: no serious or critical violation, nothing wider than the screen',
    async (name, look) => {
      const { url } = suite.server;
      const alice = await signedInPage(suite.browser, url, look, 'alice', PASSWORD);
      const problems: string[] = [];
      for (const path of ['/account', '/sign-in/code', '/no/such/page']) {
        await alice.page.goto(`${url}${path}`);
        for (const problem of await violations(alice.page)) problems.push(`${path}: ${problem}`);
        const overflow = await overflowWidth(alice.page);
        if (overflow > 0) problems.push(`${path}: ${overflow} px wider than the screen`);
      }
      await alice.close();
      const admin = await signedInPage(suite.browser, url, look, 'admin', ADMIN_PASSWORD);
      for (const path of ['/admin/users', '/admin/settings', '/admin/audit']) {
        await admin.page.goto(`${url}${path}`);
        for (const problem of await violations(admin.page)) problems.push(`${path}: ${problem}`);
        const overflow = await overflowWidth(admin.page);
        if (overflow > 0) problems.push(`${path}: ${overflow} px wider than the screen`);
      }
      if (look.width === 320 && look.locale === 'ja-JP') await screenshot(admin.page, 'ja-320-admin-audit');
      await admin.close();
      expect(problems, name).toEqual([]);
    },
    120_000,
  );

  it('takes a code typed as authenticators show it, "123 456", whole, and the server accepts it', async () => {
    const { url } = suite.server;
    const alice = await signedInPage(suite.browser, url, DESKTOP, 'alice', PASSWORD);
    await alice.page.locator('form[action="/account/two-factor/enrollment"] button').click();
    await alice.page.waitForURL(/enroll/);
    const key = await readKey(alice.page);
    const code = await codeFor(key, 0);
    const field = alice.page.locator('#code');
    await field.pressSequentially(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(await field.inputValue()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(await field.evaluate((input: HTMLInputElement) => input.checkValidity())).toBe(true);
    await alice.page
      .locator('form[action="/account/two-factor/enrollment/confirm"] button[type="submit"]')
      .click();
    expect(await readRecoveryCodes(alice.page)).toHaveLength(10);
    await alice.close();
  }, 60_000);
});
