// Two tabs of one browser: the person confirms their password or code in one (which renews the
// session's token), then sends a form already open in the other. The form belongs to the same
// session and is accepted; a form from before signing in, or from a session that has ended, is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.js';
import { formOn, postForm, signInWithForm } from '../support/forms.js';
import {
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from '../support/harness.js';

describe.each(dialects())('a form open in another tab, on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  beforeAll(async () => {
    service = await testService(dialect);
    ({ secret } = await userWithTwoFactor(service, 'alice'));
  });
  afterAll(async () => {
    await service?.close();
  });

  /** Alice signed in with the page forms (password, then code). */
  async function signedIn(browser = service.client()): Promise<Client> {
    service.clock.advance(30); // each code is from a step not used yet
    expect(await signInWithForm(browser, 'alice', PASSWORD)).toBe('/sign-in/code');
    const code = await formOn(browser, '/sign-in/code', '/sign-in/code');
    const signedIn = await postForm(browser, '/sign-in/code', { ...code, code: codeFor(service, secret) });
    expect(signedIn.statusCode, signedIn.body).toBe(303);
    return browser;
  }

  /** Confirms the code on the confirmation page, as before a sensitive change: the token is renewed. */
  async function reauthenticate(browser: Client): Promise<void> {
    service.clock.advance(30);
    const before = browser.session;
    const fields = await formOn(browser, '/account/confirm', '/account/confirm');
    const confirmed = await postForm(browser, '/account/confirm', {
      ...fields,
      code: codeFor(service, secret),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(303);
    expect(browser.session).not.toBe(before);
  }

  const profile = (fields: Record<string, string>) => ({ ...fields, displayName: 'Alice', email: '' });

  it('is accepted after the person re-authenticated in this tab', async () => {
    const browser = await signedIn();
    const tabA = await formOn(browser, '/account/profile', '/account/profile');
    await reauthenticate(browser);
    const sent = await postForm(browser, '/account/profile', profile(tabA));
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.body).not.toContain('This form has expired');
    const row = await service.ctx.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe('Alice');
    // Twice in a row, and with a form opened between the two.
    const tabB = await formOn(browser, '/account/profile', '/account/profile');
    await reauthenticate(browser);
    expect((await postForm(browser, '/account/profile', profile(tabB))).statusCode).toBe(303);
  });

  it('is refused when it was opened before signing in, or in a session that has ended', async () => {
    const browser = service.client();
    const beforeSignIn = await formOn(browser, '/sign-in', '/sign-in');
    await signedIn(browser);
    const early = await postForm(browser, '/account/profile', profile(beforeSignIn));
    expect(early.statusCode).toBe(403);

    const old = await formOn(browser, '/account/profile', '/account/profile');
    const signOut = await formOn(browser, '/account', '/sign-out');
    await postForm(browser, '/sign-out', signOut);
    await signedIn(browser);
    const stale = await postForm(browser, '/account/profile', profile(old));
    expect(stale.statusCode).toBe(403);
    expect(stale.body).toContain('This form has expired');
  });

  it('is refused from another person’s session, after that session re-authenticated', async () => {
    const other = await signedIn();
    const theirs = await formOn(other, '/account/profile', '/account/profile');
    await reauthenticate(other);
    const browser = await signedIn();
    browser.cookies.set('kakunin_csrf', other.cookies.get('kakunin_csrf') ?? '');
    const forged = await postForm(browser, '/account/profile', profile(theirs));
    expect(forged.statusCode).toBe(403);
  });
});
