import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from '@kakunin/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProtectedHost } from '../../src/authz/index.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createUser, resetPassword } from '../../src/services/users.js';
import { type RunningServer, startServer } from '../../src/start.js';
import { freePort, type Running, startCaddy, startNginx, startNoticeBoard } from './reverse-proxies.js';
import { PASSWORD, poll } from './support.js';

// The documented nginx and Caddy configurations, run by the real proxies in front of a real app,
// with a real browser that knows the test names (*.kakunin.test) as 127.0.0.1.
const SETUP = { username: 'setup', ip: null };
const PROXIES = { nginx: startNginx, caddy: startCaddy } as const;

describe('forward-auth through real reverse proxies', () => {
  let kakunin: RunningServer;
  let dataDir: string;
  let board: Running;
  let browser: Browser;
  const proxies: Partial<Record<keyof typeof PROXIES, Running>> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kakunin-proxies-'));
    const port = await freePort();
    const config: Config = {
      ...loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        KAKUNIN_DATA_DIR: dataDir,
        KAKUNIN_ADMIN_PASSWORD: 'admin-password-for-tests',
        LOG_LEVEL: 'silent',
        TRUST_PROXY: '127.0.0.1',
      }),
      // Plain http under a test name (loadConfig allows that only on localhost), cookie for all of it.
      publicURL: new URL(`http://auth.kakunin.test:${port}`),
      cookieDomain: 'kakunin.test',
    };
    [kakunin, board, browser] = await Promise.all([
      startServer(config),
      startNoticeBoard(),
      launchBrowser(['--host-resolver-rules=MAP *.kakunin.test 127.0.0.1']),
    ]);
    const ctx = kakunin.app.kakunin;
    await createUser(ctx, { username: 'alice', password: PASSWORD }, SETUP);
    for (const name of Object.keys(PROXIES) as (keyof typeof PROXIES)[]) {
      const host = `${name}.kakunin.test`;
      await saveProtectedHost(ctx, { host }, SETUP);
      proxies[name] = await PROXIES[name]({ host, kakuninPort: port, appPort: board.port });
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const proxy of Object.values(proxies)) await proxy?.stop();
    await board?.stop();
    await kakunin?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signInOnKakunin(page: Page, password = PASSWORD): Promise<void> {
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  describe.each(Object.keys(PROXIES) as (keyof typeof PROXIES)[])('%s', (name) => {
    const appURL = () => `http://${name}.kakunin.test:${proxies[name]?.port}`;

    it('sends a visitor to sign in and back to the page they asked for, signed in as Remote-User', async () => {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`${appURL()}/notices/7?sort=new`);
      expect(new URL(page.url()).host).toBe(`auth.kakunin.test:${new URL(kakunin.url).port}`);
      expect(await page.getByRole('status').textContent()).toBe(
        `Sign in to continue to ${name}.kakunin.test.`,
      );
      await signInOnKakunin(page);
      await page.waitForLoadState();
      await poll(() => page.url()).toBe(`${appURL()}/notices/7?sort=new`);
      expect(await page.locator('#remote-user').textContent()).toBe('alice');
      const headers = JSON.parse((await page.locator('#remote-headers').textContent()) ?? '[]');
      expect(headers).toEqual(
        expect.arrayContaining([
          ['remote-user', 'alice'],
          ['remote-groups', 'user'],
        ]),
      );
      // Signed in once: the next visit goes straight to the app.
      await page.goto(`${appURL()}/other`);
      expect(await page.locator('#path').textContent()).toBe('/other');
      await context.close();
    });

    it('strips a Remote-User header the client sent', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setExtraHTTPHeaders({
        'Remote-User': 'admin',
        'Remote-Groups': 'admin',
        'Remote-Email': 'admin@evil.example',
      });
      // Without a session the forged headers get the visitor nowhere but the sign-in page.
      await page.goto(`${appURL()}/`);
      expect(page.url()).toMatch(/^http:\/\/auth\.kakunin\.test:\d+\/sign-in\?rd=/);
      // Signed in as alice, still sending them: the app sees alice, once, and none of the forged values.
      await signInOnKakunin(page);
      await poll(() => page.url()).toBe(`${appURL()}/`);
      expect(await page.locator('#remote-user').textContent()).toBe('alice');
      const headers = (await page.locator('#remote-headers').textContent()) ?? '';
      expect(headers).toContain('"remote-user","alice"');
      expect(headers).not.toContain('admin');
      await context.close();
    });

    it('refuses a person whose sessions an administrator ended', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${appURL()}/`);
      await signInOnKakunin(page);
      await poll(() => page.url()).toBe(`${appURL()}/`);
      await resetPassword(kakunin.app.kakunin, { username: 'alice', password: PASSWORD }, SETUP);
      await page.goto(`${appURL()}/`);
      expect(page.url()).toMatch(/^http:\/\/auth\.kakunin\.test:\d+\/sign-in\?rd=/);
      await context.close();
    });
  });
});
