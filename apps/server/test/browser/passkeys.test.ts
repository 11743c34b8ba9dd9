// Passkeys and security keys in real Chromium, with the DevTools protocol's virtual authenticator
// standing in for Touch ID, Windows Hello or a YubiKey: it registers and signs like a real one.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { updateSettings } from '../../src/services/settings.js';
import { resetPassword } from '../../src/services/users.js';
import { type RunningServer, startServer } from '../../src/start.js';
import {
  ADMIN_PASSWORD,
  addUser,
  axeViolations,
  expectClean,
  launch,
  openPage,
  overflowWidth,
  PASSWORD,
  poll,
  readRecoveryCodes,
  screenshot,
  signIn,
  signOut,
  type TestServer,
} from './support.js';

let server: TestServer;
let browser: Browser;
let url: string;

/** A free loopback port: WebAuthn needs the service at `localhost` (an IP address is no RP ID). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  url = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kakunin-passkeys-'));
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    KAKUNIN_DATA_DIR: dataDir,
    KAKUNIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
  });
  let running: RunningServer;
  [running, browser] = await Promise.all([startServer(config), launch()]);
  server = {
    url,
    ctx: running.app.kakunin,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  for (const username of ['alice', 'hana', 'ivy', 'jun', 'kai', 'lea', 'max'])
    await addUser(server, username);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Gives the page a virtual authenticator: a platform passkey that verifies the person (PIN or
 * biometrics), or a plain security key that only checks presence.
 */
async function authenticator(page: Page, userVerification: boolean): Promise<(on: boolean) => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  page.setDefaultTimeout(10_000);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: userVerification,
      isUserVerified: userVerification,
      automaticPresenceSimulation: true,
    },
  });
  // The virtual authenticator answers at once, autofill included: a test that types a password
  // first holds the "touch" back.
  return async (on) => {
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: on });
  };
}

/** The `amr` of the page's session, as /api/me reports it. */
async function amr(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const me = await (await fetch('/api/me')).json();
    return me.authentication.amr;
  });
}

