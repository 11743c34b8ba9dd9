import { afterEach, describe, expect, it } from 'vitest';
// The notice board is plain JavaScript (examples/), served by `npm start` next to the service.
import { startNoticeBoard } from '../../../../examples/notice-board/server.mjs';
import { ensureExampleApp } from '../../src/oidc/example-app.js';
import { resetPassword } from '../../src/services/users.js';
import { codeFor, userWithTwoFactor } from '../support/harness.js';
import { Browser, freePort, listeningService, type OIDCTestService } from '../support/oidc.js';

const NOWHERE = 'http://nowhere.invalid';

describe('the example notice board signs in through Kakunin', () => {
  let service: OIDCTestService | undefined;
  let board: { url: string; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await board?.close();
    await service?.close();
    board = undefined;
    service = undefined;
  });

  it('password + code → back on the board with amr pwd otp mfa; signing out of the board ends the Kakunin session', async () => {
    service = await listeningService('sqlite');
    const { secret } = await userWithTwoFactor(service, 'alice');
    const port = await freePort();
    const boardURL = `http://127.0.0.1:${port}`;
    const credentials = await ensureExampleApp(service.ctx, boardURL);
    // Registered once: a second start finds the same app and secret.
    expect(await ensureExampleApp(service.ctx, boardURL)).toEqual(credentials);
    board = await startNoticeBoard({ issuer: service.issuer, ...credentials, port, publicURL: boardURL });

    const browser = new Browser();
    const signIn = await browser.follow(`${boardURL}/login`, NOWHERE);
    expect(new URL(signIn.url).pathname).toBe('/sign-in');
    const code = await browser.submit(
      signIn.url,
      '/sign-in',
      { username: 'alice', password: 'correct horse battery' },
      NOWHERE,
    );
    expect(new URL(code.url).pathname).toBe('/sign-in/code');
    const back = await browser.submit(code.url, '/sign-in/code', { code: codeFor(service, secret) }, NOWHERE);
    expect(back.url).toBe(`${boardURL}/`);
    const html = await back.response.text();
    expect(html).toContain('Signed in as <strong>alice</strong>');
    expect(html).toMatch(/id="amr">pwd .*otp .*mfa/);
    expect(html).toContain('urn:kakunin:acr:2fa');

    // Sign out from the board: Kakunin asks once, then both sessions are over.
    const board2 = await browser.follow(`${boardURL}/logout`, NOWHERE, { method: 'POST' });
    const confirm = await board2.response.text();
    expect(confirm).toContain('Team notice board (example)');
    const form =
      /<form id="op.logoutForm" method="post" action="([^"]+)"><input type="hidden" name="xsrf" value="([^"]+)"/.exec(
        confirm,
      );
    expect(form).toBeTruthy();
    const done = await browser.follow(form?.[1] as string, NOWHERE, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf: form?.[2] as string, logout: 'yes' }).toString(),
    });
    expect(done.url).toBe(`${boardURL}/`);
    expect(await done.response.text()).toContain('Sign in with Kakunin');
    const account = await browser.follow(`${service.issuer}/account`, NOWHERE);
    expect(new URL(account.url).pathname).toBe('/sign-in');
  });

  it('a one-time password from a reset: password, code, a password of their own, then back on the board', async () => {
    service = await listeningService('sqlite');
    const { secret } = await userWithTwoFactor(service, 'kaito');
    await resetPassword(
      service.ctx,
      { username: 'kaito', password: 'given by the administrator', oneTime: true },
      { username: 'root', ip: null },
    );
    service.clock.advance(30);
    const port = await freePort();
    const boardURL = `http://127.0.0.1:${port}`;
    board = await startNoticeBoard({
      issuer: service.issuer,
      ...(await ensureExampleApp(service.ctx, boardURL)),
      port,
      publicURL: boardURL,
    });

    const browser = new Browser();
    const signIn = await browser.follow(`${boardURL}/login`, NOWHERE);
    const code = await browser.submit(
      signIn.url,
      '/sign-in',
      { username: 'kaito', password: 'given by the administrator' },
      NOWHERE,
    );
    const choose = await browser.submit(
      code.url,
      '/sign-in/code',
      { code: codeFor(service, secret) },
      NOWHERE,
    );
    expect(new URL(choose.url).pathname).toBe('/account/password');
    const back = await browser.submit(
      choose.url,
      '/account/password',
      { currentPassword: 'given by the administrator', newPassword: 'kaito picked this one' },
      NOWHERE,
    );
    expect(back.url).toBe(`${boardURL}/`);
    const html = await back.response.text();
    expect(html).toContain('Signed in as <strong>kaito</strong>');
    expect(html).toMatch(/id="amr">pwd .*otp .*mfa/);
  });
});
