/**
 * Scanning with a fake camera (Chromium plays a Y4M file as the camera): a service's otpauth QR
 * code (also registered after a first save fails), and a three-page Google Authenticator export scanned
 * one page per launch of the same phone.
 */
import { rm, writeFile } from 'node:fs/promises';
import { type Account, createAccount, decodeBase32, encodeMigrationURIs, formatKeyURI } from '@kakunin/otp';
import { encodeY4M, qrFrame, writeQRVideo } from '@kakunin/test-support';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addMenu,
  createVault,
  openPhone,
  plausibleCodes,
  row,
  shownCode,
  temporaryPhones,
  unlock,
} from './support/app.js';

const { phoneDir, later } = temporaryPhones();

/** A new phone whose camera shows `text` as a QR code: vault created, scanning. */
async function scanOnNewPhone(text: string): Promise<{ context: BrowserContext; page: Page }> {
  const dir = await phoneDir();
  const camera = await writeQRVideo(`${dir}-camera.y4m`, text);
  later(() => rm(camera, { force: true }));
  const phone = await openPhone(dir, camera);
  later(() => phone.context.close());
  await createVault(phone.page);
  await addMenu(phone.page, 'Scan QR code');
  return phone;
}

describe('scanning QR codes with the camera', () => {
  it('scans a service QR code, lets the names be edited, registers it and shows the right code', async () => {
    const account = createAccount({
      secret: decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
      issuer: 'Cybozu',
      name: 'taro@example.jp',
      algorithm: 'SHA256',
      digits: 8,
    });
    const { context, page } = await scanOnNewPhone(formatKeyURI(account));
    // The confirmation screen shows what was scanned, editable.
    await page.getByRole('button', { name: 'Register' }).waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Issuer').inputValue()).toBe('Cybozu');
    expect(await page.getByLabel('Account', { exact: true }).inputValue()).toBe('taro@example.jp');
    await page.getByLabel('Account', { exact: true }).fill('taro (work)');
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'taro (work)').waitFor();
    expect(await row(page, 'taro (work)').locator('.code').textContent()).toMatch(/^\d{4} \d{4}$/);
    expect(plausibleCodes(account)).toContain(await shownCode(page, 'taro (work)'));
    await context.close();
  });

  it('keeps Register usable on the scanned account after saving fails, and registers it on the next try', async () => {
    const account = createAccount({
      secret: decodeBase32('JBSWY3DPEHPK3PXP'),
      issuer: 'Retry',
      name: 'kenji',
    });
    const { context, page } = await scanOnNewPhone(formatKeyURI(account));
    const register = page.getByRole('button', { name: 'Register' });
    await register.waitFor({ timeout: 30_000 });
    // Storage refuses the first write of the vault the way a full disk does, then works again.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        if (key !== 'vault') return put.call(this, value, key);
        IDBObjectStore.prototype.put = put;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await register.click();
    await page.getByRole('alert').filter({ hasText: 'storage is full' }).waitFor();
    // Still on the scanned account, Register enabled: the second press saves it.
    expect(await page.getByLabel('Issuer').inputValue()).toBe('Retry');
    expect(await register.isEnabled()).toBe(true);
    await register.click();
    await row(page, 'kenji').waitFor();
    expect(await page.locator('li.account').count()).toBe(1);
    expect(plausibleCodes(account)).toContain(await shownCode(page, 'kenji'));
    await context.close();
  });

  it('adds a three-page migration export, asking for the pages still missing', async () => {
    const dir = await phoneDir();
    const accounts: Account[] = Array.from({ length: 6 }, (_, i) =>
      createAccount({
        secret: new Uint8Array(20).map((_, j) => (i * 31 + j * 7) & 0xff),
        issuer: `Service ${i + 1}`,
        name: `user${i + 1}@example.com`,
      }),
    );
    const { uris } = encodeMigrationURIs(accounts, { perQR: 2, batchId: 4242 });
    expect(uris).toHaveLength(3);
    const video = (i: number): Promise<string> => {
      const path = `${dir}-page${i + 1}.y4m`;
      later(() => rm(path, { force: true }));
      return writeFile(path, encodeY4M([qrFrame(uris[i]!)])).then(() => path);
    };

    // Page 1 on the first launch.
    let { context, page } = await openPhone(dir, await video(0));
    await createVault(page);
    await addMenu(page, 'Scan QR code');
    await page.getByText('Export page 1 of 3.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Scan the remaining pages: 2, 3.').waitFor();
    await context.close();

    // Page 3 next (any order), on a relaunch of the same phone.
    ({ context, page } = await openPhone(dir, await video(2)));
    await unlock(page);
    await page.getByText('Scan the remaining pages: 2, 3.').waitFor();
    await page.getByRole('button', { name: 'Scan next page' }).click();
    await page.getByText('Export page 3 of 3.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Scan the remaining pages: 2.').waitFor();
    await context.close();

    ({ context, page } = await openPhone(dir, await video(1)));
    later(() => context.close());
    await unlock(page);
    await page.getByRole('button', { name: 'Scan next page' }).click();
    await page.getByText('Export page 2 of 3.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('All 3 pages are in.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Scan next page' }).count()).toBe(0);
    expect(await page.locator('li.account').count()).toBe(6);
    for (const a of accounts) expect(plausibleCodes(a)).toContain(await shownCode(page, a.name));
    await context.close();
  });
});
