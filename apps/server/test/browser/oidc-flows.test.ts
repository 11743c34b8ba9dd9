import { launchBrowser } from '@kakunin/test-support';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNoticeBoard } from '../../../../examples/notice-board/server.mjs';
import { ensureExampleApp } from '../../src/oidc/example-app.js';
import { createUser } from '../../src/services/users.js';
import { addUser, codeFor, PASSWORD, userWithTwoFactor } from '../support/harness.js';
import { freePort, listeningService, type OIDCTestService } from '../support/oidc.js';
import { screenshot } from './support.js';

// The example notice board in real headless Chromium, signing in through the real service.
describe('OpenID Connect in the browser: the notice board signs in through Kakunin', () => {
  let service: OIDCTestService;
  let board: { url: string; close(): Promise<void> };
  let browser: Browser;
  let secret: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([listeningService('sqlite'), launchBrowser()]);
    ({ secret } = await userWithTwoFactor(service, 'alice'));
    await addUser(service, 'bob');
    const port = await freePort();
    const boardURL = `http://127.0.0.1:${port}`;
    const credentials = await ensureExampleApp(service.ctx, boardURL);
    board = await startNoticeBoard({ issuer: service.issuer, ...credentials, port, publicURL: boardURL });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await board?.close();
    await service?.close();
  });

  async function signIn(page: Page, username: string) {
    await page.goto(board.url);
    await page.click('#sign-in');
    await page.waitForURL(/\/sign-in$/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
  }

  it('password + code → back on the board signed in, with amr; then single sign-on without a prompt', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'alice');
    await page.waitForURL(/\/sign-in\/code$/);
    await page.fill('input[name=code]', codeFor(service, secret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${board.url}/`);
    await expect.poll(() => page.textContent('#who')).toContain('alice');
    expect(await page.textContent('#amr')).toMatch(/pwd.*otp.*mfa/);
    await screenshot(page, '16-notice-board-signed-in');

    // Signed out of the board only (locally), the next sign-in asks nothing: single sign-on.
    await context.clearCookies({ domain: '127.0.0.1', name: 'board_session' });
    await page.goto(board.url);
    await page.click('#sign-in');
    await page.waitForURL(`${board.url}/`);
    expect(await page.textContent('#who')).toContain('alice');
    await context.close();
  });

  it('an app that requires two-factor sends a password-only person to register an authenticator', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'bob');
    await page.waitForURL(/\/account\/two-factor\/enroll$/);
    await context.close();
  });

  it('a first sign-in with a one-time password: the person chooses their own, then goes on to the app', async () => {
    const first = 'given once by the administrator';
    await createUser(
      service.ctx,
      { username: 'chika', password: first, oneTime: true },
      { username: null, ip: null },
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(board.url);
    await page.click('#sign-in');
    await page.waitForURL(/\/sign-in$/);
    await page.fill('input[name=username]', 'chika');
    await page.fill('input[name=password]', first);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/account\/password$/);
    await page.getByLabel('Current password').fill(first);
    await page.getByLabel('New password').fill('chika chose this herself');
    await page.getByRole('button', { name: 'Change password' }).click();
    // Back on the way to the board, which requires two-factor: registration comes next.
    await page.waitForURL(/\/account\/two-factor\/enroll$/);
    await context.close();
  });

  it('signing out from the app ends the Kakunin session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    service.clock.advance(30);
    await signIn(page, 'alice');
    await page.waitForURL(/\/sign-in\/code$/);
    await page.fill('input[name=code]', codeFor(service, secret));
    await page.click('button[type=submit]');
    await page.waitForURL(`${board.url}/`);
    await page.click('#sign-out');
    await page.waitForURL(/\/oidc\/session\/end/);
    await page.click('button[name=logout][value=yes]');
    await page.waitForURL(`${board.url}/`);
    expect(await page.textContent('body')).toContain('Sign in with Kakunin');
    await page.goto(`${service.issuer}/account`);
    await page.waitForURL(/\/sign-in$/);
    await context.close();
  });
});
