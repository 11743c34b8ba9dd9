/**
 * What is stored and how it fails safely: a full quota, a damaged stored vault, the encrypted
 * backup (opened in Node with @kakunin/vault, then restored on another browser), importing another
 * app's file, exporting everything as migration pages, and changing the password.
 */
import { readFile } from 'node:fs/promises';
import { decodeQRCodes } from '@kakunin/interop';
import { code, createAccount, decodeBase32, decodeMigrationURI } from '@kakunin/otp';
import { openVault } from '@kakunin/vault';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addManually,
  appURL,
  createVault,
  launchBrowser,
  PASSWORD,
  pageProblems,
  plausibleCodes,
  row,
  shownCode,
  unlock,
  watchPage,
} from './support/app.js';

const KEY = 'JBSWY3DPEHPK3PXP';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  watchPage(page);
  await page.goto(appURL());
  return { context, page };
}

/** Overwrites one of the stored vault copies in IndexedDB, as a crash or a bad disk might. */
function damage(page: Page, key: 'vault' | 'previous'): Promise<void> {
  return page.evaluate(
    (k) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('kakunin');
        req.onsuccess = () => {
          const tx = req.result.transaction('files', 'readwrite');
          tx.objectStore('files').put({ text: '{"version":1,"header":{"slots":[', savedAt: 0 }, k);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    key,
  );
}

describe('storage, backup and restore', () => {
  it('says the storage is full and keeps what was saved', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addManually(page, 'Saved', 'first', KEY);
    // Storage refuses the next write of the vault the way a full disk does (QuotaExceededError).
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (key === 'vault') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.call(this, value, key);
      };
    });
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByRole('menuitem', { name: 'Enter key manually' }).click();
    await page.getByLabel('Issuer').fill('Too Much');
    await page.getByLabel('Key').fill(KEY);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    // Not in the list either: what is shown matches what is stored.
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await row(page, 'Too Much').count()).toBe(0);
    await page.reload();
    await unlock(page);
    await row(page, 'Saved').waitFor();
    expect(await row(page, 'Too Much').count()).toBe(0);
    await context.close();
  });

  it('opens the previous copy when the latest is damaged, and says so when both are', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addManually(page, 'Before', 'one', KEY);
    await addManually(page, 'Latest', 'two', KEY);
    await damage(page, 'vault');
    await page.reload();
    await unlock(page);
    await page.getByRole('alert').filter({ hasText: 'previous copy was opened' }).waitFor();
    await row(page, 'Before').waitFor();

    await damage(page, 'previous');
    await page.reload();
    await page.getByLabel('Vault password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'is damaged and cannot be opened' })
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Restore from a backup file' }).waitFor();
    expect(pageProblems(page).errors).toEqual([]);
    await context.close();
  });

  it('downloads an encrypted backup that @kakunin/vault opens, and restores it on another browser', async () => {
    const { context, page } = await open();
    await createVault(page);
    await addManually(page, 'Backed Up', 'carol', KEY);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download encrypted backup' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^kakunin-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text).not.toContain(KEY);
    const vault = await openVault(text, PASSWORD);
    expect(vault.entries().map((e) => [e.account.issuer, e.account.name])).toEqual([['Backed Up', 'carol']]);
    await context.close();

    const other = await open();
    await other.page.getByRole('button', { name: 'Restore from a backup file' }).click();
    await other.page
      .getByLabel('Choose file')
      .setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await other.page.getByLabel('Vault password').fill('wrong password');
    await other.page.getByRole('button', { name: 'Restore' }).click();
    await other.page.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor({ timeout: 30_000 });
    await other.page.getByLabel('Vault password').fill(PASSWORD);
    await other.page.getByRole('button', { name: 'Restore' }).click();
    await row(other.page, 'Backed Up').waitFor({ timeout: 30_000 });
    const account = vault.entries()[0]!.account;
    expect(plausibleCodes(account)).toContain(await shownCode(other.page, 'Backed Up'));
    await other.context.close();
  });

  it('imports another app’s file, exports all as migration pages, and changes the password', async () => {
    const { context, page } = await open();
    await createVault(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const list = [
      'otpauth://totp/GitHub:dave?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
      'otpauth://hotp/Bank:dave?secret=KRSXG5CTMVRXEZLU&issuer=Bank&counter=5',
    ].join('\n');
    await page
      .getByLabel('Choose file')
      .setInputFiles({ name: 'links.txt', mimeType: 'text/plain', buffer: Buffer.from(list) });
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('heading', { name: 'Add these 2 accounts?' }).waitFor();
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'GitHub').waitFor();

    // HOTP: the next-code button advances the counter.
    const bank = createAccount({
      type: 'hotp',
      secret: decodeBase32('KRSXG5CTMVRXEZLU'),
      issuer: 'Bank',
      name: 'dave',
      counter: 5n,
    });
    expect(await shownCode(page, 'Bank')).toBe(code(bank, 0));
    await row(page, 'Bank').getByRole('button', { name: 'Next code' }).click();
    await expect.poll(() => shownCode(page, 'Bank')).toBe(code({ ...bank, counter: 6n }, 0));

    // Search and order.
    await page.getByRole('searchbox', { name: 'Search' }).fill('git');
    expect(await page.locator('li.account').count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByLabel('Order').selectOption('issuer');
    expect(await page.locator('li.account .issuer').allTextContents()).toEqual(['Bank', 'GitHub']);

    // Export all: migration pages that decode to the same accounts.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Move to a new device' }).click();
    await page.getByRole('button', { name: 'This is the old device' }).click();
    await page.getByRole('button', { name: 'Export all accounts' }).click();
    const qr = page.getByRole('img', { name: '1 of 1' });
    await qr.locator('svg').waitFor();
    // One page: no page count and no paging buttons to sit there disabled.
    expect(await page.getByRole('button', { name: /Previous page|Next page/ }).count()).toBe(0);
    expect(await page.getByText('1 of 1', { exact: true }).count()).toBe(0);
    const png = await qr.screenshot();
    const [uri] = await decodeQRCodes(png);
    const decoded = decodeMigrationURI(uri!);
    expect(decoded.accounts.map((a) => a.issuer).sort()).toEqual(['Bank', 'GitHub']);
    await page.getByRole('button', { name: 'Close' }).click();

    // Change password, then the new one unlocks and the old one does not.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password').fill('a brand new long passphrase');
    await page.getByLabel('Repeat password').fill('a brand new long passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor({ timeout: 30_000 });
    await page.reload();
    await page.getByLabel('Vault password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor({ timeout: 30_000 });
    await unlock(page, 'a brand new long passphrase');
    await row(page, 'GitHub').waitFor();
    expect(pageProblems(page).csp).toEqual([]);
    await context.close();
  });

  it('locks itself after the chosen time without activity', async () => {
    const context = await browser.newContext();
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Lock after inactivity').selectOption('1');
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.clock.runFor(30_000);
    expect(await page.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    await page.clock.runFor(35_000);
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    await context.close();
  });
});
