import { describe, expect, it } from 'vitest';
import { startInbox } from '../support/smtp.js';
import {
  ADMIN_PASSWORD,
  addUser,
  browserSuite,
  expectClean,
  openPage,
  PASSWORD,
  poll,
  signIn,
} from './support.js';

const inbox = await startInbox();
const suite = browserSuite([], { SMTP_URL: inbox.url });
const NEW_PASSWORD = 'a brand new passphrase';

describe('forgotten password and the audit filter', () => {
  it('sends a reset link by mail; the link sets a new password once; the audit log finds it', async () => {
    const { url, ctx } = suite.server;
    await addUser(suite.server, 'nao');
    await ctx.db
      .updateTable('users')
      .set({ email: 'nao@example.test' })
      .where('username', '=', 'nao')
      .execute();

    const person = await openPage(suite.browser);
    const { page } = person;
    await page.goto(`${url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username or mail address').fill('nao@example.test');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await poll(() => page.getByRole('status').textContent()).toContain('a link is on its way');

    const mail = await inbox.waitFor('nao@example.test', /Reset your password/);
    const link = /https?:\/\/\S+\/sign-in\/reset\?token=[\w-]+/.exec(mail.text ?? '')?.[0] as string;
    expect(link).toBeDefined();
    // The link names PUBLIC_URL; the test server answers on its own port.
    await page.goto(`${url}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.waitForURL(`${url}/sign-in?notice=password-reset`);
    await poll(() => page.getByRole('status').textContent()).toContain('Your password is changed');
    await signIn(page, url, 'nao', NEW_PASSWORD);
    await page.waitForURL(`${url}/account`);
    expectClean(person);

    // Used once: the same link now says so.
    const again = await openPage(suite.browser);
    await again.page.goto(`${url}${new URL(link).pathname}${new URL(link).search}`);
    await poll(() => again.page.getByRole('alert').first().textContent()).toContain('already used');

    const admin = await openPage(suite.browser);
    await signIn(admin.page, url, 'admin', ADMIN_PASSWORD);
    await admin.page.waitForURL(`${url}/account`);
    await admin.page.getByRole('link', { name: 'Audit log' }).click();
    await admin.page.getByLabel('User (who acted or was acted on)').fill('nao');
    await admin.page.getByLabel('Event').selectOption('password_reset.completed');
    await admin.page.getByRole('button', { name: 'Show' }).click();
    await admin.page.waitForURL(/\/admin\/audit\?user=nao&event=password_reset\.completed&/);
    const rows = admin.page.locator('tbody tr');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Password reset by email link');
    const csv = await admin.page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
    expect(csv).toBe('/admin/audit.csv?user=nao&event=password_reset.completed');
    expectClean(admin);
    void PASSWORD;
  }, 90_000);
});
