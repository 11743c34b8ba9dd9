/**
 * Groups and favourites: an account put in a group from its screen, filter chips for each group and
 * for favourites, the star pinning an account to the top; the backup holds them the way Aegis does
 * (database version 3, group uuids on the entries, `favorite`), so it opens in Aegis with them.
 * An account's screen opens from the keyboard too (Shift+F10, the context-menu key).
 * Also the icon: a brand icon found by issuer, a lettered tile otherwise, picked or cleared by hand.
 */
import { openVault } from '@kakunin/vault';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAegisFile } from '../../../packages/vault/test/aegis-rules.js';
import { addManually, appURL, createVault, launchBrowser, PASSWORD, row } from './support/app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const issuers = (page: Page) => page.locator('li.account .issuer').allTextContents();

async function setGroup(page: Page, name: string, group: string): Promise<void> {
  await row(page, name).locator('.account-main').click({ button: 'right' });
  await page.getByLabel('Group').fill(group);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
}

describe('groups, favourites and icons', () => {
  it('filters by group, pins favourites, and writes both the way Aegis reads them', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'GitHub', 'octo', 'JBSWY3DPEHPK3PXP');
    await addManually(page, 'Intranet', 'hanako', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWC4TF');
    await addManually(page, 'Bank', 'taro', 'MFRGGZDFMZTWQ2LK');

    // Icons: GitHub's brand icon from simple-icons, a letter for the others.
    await row(page, 'octo').locator('.service-icon svg').waitFor();
    expect(await row(page, 'hanako').locator('.service-icon.letter').textContent()).toBe('I');

    // Groups, set from each account's screen (opened by a right click / long press on its card).
    await setGroup(page, 'octo', 'Work');
    await setGroup(page, 'hanako', 'Work');
    await setGroup(page, 'taro', 'Home');
    await page.getByRole('button', { name: 'Work', exact: true }).click();
    expect(await issuers(page)).toEqual(['GitHub', 'Intranet']);
    await page.getByRole('button', { name: 'Home', exact: true }).click();
    expect(await issuers(page)).toEqual(['Bank']);
    await page.getByRole('button', { name: 'All', exact: true }).click();

    // The star pins Bank above the others and adds a Favourites filter.
    await page.getByRole('button', { name: 'Favourite: Bank' }).click();
    await expect.poll(() => issuers(page)).toEqual(['Bank', 'GitHub', 'Intranet']);
    expect(await page.getByRole('button', { name: 'Favourite: Bank' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await page.getByRole('button', { name: 'Favourites', exact: true }).click();
    expect(await issuers(page)).toEqual(['Bank']);
    await page.getByRole('button', { name: 'All', exact: true }).click();

    // The backup: Aegis's group uuids and favourite flag, and every Aegis reading rule.
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Backup and restore' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download encrypted backup' }).click(),
    ]);
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const backup = Buffer.concat(chunks).toString('utf8');
    checkAegisFile(backup, PASSWORD);
    const vault = await openVault(backup, PASSWORD);
    expect(vault.groups()).toEqual(['Work', 'Home']);
    expect(vault.entries().map((e) => [e.account.issuer, e.account.group, e.favorite])).toEqual([
      ['GitHub', 'Work', false],
      ['Intranet', 'Work', false],
      ['Bank', 'Home', true],
    ]);
    await context.close();
  });

  it('opens an account from the keyboard: Shift+F10 or the context-menu key on its card; Enter still copies', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'Keyboard', 'yuki', 'JBSWY3DPEHPK3PXP');
    const card = row(page, 'yuki').locator('.account-main');
    const group = page.getByLabel('Group');
    for (const key of ['Shift+F10', 'ContextMenu']) {
      await card.focus();
      await page.keyboard.press(key);
      await group.waitFor();
      expect(await page.getByRole('heading', { level: 2 }).textContent()).toContain('Keyboard');
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await card.waitFor();
    }
    // Enter on the focused card copies the code and stays on the list.
    await card.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    expect(await group.count()).toBe(0);
    await context.close();
  });

  it('lets the person pick a brand icon or a letter, stored as the entry icon', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(appURL());
    await createVault(page);
    await addManually(page, 'Intranet', 'hanako', 'JBSWY3DPEHPK3PXP');
    await row(page, 'hanako').locator('.account-main').click({ button: 'right' });
    await page.getByText('Change icon').click();
    await page.getByLabel('Find an icon').fill('gitl');
    await page.getByRole('button', { name: 'GitLab', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    const icon = row(page, 'hanako').locator('img.service-icon');
    expect(await icon.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // Cleared back to automatic: the letter again.
    await row(page, 'hanako').locator('.account-main').click({ button: 'right' });
    await page.getByText('Change icon').click();
    await page.getByRole('button', { name: 'Automatic (by issuer)' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await row(page, 'hanako').locator('.service-icon.letter').textContent()).toBe('I');
    await context.close();
  });
});
