import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, browserSuite, expectClean, openPage, poll, signIn } from './support.js';

const suite = browserSuite();
const OWN_PASSWORD = 'a brand new staple battery';

describe('a user created in the console, in Chromium', () => {
  it('gets a one-time password shown once, and can do nothing but replace it at the first sign-in', async () => {
    const { url } = suite.server;
    const admin = await openPage(suite.browser);
    await signIn(admin.page, url, 'admin', ADMIN_PASSWORD);
    await admin.page.waitForURL(`${url}/account`);
    await admin.page.goto(`${url}/admin/users`);
    await admin.page.getByLabel('Username', { exact: true }).fill('hiro');
    await admin.page.getByLabel('Email address (optional)').fill('hiro@example.test');
    await admin.page.getByRole('button', { name: 'Create user' }).click();
    await poll(() => admin.page.getByRole('status').textContent()).toMatch(
      /^User hiro was created\. Their one-time password is [a-z2-9-]+ /,
    );
    const text = (await admin.page.getByRole('status').textContent()) as string;
    const oneTime = /one-time password is ([a-z2-9-]+)/.exec(text)?.[1] as string;
    // The list shows the user as waiting for their own password; a reload no longer shows it.
    await admin.page.goto(`${url}/admin/users`);
    expect(await admin.page.locator('tr', { hasText: 'hiro' }).textContent()).toContain('One-time password');
    expect(await admin.page.content()).not.toContain(oneTime);

    const person = await openPage(suite.browser);
    const { page } = person;
    await signIn(page, url, 'hiro', oneTime);
    await page.waitForURL(`${url}/account/password`);
    await page.goto(`${url}/account`);
    expect(new URL(page.url()).pathname).toBe('/account/password');
    expect(await page.getByRole('link', { name: 'Cancel' }).count()).toBe(0);
    await page.getByLabel('Current password').fill(oneTime);
    await page.getByLabel('New password').fill(OWN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(/\/account(\?|$)/);
    await page.goto(`${url}/account/profile`);
    expect(new URL(page.url()).pathname).toBe('/account/profile');

    await admin.page.goto(`${url}/admin/users`);
    expect(await admin.page.locator('tr', { hasText: 'hiro' }).textContent()).not.toContain(
      'One-time password',
    );
    expectClean(admin);
    expectClean(person);
    await admin.context.close();
    await person.context.close();
  }, 120_000);
});
