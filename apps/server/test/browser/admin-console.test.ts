import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  browserSuite,
  codeFor,
  errorMessage,
  expectClean,
  openPage,
  PASSWORD,
  poll,
  readKey,
  readRecoveryCodes,
  screenshot,
  signIn,
  signOut,
  type WatchedPage,
} from './support.js';

const suite = browserSuite([]);
const ONE_TIME_PASSWORD = 'one time password given by the administrator';
let admin: WatchedPage;

beforeAll(async () => {
  admin = await openPage(suite.browser);
  await signIn(admin.page, suite.server.url, 'admin', ADMIN_PASSWORD);
  await admin.page.waitForURL(`${suite.server.url}/account`);
}, 60_000);

/** Creates a user in the console; they replace their one-time password with PASSWORD at once. */
async function createUser(page: Page, username: string): Promise<void> {
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  const form = page.getByRole('region', { name: 'Create a user' });
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('One-time password (optional)').fill(ONE_TIME_PASSWORD);
  await form.getByLabel('Role').selectOption('user');
  await form.getByRole('button', { name: 'Create user' }).click();
  await poll(() => page.getByRole('status').textContent()).toMatch(
    new RegExp(`^User ${username} was created\\.`),
  );
  const person = await openPage(suite.browser);
  await signIn(person.page, suite.server.url, username, ONE_TIME_PASSWORD);
  await person.page.waitForURL(`${suite.server.url}/account/password`);
  await person.page.getByLabel('Current password').fill(ONE_TIME_PASSWORD);
  await person.page.getByLabel('New password').fill(PASSWORD);
  await person.page.getByRole('button', { name: 'Change password' }).click();
  await person.page.waitForURL(/\/account(\?|$)/);
  expectClean(person);
  await person.context.close();
}

async function saveSettings(page: Page, change: (page: Page) => Promise<void>): Promise<void> {
  await page.getByRole('link', { name: 'Service settings' }).click();
  await change(page);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await poll(() => page.getByRole('status').textContent()).toBe('Settings saved.');
}

