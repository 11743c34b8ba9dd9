/**
 * Everything the scenario's people share: the running servers, one browser for the service's pages,
 * the phones, and which time step each user's key was last accepted in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '@kakunin/test-support';
import type { Browser } from 'playwright-core';
import { type Announced, freePort, type Launched, startKakunin, stopKakunin } from './launcher.js';
import { PHONE_JA, Phone } from './phone.js';
import { type MessageKey, SERVICE_TEXTS, ServiceAdmin, ServiceUser } from './service.js';
import { waitForFreshStep } from './timing.js';

export class World {
  private dir = '';
  private kakunin: (Launched & Announced) | undefined;
  browser!: Browser;
  readonly phones: Phone[] = [];
  /** The last time step each user's current key was accepted in (a code is good once per step). */
  private readonly lastStep = new Map<string, number>();
  /** The issuer the service's QR codes carry, as the authenticator shows it. */
  issuer = '';

  /** Starts the launcher on free ports and a fresh data directory, and a browser. */
  async start(adminPassword: string): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'kakunin-scenario-'));
    this.kakunin = await startKakunin({
      PORT: String(await freePort()),
      AUTHENTICATOR_PORT: String(await freePort()),
      KAKUNIN_DATA_DIR: join(this.dir, 'data'),
      KAKUNIN_ADMIN_PASSWORD: adminPassword,
    });
    this.browser = await launchBrowser();
  }

  get serviceURL(): string {
    return this.kakunin!.serviceURL;
  }

  /** A person at the service, in English or Japanese. */
  user(username: string, password: string, lang: 'en' | 'ja' = 'en'): ServiceUser {
    return new ServiceUser(
      this.browser,
      this.serviceURL,
      username,
      password,
      SERVICE_TEXTS[lang],
      locale(lang),
    );
  }

  admin(password: string, lang: 'en' | 'ja' = 'en'): ServiceAdmin {
    return new ServiceAdmin(
      this.browser,
      this.serviceURL,
      'admin',
      password,
      SERVICE_TEXTS[lang],
      locale(lang),
    );
  }

  /** A new phone (its own profile) running the authenticator app. */
  phone(name: string, lang: 'en' | 'ja' = 'en'): Phone {
    const dir = join(this.dir, name);
    const created =
      lang === 'ja'
        ? new Phone(dir, this.kakunin!.appURL, PHONE_JA, locale(lang))
        : new Phone(dir, this.kakunin!.appURL);
    this.phones.push(created);
    return created;
  }

  /**
   * Reads the code `device` shows for `user` and types it: into the sign-in page (`code.submit`),
   * or into a registration dialog (a new key, which no step has been accepted for yet). Sign-in
   * waits for a time step the service has not yet accepted this key in.
   */
  async typeCodeFrom(device: Phone, user: ServiceUser, submit: MessageKey = 'code.submit'): Promise<string> {
    const newKey = submit !== 'code.submit';
    const step = await waitForFreshStep(newKey ? undefined : this.lastStep.get(user.username));
    const code = await device.code(this.issuer, user.username);
    if (!/^\d{6}$/.test(code))
      throw new Error(`the phone shows "${code}" for ${user.username}, not 6 digits`);
    await user.enterCode(code, submit);
    this.lastStep.set(user.username, step);
    return code;
  }

  /** Closes the phones and the browser, stops the launcher (resolving with its exit code). */
  async stop(): Promise<number | string | undefined> {
    for (const p of this.phones) await p.close().catch(() => {});
    await this.browser?.close();
    const code = this.kakunin ? await stopKakunin(this.kakunin) : undefined;
    await rm(this.dir, { recursive: true, force: true });
    return code;
  }
}

function locale(lang: 'en' | 'ja'): string {
  return lang === 'ja' ? 'ja-JP' : 'en-US';
}
