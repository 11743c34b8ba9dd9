/**
 * Unlock with a passkey, in Chromium with a virtual platform authenticator (DevTools WebAuthn domain):
 * set up with the password, lock, unlock with the passkey alone; the password keeps working; the
 * backup file carries the password slot alone and passes Aegis's reading rules; removing the passkey
 * removes the way in; a password change says before and after that it turns the passkey off; an
 * authenticator without PRF, or none at all, is said so and not offered.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAegisFile } from '../../../packages/vault/test/aegis-rules.js';
import {
  addManually,
  appURL,
  axeViolations,
  createVault,
  launchBrowser,
  PASSWORD,
  row,
  unlock,
} from './support/app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// WebAuthn needs a domain for its relying party: an IP address origin is refused.
const localURL = (): string => appURL().replace('127.0.0.1', 'localhost');

async function open(
  authenticator: { hasPrf: boolean } | null,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  if (authenticator) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        hasPrf: authenticator.hasPrf,
      },
    });
  }
  await page.goto(localURL());
  await createVault(page);
  await addManually(page, 'Example', 'alice', 'JBSWY3DPEHPK3PXP');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
  return { context, page };
}

describe('unlock with a passkey', () => {
  it('sets up with the password, unlocks with the passkey alone, and never puts its slot in a file', async () => {
    const { context, page } = await open({ hasPrf: true });
    await page.getByLabel('Current password').fill('not the password');
    await page.getByRole('button', { name: 'Set up passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up passkey' }).click();
    await page.getByText('A passkey unlocks this vault on this device.').waitFor({ timeout: 30_000 });

    // Locked, then a reload: the passkey alone opens it, no password typed.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Unlock with passkey' }).click();
    await row(page, 'alice').waitFor({ timeout: 30_000 });

    // The backup file: password slot alone, readable by Aegis's rules.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download encrypted backup' }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const backup = Buffer.concat(chunks).toString('utf8');
    expect((JSON.parse(backup).header.slots as { type: number }[]).map((s) => s.type)).toEqual([1]);
    checkAegisFile(backup, PASSWORD);

    // The password still unlocks; removing the passkey takes the button away.
    await page.getByRole('button', { name: 'Lock' }).click();
    await unlock(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Unlock with a passkey' }).click();
    await page.getByRole('button', { name: 'Remove passkey' }).click();
    await page.getByText('Passkey removed').waitFor();
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.reload();
    await page.getByLabel('Vault password').waitFor();
    expect(await page.getByRole('button', { name: 'Unlock with passkey' }).count()).toBe(0);
    await context.close();
  });

  it('says before and after a password change that the passkey stops unlocking, in English and Japanese', async () => {
    const { context, page } = await open({ hasPrf: true });
    const setUp = async (ja: boolean, password: string): Promise<void> => {
      await page.getByLabel(ja ? '現在のパスワード' : 'Current password').fill(password);
      await page.getByRole('button', { name: ja ? 'パスキーを設定' : 'Set up passkey' }).click();
      await page
        .getByText(
          ja
            ? 'この端末ではパスキーで保管庫のロックを解除できます。'
            : 'A passkey unlocks this vault on this device.',
        )
        .waitFor({ timeout: 30_000 });
    };
    const changePassword = async (ja: boolean, from: string, to: string): Promise<void> => {
      await page.getByRole('button', { name: ja ? '設定' : 'Settings' }).click();
      await page.getByRole('button', { name: ja ? 'パスワードを変更' : 'Change password' }).click();
      await page
        .getByRole('status')
        .filter({
          hasText: ja
            ? 'パスワードを変えるとパスキーでのロック解除は無効になります'
            : 'A new password turns that off',
        })
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel(ja ? '現在のパスワード' : 'Current password').fill(from);
      await page.getByLabel(ja ? '新しいパスワード' : 'New password').fill(to);
      await page.getByLabel(ja ? 'パスワード（確認）' : 'Repeat password').fill(to);
      await page.getByRole('button', { name: ja ? 'パスワードを変更' : 'Change password' }).click();
      await page
        .getByRole('status')
        .filter({
          hasText: ja
            ? 'パスキーではロック解除できなくなりました'
            : 'The passkey no longer unlocks the vault',
        })
        .waitFor({ timeout: 30_000 });
    };
    const NEW = 'another horse battery staple';
    await setUp(false, PASSWORD);
    await changePassword(false, PASSWORD, NEW);
    // True to its word: after a reload only the new password opens the vault.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.reload();
    await page.getByLabel('Vault password').waitFor();
    expect(await page.getByRole('button', { name: 'Unlock with passkey' }).count()).toBe(0);
    await unlock(page, NEW);

    // In Japanese: the passkey set up again, then the same warning before and after.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('button', { name: 'パスキーでロック解除' }).click();
    await setUp(true, NEW);
    await changePassword(true, NEW, PASSWORD);
    await context.close();
  });

  // Without a passkey, the password change says nothing about one.
  it('does not mention a passkey when none is set up', async () => {
    const { context, page } = await open(null);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password').waitFor();
    expect(await page.getByText('passkey').count()).toBe(0);
    await context.close();
  });

  it('says so when the authenticator cannot derive keys (no PRF), and changes nothing', async () => {
    const { context, page } = await open({ hasPrf: false });
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set up passkey' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'does not support deriving keys' })
      .waitFor({ timeout: 30_000 });
    expect(await page.getByRole('button', { name: 'Remove passkey' }).count()).toBe(0);
    await context.close();
  });

  it('does not offer it where there is no authenticator', async () => {
    const { context, page } = await open(null);
    await page.getByText('cannot unlock with a passkey').waitFor();
    expect(await page.getByRole('button', { name: 'Set up passkey' }).count()).toBe(0);
    await context.close();
  });
});