describe('administrator console', () => {
  it('policy "required": a user without 2FA goes straight to registration and can do nothing else', async () => {
    const { page } = admin;
    await createUser(page, 'carol');
    await saveSettings(page, (p) => p.getByLabel('Required').check());
    expect(await page.getByLabel('Required').isChecked()).toBe(true);
    await screenshot(page, '08-admin-settings');

    const user = await openPage(suite.browser);
    await signIn(user.page, suite.server.url, 'carol', PASSWORD);
    await user.page.waitForURL(`${suite.server.url}/account/two-factor/enroll`);
    expect(await user.page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await screenshot(user.page, '09-enrollment-required');
    for (const elsewhere of ['/account', '/admin/users']) {
      await user.page.goto(`${suite.server.url}${elsewhere}`);
      expect(user.page.url()).toBe(`${suite.server.url}/account/two-factor/enroll`);
    }
    // The API refuses too, with the same rule.
    const api = await user.page.request.post(`${suite.server.url}/api/me/two-factor/recovery-codes`, {
      data: { code: '123456' },
    });
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('ENROLLMENT_REQUIRED');

    const key = await readKey(user.page);
    await user.page.getByLabel('Authentication code').fill(await codeFor(key, -1));
    await user.page.getByRole('button', { name: 'Enable' }).click();
    expect(await readRecoveryCodes(user.page)).toHaveLength(10);
    await user.page.getByRole('link', { name: 'I have saved my codes' }).click();
    await poll(() => user.page.getByText('Status: on').isVisible()).toBe(true);
    // Required by policy: no way to turn it off, only to switch keys.
    expect(await user.page.getByRole('button', { name: 'Disable' }).count()).toBe(0);
    expect(await user.page.getByText('cannot be turned off').isVisible()).toBe(true);
    expectClean(user);
    await user.context.close();

    // The users list shows the new status; resetting 2FA ends carol's registration.
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const row = page.getByRole('row', { name: /carol/ });
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('On');
    await screenshot(page, '10-admin-users');
    await row.getByRole('link', { name: 'carol' }).click();
    // A destructive action: the link leads to a confirmation step that says what will happen.
    await page.getByRole('link', { name: 'Reset 2FA' }).click();
    await poll(() => page.getByText('Their recovery codes are deleted.').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Reset 2FA' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Two-factor authentication of carol was reset.');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await poll(() => page.getByRole('row', { name: /carol/ }).getByRole('cell').nth(1).textContent()).toBe(
      'Off',
    );

    await saveSettings(page, (p) => p.getByLabel('Allowed').check());
    expectClean(admin);
  }, 120_000);

  it('locks an account after the configured failures, unlocks it, resets a password, logs it all', async () => {
    const { page } = admin;
    await createUser(page, 'dave');
    await saveSettings(page, async (p) => {
      await p.getByLabel('Failures before lock').fill('3');
      await p.getByLabel('Keep locked until an administrator unlocks').check();
    });
    expect(await page.getByLabel('Failures before lock').inputValue()).toBe('3');

    const user = await openPage(suite.browser);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await signIn(user.page, suite.server.url, 'dave', 'wrong password');
      // The same words every time, for a name that exists or not, locked or not.
      await poll(() => errorMessage(user.page)).toContain(
        'The username or password is incorrect, or the account is locked',
      );
    }
    await signIn(user.page, suite.server.url, 'dave', PASSWORD);
    await poll(() => errorMessage(user.page)).toContain('locked');
    await screenshot(user.page, '11-account-locked');

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await poll(() => page.getByRole('row', { name: /dave/ }).getByRole('cell').nth(2).textContent()).toBe(
      'Locked',
    );
    await page.getByRole('link', { name: 'dave' }).click();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('dave was unlocked.');
    // Left empty, the field is not required: a one-time password is made up and shown once.
    await page.getByRole('button', { name: 'Reset password' }).click();
    await poll(() => page.getByRole('status').textContent()).toMatch(
      /^The password of dave was reset and their sessions ended\. Their one-time password is [a-z2-9-]+ /,
    );
    await page.getByLabel('New password (optional)').fill('a brand new password');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('password of dave was reset');

    // The password the administrator set works once: dave chooses his own before anything else.
    await signIn(user.page, suite.server.url, 'dave', 'a brand new password');
    await user.page.waitForURL(`${suite.server.url}/account/password`);
    await user.page.getByLabel('Current password').fill('a brand new password');
    await user.page.getByLabel('New password').fill('dave chooses his own');
    await user.page.getByRole('button', { name: 'Change password' }).click();
    await user.page.waitForURL(/\/account(\?|$)/);
    await signOut(user.page);
    expectClean(user);
    await user.context.close();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${suite.server.url}/admin/audit`);
    // Each row: when, event, user, by, address.
    const rows = (await page.locator('tbody tr').all()).map((row) => row.getByRole('cell').allTextContents());
    const events = (await Promise.all(rows)).map(([, event, target, actor, ip]) => ({
      event,
      target,
      actor,
      ip,
    }));
    for (const event of [
      'Wrong password',
      'Account locked',
      // Attempts refused while locked are counted, not logged one by one (the log cannot be flooded).
      'Account unlocked',
      'Password reset',
      // Signing in with the one-time password leads only to choosing one's own.
      'Password changed',
    ]) {
      expect(
        events.some((row) => row.event === event && row.target === 'dave' && row.ip === '127.0.0.1'),
        event,
      ).toBe(true);
    }
    const unlock = page.getByRole('row', { name: /Account unlocked/ }).first();
    expect(await unlock.getByRole('cell').nth(2).textContent()).toBe('dave');
    expect(await unlock.getByRole('cell').nth(3).textContent()).toBe('admin');
    expect(await unlock.getByRole('cell').nth(4).textContent()).toBe('127.0.0.1');
    await screenshot(page, '12-audit-log');
    expectClean(admin);
  }, 120_000);

  it('refuses the console to a user who is not an administrator', async () => {
    const user = await openPage(suite.browser);
    await signIn(user.page, suite.server.url, 'carol', PASSWORD);
    await user.page.waitForURL(`${suite.server.url}/account`);
    expect(await user.page.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    const response = await user.page.goto(`${suite.server.url}/admin/users`);
    expect(response?.status()).toBe(403);
    expect(await errorMessage(user.page)).toBe('Only administrators may do this.');
    expectClean(user);
    await user.context.close();
  }, 60_000);
});
