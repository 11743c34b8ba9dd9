import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { formOn, postForm } from './support/forms.js';
import {
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: session fixation across a privilege change. An attacker who knows a session's token — one
// they planted, or copied while it was a password-only sign-in or past its 5-minute window — waits
// for the owner to prove a factor again, then uses the same token to make sensitive changes.
// Defence: every step that adds proof (sign-in steps, re-authentication) issues a new token.
describe.each(dialects())('a re-authenticated session gets a new token, on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  beforeAll(async () => {
    service = await testService(dialect);
    ({ secret } = await userWithTwoFactor(service, 'alice'));
  });
  afterAll(async () => {
    await service.close();
  });

  /** Alice signed in with both factors, past the 5-minute window; and an attacker with her token. */
  async function signedInLongAgo(): Promise<{ alice: Client; attacker: Client }> {
    service.clock.advance(30); // each code below is from a step not used yet
    const alice = service.client();
    await alice.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    const pending = alice.session as string;
    await alice.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    expect(alice.session).not.toBe(pending);
    // The token of the password step no longer opens anything.
    const early = service.client();
    early.cookies.set('kakunin_session', pending);
    expect(await early.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    service.clock.advance(6 * 60);
    const attacker = service.client();
    attacker.cookies.set('kakunin_session', alice.session as string);
    return { alice, attacker };
  }

  it('the token known before the re-authentication stops working', async () => {
    const { alice, attacker } = await signedInLongAgo();
    const before = alice.session;
    await alice.expect('POST', '/api/me/reauthenticate', { code: codeFor(service, secret) }, 200);
    expect(alice.session).not.toBe(before);
    service.clock.advance(30);
    expect(await attacker.errorCode('POST', '/api/me/two-factor/recovery-codes', {})).toBe('UNAUTHENTICATED');
    expect(await attacker.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await alice.expect('POST', '/api/me/two-factor/recovery-codes', {}, 200);
  });

  it('a proof sent with the change itself renews the token too', async () => {
    const { alice, attacker } = await signedInLongAgo();
    const before = alice.session;
    await alice.expect('POST', '/api/me/two-factor/recovery-codes', { code: codeFor(service, secret) }, 200);
    expect(alice.session).not.toBe(before);
    expect(await attacker.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await alice.expect('GET', '/api/me', undefined, 200);
  });

  it('the confirmation page renews the token', async () => {
    const { alice, attacker } = await signedInLongAgo();
    const before = alice.session;
    const fields = await formOn(alice, '/account/confirm', '/account/confirm');
    const response = await postForm(alice, '/account/confirm', { ...fields, code: codeFor(service, secret) });
    expect(response.statusCode).toBe(303);
    expect(alice.session).not.toBe(before);
    expect(await attacker.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    const account = await alice.send('GET', '/account');
    expect(account.statusCode).toBe(200);
  });
});
