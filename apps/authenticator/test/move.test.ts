/**
 * Moving to a new phone: the old phone exports an account's QR code, the new phone scans it (its
 * camera plays a screenshot of the old phone's screen) and shows the same code, then shows its
 * confirmation QR; the old phone scans that, learns what arrived and what did not, and deletes
 * what arrived.
 */
import { rm } from 'node:fs/promises';
import { writePNGVideo } from '@kakunin/test-support';
import { describe, expect, it } from 'vitest';
import {
  addManually,
  addMenu,
  createVault,
  openPhone,
  row,
  shownCode,
  temporaryPhones,
  unlock,
} from './support/app.js';

const { phoneDir, later } = temporaryPhones();

describe('moving to a new device', () => {
  it('exports, scans on a second phone, confirms the move with the receipt, and deletes on the first', async () => {
    const oldDir = await phoneDir();
    const newDir = await phoneDir();

    // Old phone: two accounts; the person exports one of them.
    let old = await openPhone(oldDir);
    await createVault(old.page);
    await addManually(old.page, 'Kintone', 'hanako', 'JBSWY3DPEHPK3PXP');
    await addManually(old.page, 'Left Behind', 'jiro', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWC4TF');
    await old.page.getByRole('button', { name: 'Settings' }).click();
    await old.page.getByRole('button', { name: 'Registered services' }).click();
    await old.page.getByRole('button', { name: 'Kintone hanako' }).click();
    await old.page.getByRole('button', { name: 'Export' }).click();
    await old.page.getByRole('note').filter({ hasText: 'contains the secret key' }).waitFor();
    const qr = old.page.getByRole('img', { name: 'Kintone (hanako)' });
    await qr.locator('svg').waitFor();
    const exportVideo = await writePNGVideo(`${oldDir}-export.y4m`, await qr.screenshot());
    later(() => rm(exportVideo, { force: true }));
    await old.context.close();

    // New phone scans it and shows the same code as the old one.
    const fresh = await openPhone(newDir, exportVideo);
    later(() => fresh.context.close());
    await createVault(fresh.page);
    await addMenu(fresh.page, 'Scan QR code');
    await fresh.page.getByRole('button', { name: 'Register' }).click({ timeout: 30_000 });
    await row(fresh.page, 'hanako').waitFor();
    // New phone: the confirmation QR.
    await fresh.page.getByRole('button', { name: 'Settings' }).click();
    await fresh.page.getByRole('button', { name: 'Move to a new device' }).click();
    await fresh.page.getByRole('button', { name: 'This is the new device' }).click();
    await fresh.page.getByRole('button', { name: 'Show confirmation QR' }).click();
    await fresh.page.getByText('the 1 account here').waitFor();
    const receipt = fresh.page.getByRole('img', { name: 'Confirmation QR' });
    await receipt.locator('svg').waitFor();
    const receiptVideo = await writePNGVideo(`${oldDir}-receipt.y4m`, await receipt.screenshot());
    later(() => rm(receiptVideo, { force: true }));

    // Old phone again, its camera now showing the new phone's receipt.
    old = await openPhone(oldDir, receiptVideo);
    later(() => old.context.close());
    await unlock(old.page);
    // Same code on both phones.
    const typedCode = (await fresh.page.locator('[data-receipt-code]').textContent()) ?? '';
    expect(typedCode).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    await fresh.page.getByRole('button', { name: 'Close' }).click();
    await fresh.page.getByRole('button', { name: 'Back', exact: true }).click();
    await fresh.page.getByRole('button', { name: 'Back', exact: true }).click();
    await fresh.page.getByRole('button', { name: 'Back', exact: true }).click();
    await row(fresh.page, 'hanako').waitFor();
    // (Polled only because a period may roll over between the two reads.)
    await expect
      .poll(async () => (await shownCode(old.page, 'hanako')) === (await shownCode(fresh.page, 'hanako')), {
        timeout: 3000,
      })
      .toBe(true);

    await old.page.getByRole('button', { name: 'Settings' }).click();
    await old.page.getByRole('button', { name: 'Move to a new device' }).click();
    await old.page.getByRole('button', { name: 'This is the old device' }).click();
    // The typed code confirms the whole set only: one account is missing, so it does not match.
    await old.page.getByLabel('Confirmation code').fill(typedCode.toLowerCase());
    await old.page.getByRole('button', { name: 'Check code' }).click();
    await old.page.getByRole('alert').filter({ hasText: 'The code does not match' }).waitFor();
    await old.page.getByRole('button', { name: 'Scan confirmation QR' }).click();
    await old.page.getByText('1 of 2 accounts did not arrive').waitFor({ timeout: 30_000 });
    expect(await old.page.locator('ul.missing li').allTextContents()).toEqual(['Left Behind (jiro)']);
    await old.page.getByRole('button', { name: 'Delete the 1 account that arrived' }).click();
    const dialog = old.page.getByRole('dialog');
    await dialog.getByText('The new device has these accounts').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await row(old.page, 'jiro').waitFor();
    expect(await row(old.page, 'hanako').count()).toBe(0);

    // The last account goes with the trash icon, after the warning.
    await old.page.getByRole('button', { name: 'Settings' }).click();
    await old.page.getByRole('button', { name: 'Registered services' }).click();
    await old.page.getByRole('button', { name: 'Left Behind jiro' }).click();
    await old.page.getByRole('button', { name: 'Delete' }).click();
    await old.page
      .getByRole('dialog')
      .getByText('Delete only after your new device shows the same codes')
      .waitFor();
    await old.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await old.page.getByText('Deleted Left Behind (jiro).').waitFor();
    await old.page.reload();
    await unlock(old.page);
    expect(await old.page.locator('li.account').count()).toBe(0);
  });
});

describe('confirming a move without a camera', () => {
  it('confirms from a screenshot of the confirmation QR, and by the typed code', async () => {
    const newDir = await phoneDir();
    const oldDir = await phoneDir();
    const keys = [
      ['Kintone', 'hanako', 'JBSWY3DPEHPK3PXP'],
      ['Example', 'taro', 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWC4TF'],
    ] as const;
    // The new device already holds both accounts (as after scanning the export).
    const fresh = await openPhone(newDir);
    later(() => fresh.context.close());
    await createVault(fresh.page);
    for (const [issuer, name, key] of keys) await addManually(fresh.page, issuer, name, key);
    await fresh.page.getByRole('button', { name: 'Settings' }).click();
    await fresh.page.getByRole('button', { name: 'Move to a new device' }).click();
    await fresh.page.getByRole('button', { name: 'This is the new device' }).click();
    // Only the new device's steps are offered.
    expect(await fresh.page.getByRole('button', { name: 'Export all accounts' }).count()).toBe(0);
    await fresh.page.getByRole('button', { name: 'Show confirmation QR' }).click();
    const receipt = fresh.page.getByRole('img', { name: 'Confirmation QR' });
    await receipt.locator('svg').waitFor();
    const image = await receipt.screenshot();
    const typed = (await fresh.page.locator('[data-receipt-code]').textContent()) ?? '';

    const old = await openPhone(oldDir);
    later(() => old.context.close());
    await createVault(old.page);
    for (const [issuer, name, key] of keys) await addManually(old.page, issuer, name, key);
    // From an image, through the ordinary "Import image": it is recognised as a confirmation.
    await addMenu(old.page, 'Import image');
    await old.page
      .locator('input[type=file]')
      .setInputFiles({ name: 'confirmation.png', mimeType: 'image/png', buffer: image });
    await old.page.getByText('All 2 accounts arrived intact').waitFor({ timeout: 30_000 });
    expect(await old.page.getByText('KAKUNIN-RECEIPT').count()).toBe(0);

    // By the typed code, spaced and in lower case as people type it.
    await old.page.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await old.page.getByRole('button', { name: 'Show confirmation QR' }).count()).toBe(0);
    await old.page.getByLabel('Confirmation code').fill(` ${typed.toLowerCase().replace('-', ' ')} `);
    await old.page.getByRole('button', { name: 'Check code' }).click();
    await old.page.getByText('All 2 accounts arrived intact').waitFor();
    await old.page.getByRole('button', { name: 'Delete the 2 accounts that arrived' }).waitFor();
  });
});
