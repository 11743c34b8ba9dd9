/**
 * A person using the sign-in service in their own browser context, finding fields and buttons by
 * the names the service's own message catalogue gives them (English or Japanese).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en, type MessageKey } from '../../apps/server/src/i18n/messages-en.js';

export type { MessageKey };

import { ja } from '../../apps/server/src/i18n/messages-ja.js';

export type ServiceTexts = Readonly<Record<MessageKey, string>>;
export const SERVICE_TEXTS: { en: ServiceTexts; ja: ServiceTexts } = { en, ja };

export class ServiceUser {
  private context: BrowserContext | undefined;
  page!: Page;

  constructor(
    protected readonly browser: Browser,
    protected readonly serviceURL: string,
    readonly username: string,
    public password: string,
    readonly t: ServiceTexts = en,
    protected readonly locale = 'en-US',
  ) {}

  /** Opens the person's browser window (a fresh one: no cookies). */
  async open(): Promise<Page> {
    await this.context?.close();
    this.context = await this.browser.newContext({
      locale: this.locale,
      viewport: { width: 800, height: 600 },
    });
    this.page = await this.context.newPage();
    return this.page;
  }

  private button(key: MessageKey) {
    return this.page.getByRole('button', { name: this.t[key], exact: true });
  }

  /** Username and password on the sign-in page; the caller checks where it leads. */
  async signIn(): Promise<void> {
    if (!this.context) await this.open();
    await this.page.goto(`${this.serviceURL}/sign-in`);
    await this.page.getByLabel(this.t['common.username'], { exact: true }).fill(this.username);
    await this.page.getByLabel(this.t['common.password'], { exact: true }).fill(this.password);
    await this.button('signIn.submit').click();
    await this.page.waitForLoadState();
  }

  /** Types a code into the page's authentication-code field and submits it with `submit`. */
  async enterCode(code: string, submit: MessageKey = 'code.submit'): Promise<void> {
    await this.page.getByLabel(this.t['common.code'], { exact: true }).fill(code);
    await this.button(submit).click();
    await this.page.waitForLoadState();
  }

  async signOut(): Promise<void> {
    await this.button('nav.signOut').click();
    await this.page.getByRole('heading', { name: this.t['signIn.title'], exact: true }).waitFor();
  }

  /** Account settings → Enable (or Register a new key): the registration dialog with its QR code. */
  async openEnrollment(key: MessageKey = 'tf.enable'): Promise<void> {
    await this.page.goto(`${this.serviceURL}/account`);
    await this.button(key).click();
    await this.page.locator('.qr svg').waitFor();
  }

  /** A screenshot of the registration QR code alone, as a phone camera would see it. */
  async qrScreenshot(): Promise<Uint8Array> {
    return new Uint8Array(await this.page.locator('.qr').first().screenshot());
  }

  /** The recovery codes page's codes. */
  async recoveryCodes(): Promise<string[]> {
    const items = this.page.getByRole('list', { name: this.t['codes.listLabel'] }).getByRole('listitem');
    return (await items.allTextContents()).map((text) => text.trim());
  }

  /** The page's error line (role=alert), or null. */
  async errorText(): Promise<string | null> {
    const errors = this.page.locator('.error-summary li');
    return (await errors.count()) > 0 ? errors.first().textContent() : null;
  }

  /** The page's confirmation line (role=status), or null. */
  async noticeText(): Promise<string | null> {
    const status = this.page.locator('main [role="status"]');
    return (await status.count()) > 0 ? status.first().textContent() : null;
  }

  heading() {
    return this.page.getByRole('heading', { level: 1 });
  }

  async close(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
  }
}

/** An administrator: the same person, with the console's actions. */
export class ServiceAdmin extends ServiceUser {
  async setPolicy(policy: 'off' | 'allowed' | 'required'): Promise<void> {
    await this.page.goto(`${this.adminURL()}/settings`);
    await this.page.getByLabel(this.t[`admin.policy.${policy}`], { exact: true }).check();
    await this.page.getByRole('button', { name: this.t['admin.save'], exact: true }).click();
    await this.page.getByText(this.t['admin.saved']).waitFor();
  }

  /**
   * Creates a user, who gets a one-time password; then that person's first sign-in (in a browser of
   * their own) replaces it with `password`.
   */
  async createUser(username: string, password: string): Promise<void> {
    await this.page.goto(`${this.adminURL()}/users`);
    await this.page.getByLabel(this.t['common.username'], { exact: true }).fill(username);
    await this.page.getByRole('button', { name: this.t['admin.create'], exact: true }).click();
    const [before, after] = this.t['admin.createdOneTime']
      .replace('{username}', username)
      .split('{password}');
    const literal = (text = '') => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const shown = new RegExp(`${literal(before)}([a-z2-9-]+)${literal(after)}`);
    const notice = this.page.getByText(shown);
    await notice.waitFor();
    const oneTime = shown.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    const person = new ServiceUser(this.browser, this.serviceURL, username, oneTime, this.t, this.locale);
    await person.signIn();
    await person.page.getByLabel(this.t['account.currentPassword'], { exact: true }).fill(oneTime);
    await person.page.getByLabel(this.t['account.newPassword'], { exact: true }).fill(password);
    await person.page.getByRole('button', { name: this.t['account.changePassword'], exact: true }).click();
    await person.page.getByText(this.t['account.passwordChanged']).waitFor();
    await person.close();
  }

  async resetTwoFactor(username: string): Promise<void> {
    await this.page.goto(`${this.adminURL()}/users/${encodeURIComponent(username)}`);
    // The link leads to the confirmation step, whose button does it.
    await this.page.getByRole('link', { name: this.t['admin.resetTwoFactor'], exact: true }).click();
    await this.page.getByRole('button', { name: this.t['admin.resetTwoFactor'], exact: true }).click();
    await this.page.getByText(this.t['admin.twoFactorReset'].replace('{username}', username)).waitFor();
  }

  private adminURL(): string {
    return `${this.serviceURL}/admin`;
  }
}
