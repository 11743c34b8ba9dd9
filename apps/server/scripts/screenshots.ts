// Screenshots of the service's main pages for the docs: each page on a desktop (1280 px) and at
// 320 px, in English and in Japanese, written to docs/screenshots/service-<page>-<width>-<lang>.png.
//
//   npm run screenshots -w apps/server
//
// The service runs in this process on a temporary SQLite database; the pages are driven in Debian's
// headless Chromium (CHROME_PATH to use another). Japanese text needs a Japanese font on the machine
// (Debian: fonts-ipaexfont-gothic or fonts-noto-cjk).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32Lenient, totp } from '@kakunin/otp';
import { launchBrowser } from '@kakunin/test-support';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { createUser } from '../src/services/users.js';
import { startServer } from '../src/start.js';

const OUT = join(import.meta.dirname, '../../../docs/screenshots');
const ADMIN_PASSWORD = 'screenshots-admin-password';
const PASSWORD = 'a long passphrase for the pictures';

interface Look {
  width: number;
  lang: 'en' | 'ja';
}
const LOOKS: Look[] = [
  { width: 1280, lang: 'en' },
  { width: 320, lang: 'en' },
  { width: 1280, lang: 'ja' },
  { width: 320, lang: 'ja' },
];

const dataDir = mkdtempSync(join(tmpdir(), 'kakunin-screenshots-'));
const server = await startServer(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KAKUNIN_DATA_DIR: dataDir,
    KAKUNIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
  }),
);
const browser = await launchBrowser();
const taken: string[] = [];
try {
  mkdirSync(OUT, { recursive: true });
  for (const look of LOOKS) await pagesIn(browser, look);
  console.log(`${taken.length} screenshots in docs/screenshots/:\n${taken.join('\n')}`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function pagesIn(browser: Browser, look: Look): Promise<void> {
  const context = await browser.newContext({
    viewport: { width: look.width, height: look.width === 320 ? 640 : 800 },
    locale: look.lang === 'ja' ? 'ja-JP' : 'en-US',
    colorScheme: 'light',
  });
  const page = await context.newPage();
  const url = server.url;
  const shot = async (name: string) => {
    const file = `service-${name}-${look.width}-${look.lang}.png`;
    await page.screenshot({ path: join(OUT, file), fullPage: true, animations: 'disabled' });
    taken.push(file);
  };

  // A person registers a key, sees the recovery codes, and signs in again with a code.
  const username = `alice-${look.lang}-${look.width}`;
  await createUser(server.app.kakunin, { username, password: PASSWORD }, { username: 'setup', ip: null });
  await page.goto(`${url}/sign-in`);
  await shot('sign-in');
  await signIn(page, username, PASSWORD);
  await page.waitForURL(/\/account/);
  await page.locator('form[action="/account/two-factor/enrollment"] button').first().click();
  await page.waitForURL(/\/account\/two-factor\/enroll/);
  await shot('enroll');
  const key = ((await page.locator('#secret-key').textContent()) ?? '').replaceAll(' ', '');
  await page.locator('input[name="code"]').fill(codeAt(key, 0));
  await page.locator('form[action="/account/two-factor/enrollment/confirm"] button').click();
  await page.locator('#recovery-codes').waitFor();
  await shot('recovery-codes');
  await page.goto(`${url}/account`);
  await shot('account-two-factor-on');
  for (const [name, path] of [
    ['account-passkeys', '/account/passkeys'],
    ['account-sessions', '/account/sessions'],
  ] as const) {
    const response = await page.goto(`${url}${path}`);
    if (response?.status() === 200) await shot(name);
  }
  await page.locator('form[action="/sign-out"] button').click();
  await page.waitForURL(/\/sign-in/);
  await signIn(page, username, PASSWORD);
  await page.waitForURL(/\/sign-in\/code/);
  await shot('second-factor');
  await page.locator('input[name="code"]').fill(codeAt(key, 1));
  await page.locator('form[action="/sign-in/code"] button[type="submit"]').first().click();
  await page.waitForURL(/\/account/);
  await page.locator('form[action="/sign-out"] button').click();
  await page.waitForURL(/\/sign-in/);

  // The administrator's console.
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await page.waitForURL(/\/(account|admin)/);
  for (const [name, path] of [
    ['admin-users', '/admin/users'],
    ['admin-user', `/admin/users/${username}`],
    ['admin-settings', '/admin/settings'],
    ['admin-audit', '/admin/audit'],
    ['admin-apps', '/admin/apps'],
    ['admin-protected-hosts', '/admin/protected-hosts'],
    ['admin-tokens', '/admin/tokens'],
  ] as const) {
    const response = await page.goto(`${url}${path}`);
    if (response?.status() === 200) await shot(name);
  }
  await context.close();
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${server.url}/sign-in`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('form[action="/sign-in"] button[type="submit"]').click();
}

/** The code an authenticator holding `key` shows `offset` time steps from now. */
function codeAt(key: string, offset: number): string {
  return totp(decodeBase32Lenient(key), Date.now() + offset * 30_000, {
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  });
}
