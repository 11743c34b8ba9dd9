/**
 * A "phone": the authenticator app in its own persistent Chromium profile, whose camera shows
 * whatever picture the test points it at. Pointing the camera elsewhere relaunches the profile
 * (Chromium reads the fake camera file only at start); the vault in IndexedDB stays.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { firstPage, launchPhone, relaunchPhone, writePNGVideo } from '@kakunin/test-support';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type MessageKey as AppKey, en } from '../../apps/authenticator/src/i18n/en.js';
import { loadCatalogue, tnIn } from '../../apps/authenticator/src/i18n/i18n.js';
import { ja } from '../../apps/authenticator/src/i18n/ja.js';

// The app loads its catalogues on demand; the plural forms below need both.
await Promise.all([loadCatalogue('en'), loadCatalogue('ja')]);

export type PhoneTexts = Readonly<Record<AppKey, string>>;

/**
 * The accessible names of the English UI, kept literal here so that renaming them
 * in the app fails this test; everything else comes from the app's own catalogues.
 */
export const PHONE_EN: PhoneTexts = {
  ...en,
  vaultPassword: 'Vault password',
  repeatPassword: 'Repeat password',
  createVault: 'Create vault',
  unlock: 'Unlock',
  addAccount: 'Add account',
  scanQR: 'Scan QR code',
  importImage: 'Import image',
  enterKeyManually: 'Enter key manually',
  register: 'Register',
  settings: 'Settings',
};
export const PHONE_JA: PhoneTexts = ja;

/** A phone-sized window, small enough for the README's screenshots. */
const PHONE_VIEWPORT = { width: 420, height: 640 };

export class Phone {
  private context: BrowserContext | undefined;
  private cameraFile: string | undefined;
  private pictures = 0;
  page!: Page;

  constructor(
    private readonly dir: string,
    private readonly appURL: string,
    readonly t: PhoneTexts = PHONE_EN,
    private readonly locale = 'en-US',
  ) {
    mkdirSync(dir, { recursive: true });
  }

  private options() {
    return {
      profileDir: join(this.dir, 'profile'),
      cameraFile: this.cameraFile,
      locale: this.locale,
      viewport: PHONE_VIEWPORT,
    };
  }

  /** Opens the app (first launch, or again after the camera changed). */
  async open(): Promise<Page> {
    this.context = this.context
      ? await relaunchPhone(this.context, this.options())
      : await launchPhone(this.options());
    this.page = await firstPage(this.context);
    await this.page.goto(this.appURL);
    return this.page;
  }

  /** Points the camera at a picture (PNG, e.g. a screenshot of a QR code) and reopens the app. */
  async pointCameraAt(png: Uint8Array): Promise<Page> {
    this.pictures += 1;
    this.cameraFile = await writePNGVideo(join(this.dir, `camera-${this.pictures}.y4m`), png);
    return this.open();
  }

  async createVault(password: string): Promise<void> {
    const texts = this.t;
    await this.page.getByLabel(texts.vaultPassword, { exact: true }).fill(password);
    await this.page.getByLabel(texts.repeatPassword, { exact: true }).fill(password);
    await this.page.getByRole('button', { name: texts.createVault }).click();
    await this.page.getByRole('button', { name: texts.addAccount }).waitFor();
  }

  async unlock(password: string): Promise<void> {
    await this.page.getByLabel(this.t.vaultPassword, { exact: true }).fill(password);
    await this.page.getByRole('button', { name: this.t.unlock, exact: true }).click();
    await this.page.getByRole('button', { name: this.t.addAccount }).waitFor();
  }

  /** [+] → Scan QR code; resolves when the camera has read a code and the confirmation shows. */
  async startScan(): Promise<Locator> {
    await this.page.getByRole('button', { name: this.t.addAccount }).click();
    await this.page.getByRole('menuitem', { name: this.t.scanQR }).click();
    const register = this.page.getByRole('button', { name: this.t.register, exact: true });
    await register.waitFor({ timeout: 30_000 });
    return register;
  }

  /** A message with a count, in the app's own singular/plural forms for this phone's language. */
  tn(key: AppKey, n: number): string {
    return tnIn(this.locale.startsWith('ja') ? 'ja' : 'en', key, n);
  }

  private button(key: AppKey) {
    return this.page.getByRole('button', { name: this.t[key], exact: true });
  }

  /** Gear → a settings entry (e.g. 'registeredServices', 'moveDevice'). */
  async openSettings(entry: AppKey): Promise<void> {
    await this.button('settings').click();
    await this.button(entry).click();
  }

  /** Back to the code list with the screens' own Close and Back buttons. */
  async backToList(): Promise<void> {
    const list = this.page.locator('section.code-list');
    for (let i = 0; i < 6 && !(await list.isVisible()); i++) {
      const close = this.button('close');
      await ((await close.isVisible()) ? close : this.button('back')).click();
    }
    await list.waitFor();
  }

  /** Settings → Registered services → the account. */
  async openService(issuer: string, name: string): Promise<void> {
    await this.openSettings('registeredServices');
    await this.page
      .locator('.service-row')
      .filter({ hasText: issuer })
      .filter({ hasText: name })
      .locator('.row-button')
      .click();
  }

  /** The account's Export QR code (Settings → Registered services → the account → Export). */
  async exportQR(issuer: string, name: string): Promise<Uint8Array> {
    await this.openService(issuer, name);
    await this.button('export').click();
    return this.qrScreenshot();
  }

  /** Deletes an account with its trash icon, confirming the warning. */
  async deleteAccount(issuer: string, name: string): Promise<void> {
    await this.openService(issuer, name);
    await this.page.getByRole('button', { name: this.t.delete, exact: true }).click();
    await this.page
      .getByRole('dialog')
      .getByRole('button', { name: this.t.deleteConfirm, exact: true })
      .click();
    await this.page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  /** The row of an account in the code list. */
  row(issuer: string, name: string): Locator {
    return this.page.locator('li.account').filter({ hasText: issuer }).filter({ hasText: name });
  }

  /** The code an account shows now, digits only. */
  async code(issuer: string, name: string): Promise<string> {
    const text = await this.row(issuer, name).locator('.code').textContent();
    return (text ?? '').replace(/\D/g, '');
  }

  /** A PNG of the QR code currently on screen (an element screenshot, as a person would photograph). */
  async qrScreenshot(): Promise<Uint8Array> {
    const qr = this.page.locator('.qr svg').first();
    await qr.waitFor();
    return new Uint8Array(await this.page.locator('.qr').first().screenshot());
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
  }
}
