import { describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  browserSuite,
  errorMessage,
  expectClean,
  openPage,
  PASSWORD,
  poll,
  signIn,
  signOut,
} from './support.js';

const suite = browserSuite(['dora', 'eric', 'erica', 'fumi']);
const NEW_PASSWORD = 'a brand new staple battery';

describe('my account and user administration in Chromium', () => {
  it('lists my browsers, signs out the others, and changes my password', async () => {
    const { url } = suite.server;
    const laptop = await openPage(suite.browser);
    const phone = await openPage(suite.browser);
    for (const { page } of [laptop, phone]) {
      await signIn(page, url, 'dora', PASSWORD);
      await page.waitForURL(`${url}/account`);
    }
    const { page } = laptop;
    await page.getByRole('link', { name: 'Signed-in browsers' }).click();
    const rows = page.locator('tr[data-session]');
    await poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'This browser' }).count()).toBe(1);
    expect(await rows.first().locator('th').textContent()).toMatch(/^Chrom(e|ium)( Headless)? \d+/);
    await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(
      'All your other browsers were signed out, and your sign-ins to apps ended.',
    );
    expect(await rows.count()).toBe(1);
    await phone.page.goto(`${url}/account`);
    expect(new URL(phone.page.url()).pathname).toBe('/sign-in');

    await page.goto(`${url}/account`);
    await page.getByRole('link', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await poll(() => errorMessage(page)).toBe('The password is incorrect.');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(
      'Your password was changed. Your other sessions were signed out.',
    );
    await signOut(page);
    await signIn(page, url, 'dora', NEW_PASSWORD);
    await page.waitForURL(`${url}/account`);
    expectClean(laptop);
    expectClean(phone);
    await laptop.context.close();
    await phone.context.close();
  }, 120_000);

  it('finds a user by search, disables them (signed out, refused at sign-in) and enables them again', async () => {
    const { url } = suite.server;
    const eric = await openPage(suite.browser);
    await signIn(eric.page, url, 'eric', PASSWORD);
    await eric.page.waitForURL(`${url}/account`);

    const admin = await openPage(suite.browser);
    const { page } = admin;
    await signIn(page, url, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${url}/account`);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search users').fill('eric');
    await page.getByRole('button', { name: 'Search' }).click();
    const names = () => page.locator('table tbody th').allTextContents();
    await poll(names).toEqual(['eric', 'erica']);
    await page.getByRole('link', { name: 'eric', exact: true }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe(
      'eric was disabled and signed out everywhere.',
    );

    await eric.page.goto(`${url}/account`);
    expect(new URL(eric.page.url()).pathname).toBe('/sign-in');
    await signIn(eric.page, url, 'eric', PASSWORD);
    await poll(() => errorMessage(eric.page)).toBe(
      'This account is disabled. Ask an administrator to enable it again.',
    );

    await page.getByRole('button', { name: 'Enable' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('eric was enabled.');
    await signIn(eric.page, url, 'eric', PASSWORD);
    await eric.page.waitForURL(`${url}/account`);
    expectClean(admin);
    expectClean(eric);
    await admin.context.close();
    await eric.context.close();
  }, 120_000);
});