describe('passkeys in the browser', () => {
  it('adds a passkey, signs in with password + passkey, then without a password, and removes it', async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    const touch = await authenticator(page, true);
    // Every navigator.credentials.get call is recorded, with its mediation.
    await page.addInitScript(() => {
      const calls: string[] = [];
      Object.assign(window, { credentialCalls: calls });
      const get = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = (options?: CredentialRequestOptions) => {
        calls.push(options?.mediation ?? 'optional');
        // Autofill held back (as when the person does not pick from the list), until aborted.
        if (options?.mediation === 'conditional' && sessionStorage.getItem('holdAutofill')) {
          return new Promise((_resolve, reject) =>
            options.signal?.addEventListener('abort', () => reject(options.signal?.reason)),
          );
        }
        return get(options);
      };
    });

    await signIn(page, url, 'alice', PASSWORD);
    await page.waitForURL(`${url}/account`);
    const card = page.getByRole('region', { name: 'Passkeys and security keys' });
    expect(await card.getByText('Passkeys and security keys: 0').isVisible()).toBe(true);
    await card.getByRole('link', { name: 'Manage passkeys and security keys' }).click();
    await page.waitForURL(`${url}/account/passkeys`);
    expect(await page.getByText('You have no passkey or security key yet.').isVisible()).toBe(true);
    await page.getByLabel('Name').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
    // Her first second factor: recovery codes, in case the laptop is lost.
    expect(await readRecoveryCodes(page)).toHaveLength(10);
    expect(await page.getByRole('status').textContent()).toContain('The passkey "Laptop" was added.');
    await page.goto(`${url}/account/passkeys`);
    const row = page.getByRole('row', { name: /Laptop/ });
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('Never');
    await touch(false);
    await signOut(page);

    // Password, then the passkey: the second step offers only the passkey (she has no app).
    await signIn(page, url, 'alice', PASSWORD);
    await page.waitForURL(`${url}/sign-in/code`);
    expect(await page.getByLabel('Authentication code').count()).toBe(0);
    await touch(true);
    await page.getByRole('button', { name: 'Use a passkey or security key' }).click();
    await page.waitForURL(`${url}/account`);
    expect(await amr(page)).toEqual(['pwd', 'pop', 'user']);
    await touch(false);
    await signOut(page);

    // The first page: autofill in the username field (conditional mediation, asked at once)...
    const calls = () =>
      page.evaluate(() => (window as unknown as { credentialCalls: string[] }).credentialCalls);
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username webauthn');
    await poll(calls).toEqual(['conditional']);
    // ...which signs her in as soon as she picks her passkey there (the virtual one picks at once).
    await touch(true);
    await page.reload();
    await page.waitForURL(`${url}/account`);
    expect(await amr(page)).toEqual(['pop', 'user']);

    // And the button (the autofill list is left alone this time, so it does not answer first).
    await touch(false);
    await page.evaluate(() => sessionStorage.setItem('holdAutofill', '1'));
    await signOut(page);
    await touch(true);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${url}/account`);
    await page.evaluate(() => sessionStorage.removeItem('holdAutofill'));
    expect(await amr(page)).toEqual(['pop', 'user']);

    // Remove it: a confirmation step that says what happens.
    await page.goto(`${url}/account/passkeys`);
    await page.getByRole('link', { name: 'Remove Laptop' }).click();
    await poll(() => page.getByText('It is your only second factor').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Remove' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('The passkey was removed.');
    expect(await page.getByText('You have no passkey or security key yet.').isVisible()).toBe(true);
    expectClean(watched);
    await watched.context.close();
  });

  it("after an administrator's reset, the passkey alone leads to choosing a password before the account", async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    const touch = await authenticator(page, true);
    await touch(false);
    await signIn(page, url, 'kai', PASSWORD);
    await page.waitForURL(`${url}/account`);
    await page.goto(`${url}/account/passkeys`);
    await page.getByLabel('Name').fill('Phone');
    await touch(true);
    await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
    await readRecoveryCodes(page);
    await touch(false);
    await signOut(page);
    const oneTime = 'handed over by the administrator';
    await resetPassword(
      server.ctx,
      { username: 'kai', password: oneTime, oneTime: true },
      { username: 'admin', ip: null },
    );

    // The sign-in page's autofill answers with the passkey at once: no password typed.
    await touch(true);
    await page.reload();
    await page.waitForURL(`${url}/account/password`);
    expect(
      await page.getByText('Your password is a one-time password from an administrator.').isVisible(),
    ).toBe(true);
    await page.goto(`${url}/account`);
    await page.waitForURL(`${url}/account/password`);
    // Signed in a moment ago with two factors, and no authenticator app: no code asked.
    expect(await page.getByLabel('Authentication code').count()).toBe(0);
    await page.getByLabel('Current password').fill(oneTime);
    await page.getByLabel('New password').fill('kai chose this one himself');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL(`${url}/account?notice=password-changed`);
    expect(await amr(page)).toEqual(['pop', 'user']);
    expectClean(watched);
    await watched.context.close();
  });

  it('the account, password and profile pages of a person with passkeys only, at 320 px in Japanese dark and on a desktop in English: no serious axe violation, nothing wider than the screen', async () => {
    const looks = [
      {
        username: 'lea',
        viewport: { width: 320, height: 700 },
        locale: 'ja-JP',
        colorScheme: 'dark' as const,
        words: ['ユーザー名', 'パスワード', 'ログイン', '名前', 'パスキーまたはセキュリティキーを追加'],
      },
      {
        username: 'max',
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
        colorScheme: 'light' as const,
        words: ['Username', 'Password', 'Sign in', 'Name', 'Add a passkey or security key'],
      },
    ];
    const problems: string[] = [];
    for (const look of looks) {
      // axe is added as a script tag: only this check bypasses the pages' CSP.
      const { username, words, ...options } = look;
      const [usernameLabel, passwordLabel, signInButton, nameLabel, addButton] = words as [
        string,
        string,
        string,
        string,
        string,
      ];
      const context = await browser.newContext({ ...options, bypassCSP: true });
      try {
        const page = await context.newPage();
        const touch = await authenticator(page, true);
        await touch(false);
        await page.goto(`${url}/sign-in`);
        await page.getByLabel(usernameLabel).fill(username);
        await page.getByLabel(passwordLabel).fill(PASSWORD);
        await page.getByRole('button', { name: signInButton, exact: true }).click();
        await page.waitForURL(`${url}/account`);
        await page.goto(`${url}/account/passkeys`);
        await page.getByLabel(nameLabel).fill('Phone');
        await touch(true);
        await page.getByRole('button', { name: addButton }).click();
        await readRecoveryCodes(page);
        const name = `${look.viewport.width}-${look.locale.slice(0, 2)}-${look.colorScheme}`;
        for (const path of ['/account', '/account/password', '/account/profile']) {
          await page.goto(`${url}${path}`);
          for (const problem of await axeViolations(page)) problems.push(`${path} ${name}: ${problem}`);
          const overflow = await overflowWidth(page);
          if (overflow > 0) problems.push(`${path} ${name}: ${overflow} px wider than the screen`);
          expect(await page.locator('input[name="code"]').count(), path).toBe(0);
          await screenshot(page, `passkeys-only${path.replaceAll('/', '-')}-${name}`);
        }
      } finally {
        await context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  it('a security key without user verification is one factor (in Japanese)', async () => {
    const watched = await openPage(browser, { locale: 'ja-JP' });
    const { page } = watched;
    const touch = await authenticator(page, false);
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('ユーザー名').fill('hana');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(`${url}/account`);
    await page.goto(`${url}/account/passkeys`);
    await page.getByLabel('名前').fill('YubiKey 5');
    await page.getByRole('button', { name: 'パスキーまたはセキュリティキーを追加' }).click();
    expect(await readRecoveryCodes(page)).toHaveLength(10);
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/sign-in/);
    await touch(false);

    // After the password it is the second factor: password + possession, no "user".
    // (Alone it is one factor: test/passkeys.passwordless.test.ts; Chromium does not offer such a
    // key without a username.)
    await page.getByLabel('ユーザー名').fill('hana');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(`${url}/sign-in/code`);
    await touch(true);
    await page.getByRole('button', { name: 'パスキーまたはセキュリティキーを使う' }).click();
    await page.waitForURL(`${url}/account`);
    expect(await amr(page)).toEqual(['pwd', 'pop']);
    expectClean(watched);
    await watched.context.close();
  });

  it('a person made to set up two-factor may add a passkey instead of an app', async () => {
    const operator = { username: 'test', ip: null };
    await updateSettings(server.ctx, { twoFactor: 'required' }, operator);
    try {
      const watched = await openPage(browser);
      const { page } = watched;
      await authenticator(page, true);
      await signIn(page, url, 'ivy', PASSWORD);
      await page.waitForURL(`${url}/account/two-factor/enroll`);
      await page.getByRole('link', { name: 'Use a passkey or security key instead' }).click();
      await page.waitForURL(`${url}/account/passkeys`);
      // Nothing else until then, but the app stays one link away.
      expect(await page.getByRole('link', { name: 'Use an authenticator app instead' }).isVisible()).toBe(
        true,
      );
      await page.getByLabel('Name').fill('Phone');
      await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
      expect(await readRecoveryCodes(page)).toHaveLength(10);
      expect(await amr(page)).toEqual(['pwd', 'pop', 'user']);
      await page.goto(`${url}/account`);
      await page.waitForURL(`${url}/account`);
      expectClean(watched);
      await watched.context.close();
    } finally {
      await updateSettings(server.ctx, { twoFactor: 'allowed' }, operator);
    }
  });

  it('the set-up screens under "required" at 320 px, in Japanese, dark: no serious axe violation, nothing wider than the screen', async () => {
    const operator = { username: 'test', ip: null };
    await updateSettings(server.ctx, { twoFactor: 'required' }, operator);
    // axe is added as a script tag: only this check bypasses the pages' CSP.
    const context = await browser.newContext({
      viewport: { width: 320, height: 700 },
      locale: 'ja-JP',
      colorScheme: 'dark',
      bypassCSP: true,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${url}/sign-in`);
      await page.getByLabel('ユーザー名').fill('jun');
      await page.getByLabel('パスワード').fill(PASSWORD);
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.waitForURL(`${url}/account/two-factor/enroll`);
      const problems: string[] = [];
      const look = async (name: string) => {
        for (const problem of await axeViolations(page)) problems.push(`${name}: ${problem}`);
        const overflow = await overflowWidth(page);
        if (overflow > 0) problems.push(`${name}: ${overflow} px wider than the screen`);
        await screenshot(page, `required-${name}-320-ja-dark`);
      };
      await look('enroll');
      await page.getByRole('link', { name: '代わりにパスキーまたはセキュリティキーを使う' }).click();
      await page.waitForURL(`${url}/account/passkeys`);
      await look('passkeys');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await updateSettings(server.ctx, { twoFactor: 'allowed' }, operator);
    }
  });

  it('an administrator required to have a passkey is sent to add one first', async () => {
    await updateSettings(server.ctx, { adminsNeedPasskey: true }, { username: 'test', ip: null });
    const watched = await openPage(browser);
    const { page } = watched;
    await authenticator(page, true);
    await signIn(page, url, 'admin', ADMIN_PASSWORD);
    await page.waitForURL(`${url}/account/passkeys`);
    expect(await page.getByText('Administrators must have a passkey or security key.').isVisible()).toBe(
      true,
    );
    // Nothing else until then.
    await page.goto(`${url}/admin/users`);
    await page.waitForURL(`${url}/account/passkeys`);
    await page.getByLabel('Name').fill('Admin laptop');
    await page.getByRole('button', { name: 'Add a passkey or security key' }).click();
    await readRecoveryCodes(page);
    // Hana's security key, as the administrator sees it; removing it is confirmed in words.
    await page.goto(`${url}/admin/users/hana`);
    const keys = page.getByRole('region', { name: 'Passkeys and security keys of hana' });
    expect(await keys.getByRole('row', { name: /YubiKey 5/ }).isVisible()).toBe(true);
    await keys.getByRole('link', { name: 'Remove YubiKey 5' }).click();
    await poll(() =>
      page.getByText('hana can no longer sign in or confirm changes with it.').isVisible(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Remove' }).click();
    await poll(() => page.getByRole('status').textContent()).toBe('The passkey of hana was removed.');
    expectClean(watched);
    await watched.context.close();
  });
});
