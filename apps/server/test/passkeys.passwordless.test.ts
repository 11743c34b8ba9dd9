import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionAuthentication } from '../src/oidc/assurance.js';
import { findSession } from '../src/services/sessions.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { addPasskey } from './support/passkeys.js';
import { SoftwareAuthenticator } from './support/webauthn.js';

const ORIGIN = 'http://localhost:3000';

/** A passkey that signs in without a password, from a browser with no session. */
async function passwordless(service: TestService, key: SoftwareAuthenticator) {
  const client = service.client();
  const options = await client.expect('POST', '/api/login/passkey/options', {}, 200);
  expect(options.allowCredentials).toEqual([]);
  const response = key.get(options as { challenge: string });
  return { client, response, send: () => client.send('POST', '/api/login/passkey', { response }) };
}

describe.each(dialects())('passkeys without a password, and as re-authentication (%s)', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService(dialect);
    await setPolicy(service, { twoFactor: 'allowed' });
  });
  afterAll(async () => service.close());

  it('a user-verified passkey alone is two factors: pop + user, acr phishing-resistant', async () => {
    await addUser(service, 'ann');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'ann', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(owner, key, 'Phone');

    const { client, send } = await passwordless(service, key);
    const answer = await send();
    expect(answer.json()).toEqual({ status: 'ok' });
    const me = await client.expect('GET', '/api/me', undefined, 200);
    expect(me.username).toBe('ann');
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pop', 'user']);
    const token = /kakunin_session=([^;]+)/.exec(String(answer.headers['set-cookie']))?.[1];
    const session = await findSession(service.ctx, token);
    expect(session && sessionAuthentication(session)).toMatchObject({
      amr: ['pop', 'user', 'mfa'],
      acr: 'urn:kakunin:acr:phr',
    });
  });

  it('the same answer from a browser that did not ask for the challenge is refused', async () => {
    await addUser(service, 'ben');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'ben', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(owner, key);
    const { response } = await passwordless(service, key);
    // Another browser (no cookie of the one that asked) replays the answer.
    expect(await service.client().errorCode('POST', '/api/login/passkey', { response })).toBe(
      'PASSKEY_REFUSED',
    );
  });

  it('a security key without user verification is one factor: the code is still asked', async () => {
    const { client: owner, secret } = await userWithTwoFactor(service, 'cal');
    service.clock.advance(30);
    await owner.expect('POST', '/api/me/reauthenticate', { code: codeFor(service, secret) }, 200);
    const key = new SoftwareAuthenticator(ORIGIN, false);
    await addPasskey(owner, key, 'Security key');

    const { client, send } = await passwordless(service, key);
    expect((await send()).json()).toEqual({ status: 'second_factor_required' });
    // The same key cannot stand in for the second factor too.
    const again = await client.expect('POST', '/api/login/passkey/options', {}, 200);
    expect(
      await client.errorCode('POST', '/api/login/passkey', {
        response: key.get(again as { challenge: string }),
      }),
    ).toBe('PASSKEY_REFUSED');
    service.clock.advance(30);
    await client.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    const me = await client.expect('GET', '/api/me', undefined, 200);
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pop', 'otp']);
    // Two things she has, nothing she knows or is: apps are told it is one factor.
    const session = {
      id: '',
      userId: 0,
      username: 'cal',
      role: 'user' as const,
      stage: 'full' as const,
      csrfKey: '',
    };
    const times = { expiresAt: 0, authTime: 1, reauthAt: null };
    expect(sessionAuthentication({ ...session, ...times, amr: ['pop', 'otp'] })).toMatchObject({
      amr: ['pop', 'otp'],
      acr: 'urn:kakunin:acr:1fa',
    });
  });

  it('a security key without user verification and no authenticator app cannot sign in alone', async () => {
    await addUser(service, 'dot');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'dot', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN, false);
    await addPasskey(owner, key);
    const { client, response } = await passwordless(service, key);
    expect(await client.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_NEEDS_PASSWORD');
  });

  it('the administrator can turn passkey sign-in off', async () => {
    await addUser(service, 'eve');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'eve', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(owner, key);
    await setPolicy(service, { passkeySignIn: false });
    expect(await service.client().errorCode('POST', '/api/login/passkey/options', {})).toBe(
      'PASSKEY_SIGN_IN_OFF',
    );
    await setPolicy(service, { passkeySignIn: true });
  });

  it("a one-time password set by an administrator is replaced before a passkey's sign-in goes on", async () => {
    await addUser(service, 'gil');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'gil', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(owner, key, 'Phone');
    await addUser(service, 'root', 'admin');
    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    const reset = await admin.expect('PUT', '/api/admin/users/gil/password', {}, 200);
    const oneTime = String(reset.oneTimePassword);

    // Signing in without the password must not leave the one-time password standing.
    const { client, send } = await passwordless(service, key);
    expect((await send()).json()).toEqual({ status: 'password_change_required' });
    expect(await client.errorCode('GET', '/api/me')).toBe('PASSWORD_CHANGE_REQUIRED');
    await client.expect(
      'PUT',
      '/api/me/password',
      { currentPassword: oneTime, newPassword: 'gil chose this one himself' },
      200,
    );
    const me = await client.expect('GET', '/api/me', undefined, 200);
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pop', 'user']);
    expect(
      await service.client().errorCode('POST', '/api/login', { username: 'gil', password: oneTime }),
    ).toBe('INVALID_CREDENTIALS');
  });

  it("a disabled account's passkey signs nobody in, and the audit log says so", async () => {
    await addUser(service, 'hal');
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'hal', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(owner, key, 'Phone');
    await addUser(service, 'root2', 'admin');
    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root2', password: PASSWORD }, 200);
    await admin.expect('POST', '/api/admin/users/hal/disable', undefined, 200);

    const { client, response } = await passwordless(service, key);
    expect(await client.errorCode('POST', '/api/login/passkey', { response })).toBe('ACCOUNT_DISABLED');
    const events = await service.ctx.db
      .selectFrom('audit_log')
      .select('event')
      .where('target', '=', 'hal')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    expect(events.map((row) => row.event)).toEqual(['login.refused_disabled']);
  });

  it('a person whose only second factor is a passkey re-authenticates with it', async () => {
    await addUser(service, 'fay');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'fay', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator(ORIGIN);
    const { id } = await addPasskey(client, key, 'Laptop');

    // A new sign-in (password + passkey), then the 5-minute window passes.
    const fresh = service.client();
    await fresh.expect('POST', '/api/login', { username: 'fay', password: PASSWORD }, 200);
    const login = await fresh.expect('POST', '/api/login/passkey/options', {}, 200);
    await fresh.expect(
      'POST',
      '/api/login/passkey',
      { response: key.get(login as { challenge: string }) },
      200,
    );
    service.clock.advance(6 * 60);
    const me = await fresh.expect('GET', '/api/me', undefined, 200);
    expect(me.authentication).toMatchObject({ reauthMethods: ['pop', 'rec'], reauthenticatedUntil: null });
    const refused = await fresh.send('DELETE', `/api/me/passkeys/${id}`, {});
    expect(refused.json().error).toMatchObject({
      code: 'REAUTHENTICATION_REQUIRED',
      methods: ['pop', 'rec'],
    });
    // A password is not a proof for her; a passkey answer to another purpose's challenge is not either.
    expect(await fresh.errorCode('POST', '/api/me/reauthenticate', { password: PASSWORD })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    const options = await fresh.expect('POST', '/api/me/reauthenticate/passkey/options', {}, 200);
    const passkey = key.get(options as { challenge: string });
    await fresh.expect('POST', '/api/me/reauthenticate', { passkey }, 200);
    // Used up: the same answer proves nothing a second time (a proof given is always checked).
    expect(await fresh.errorCode('DELETE', `/api/me/passkeys/${id}`, { passkey })).toBe('PASSKEY_REFUSED');
    // The window the passkey opened lets the change through.
    await fresh.expect('DELETE', `/api/me/passkeys/${id}`, {}, 200);
  });
});
