/**
 * Files in and out of the Backup screen: the backup (Aegis's format) warns, in English and Japanese,
 * of MD5 accounts Aegis would show wrong codes for, as the CLI's export does; another app's SQLite
 * database (Google Authenticator's) imports in the browser, sql.js loaded for it, and a database of
 * an app Kakunin does not read is refused in words that name the file and what it is.
 */
import { readFile } from 'node:fs/promises';
import { code, createAccount, decodeBase32 } from '@kakunin/otp';
import { openVault } from '@kakunin/vault';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appURL,
  axeViolations,
  createVault,
  launchBrowser,
  PASSWORD,
  pageProblems,
  plausibleCodes,
  row,
  shownCode,
  watchPage,
} from './support/app.js';

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
  await createVault(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Backup and restore' }).click();
  return { context, page };
}

/** Picks a file on the Backup screen and opens it. */
async function importBytes(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByLabel('Choose file').setInputFiles({ name, mimeType: '', buffer: Buffer.from(bytes) });
  await page.getByRole('button', { name: 'Open' }).click();
}

/** A SQLite database made by SQLite itself: one table, its rows. */
async function database(create: string, insert: string, rows: unknown[][]): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(create);
  for (const r of rows) db.run(insert, r as never[]);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('backup and import files', () => {
  it('warns that Aegis shows wrong codes for MD5 accounts before the backup is downloaded', async () => {
    const { context, page } = await open();
    const warning = page.locator('p.warning');
    expect(await warning.count()).toBe(0);
    const list = [
      'otpauth://totp/IIJ:taro?secret=JBSWY3DPEHPK3PXP&issuer=IIJ&algorithm=MD5',
      'otpauth://totp/GitHub:taro?secret=KRSXG5CTMVRXEZLU&issuer=GitHub',
    ].join('\n');
    await importBytes(page, 'links.txt', new TextEncoder().encode(list));
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'GitHub').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    expect(await warning.textContent()).toBe(
      'Aegis reads MD5 as SHA-1, so if this backup is opened in Aegis it will show wrong codes for: IIJ (taro). Kakunin shows the right ones.',
    );
    expect(await axeViolations(page)).toEqual([]);
    // The backup keeps MD5 (Kakunin reads it right); the warning is about Aegis.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download encrypted backup' }).click(),
    ]);
    const vault = await openVault(await readFile(await download.path(), 'utf8'), PASSWORD);
    expect(vault.entries().map((e) => [e.account.issuer, e.account.algorithm])).toEqual([
      ['IIJ', 'MD5'],
      ['GitHub', 'SHA1'],
    ]);

    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('button', { name: 'バックアップと復元' }).click();
    expect(await warning.textContent()).toContain(
      'このバックアップを Aegis で開くと次のアカウントに正しくないコードが表示されます: IIJ (taro)。',
    );
    await context.close();
  });

  it('imports a Google Authenticator database in the browser, and refuses another app’s database in words', async () => {
    const { context, page } = await open();
    const google = await database(
      'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)',
      'INSERT INTO accounts (email, secret, counter, type, issuer) VALUES (?, ?, ?, ?, ?)',
      [
        ['Example:alice@example.com', 'JBSWY3DPEHPK3PXP', 0, 0, 'Example'],
        ['Bank:bob', 'KUVJJOM753IHTNDSZVCNKL7GII', 50, 1, null],
      ],
    );
    await importBytes(page, 'databases', google);
    await page.getByRole('heading', { name: 'Add these 2 accounts?' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Register' }).click();
    await row(page, 'alice@example.com').waitFor();
    const alice = createAccount({
      secret: decodeBase32('JBSWY3DPEHPK3PXP'),
      issuer: 'Example',
      name: 'alice@example.com',
    });
    expect(plausibleCodes(alice)).toContain(await shownCode(page, 'alice@example.com'));
    const bob = createAccount({
      type: 'hotp',
      secret: decodeBase32('KUVJJOM753IHTNDSZVCNKL7GII'),
      issuer: 'Bank',
      name: 'bob',
      counter: 50n,
    });
    expect(await shownCode(page, 'bob')).toBe(code(bob, 0));

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const notes = await database(
      'CREATE TABLE notes (id INTEGER, body TEXT)',
      'INSERT INTO notes VALUES (?, ?)',
      [[1, 'hello']],
    );
    await importBytes(page, 'notes.db', notes);
    // The package's words: the file, what it is, the code for support; not a generic refusal.
    await page
      .getByRole('alert')
      .filter({
        hasText:
          '"notes.db" is not an export file Kakunin can read. Export the accounts again from the other app',
      })
      .filter({ hasText: 'a SQLite database of an app Kakunin does not read (tables: notes)' })
      .filter({ hasText: '(UNKNOWN_FORMAT)' })
      .waitFor({ timeout: 30_000 });
    expect(pageProblems(page).errors).toEqual([]);
    expect(pageProblems(page).csp).toEqual([]);
    await context.close();
  });
});
