import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.js';
import { formOn, postForm } from '../support/forms.js';
import { forwardAuth, PROXY_IP, protect, proxiedService, signedInUser } from '../support/forward-auth.js';
import { codeFor, dialects, type TestService, userWithTwoFactor } from '../support/harness.js';

const APP = 'https://wiki.example.com/notes?id=7';
const OWN_PASSWORD = 'a password of my very own';

// A person whose first sign-in (a one-time password from an administrator) starts at a protected
// app chooses their own password and then lands on that app, not on their account page; with a
// second factor, the code comes first and the password page after it.
describe.each(dialects())('a one-time password met on the way to an app, on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeAll(async () => {
    service = await proxiedService(dialect);
    admin = await signedInUser(service, 'root', 'admin');
    await protect(admin, { host: 'wiki.example.com' });
  });
  afterAll(async () => {
    await service?.close();
  });

  /** Opens the sign-in page the proxy sends the person to, and signs in with the password form. */
  async function signInFromApp(browser: Client, username: string, password: string): Promise<string> {
    const sent = await forwardAuth(browser, APP);
    expect(sent.statusCode).toBe(302);
    const signInPage = new URL(String(sent.headers.location));
    const fields = await formOn(browser, signInPage.pathname + signInPage.search, '/sign-in');
    const response = await postForm(browser, '/sign-in', { ...fields, username, password });
    return String(response.headers.location);
  }

  /** Replaces the one-time password on the page it is sent to; returns where the browser goes next. */
  async function choosePassword(browser: Client, oneTime: string): Promise<string> {
    const fields = await formOn(browser, '/account/password', '/account/password');
    const changed = await postForm(browser, '/account/password', {
      ...fields,
      currentPassword: oneTime,
      newPassword: OWN_PASSWORD,
    });
    expect(changed.statusCode, changed.body).toBe(303);
    return String(changed.headers.location);
  }

  it('sends a new user back to the app once they have chosen their own password', async () => {
    const created = await admin.expect('POST', '/api/admin/users', { username: 'kenji' }, 201);
    const browser = service.client(PROXY_IP);
    expect(await signInFromApp(browser, 'kenji', String(created.oneTimePassword))).toBe('/account/password');
    expect((await forwardAuth(browser, APP)).statusCode).toBe(302);
    expect(await choosePassword(browser, String(created.oneTimePassword))).toBe(APP);
    const through = await forwardAuth(browser, APP);
    expect(through.statusCode).toBe(200);
    expect(through.headers['remote-user']).toBe('kenji');
  });

  it('asks a user with a second factor for the code, then for their own password, then returns to the app', async () => {
    const { secret } = await userWithTwoFactor(service, 'mika');
    const reset = await admin.expect('PUT', '/api/admin/users/mika/password', {}, 200);
    const oneTime = String(reset.oneTimePassword);
    service.clock.advance(30);
    const browser = service.client(PROXY_IP);
    expect(await signInFromApp(browser, 'mika', oneTime)).toBe('/sign-in/code');
    const code = await formOn(browser, '/sign-in/code', '/sign-in/code');
    const verified = await postForm(browser, '/sign-in/code', { ...code, code: codeFor(service, secret) });
    expect(verified.headers.location).toBe('/account/password');
    expect((await forwardAuth(browser, APP)).statusCode).toBe(302);
    expect(await choosePassword(browser, oneTime)).toBe(APP);
    const through = await forwardAuth(browser, APP);
    expect(through.statusCode).toBe(200);
    expect(through.headers['remote-user']).toBe('mika');
  });

  it('goes to the account page after choosing a password when no app was asked for', async () => {
    const created = await admin.expect('POST', '/api/admin/users', { username: 'sora' }, 201);
    const browser = service.client(PROXY_IP);
    const fields = await formOn(browser, '/sign-in', '/sign-in');
    const first = await postForm(browser, '/sign-in', {
      ...fields,
      username: 'sora',
      password: String(created.oneTimePassword),
    });
    expect(first.headers.location).toBe('/account/password');
    expect(await choosePassword(browser, String(created.oneTimePassword))).toBe(
      '/account?notice=password-changed',
    );
  });
});
