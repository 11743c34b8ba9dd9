import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: a stolen or fixed session cookie. Defence: server-side sessions with a new id at each
// privilege change, ended by sign-out, password reset and 2FA reset.
describe.each(dialects())('sessions on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
  });
  afterEach(async () => {
    await service.close();
  });

  async function admin() {
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    return client;
  }

  it('issues a new session id at sign-in and again at the second factor; old ids stop working', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    const client = service.client();
    // A cookie planted before sign-in (session fixation) is replaced.
    client.cookies.set('kakunin_session', 'planted-by-attacker');
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    const pendingId = client.session;
    expect(pendingId).toBeDefined();
    expect(pendingId).not.toBe('planted-by-attacker');
    await client.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    const fullId = client.session;
    expect(fullId).not.toBe(pendingId);

    const stale = service.client();
    stale.cookies.set('kakunin_session', pendingId!);
    expect(await stale.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(await stale.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret, 1) })).toBe(
      'NO_PENDING_LOGIN',
    );
    await client.expect('GET', '/api/me', undefined, 200);
  });

  it('replaces the previous session when a signed-in browser signs in again', async () => {
    await addUser(service, 'bob');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    const first = client.session!;
    await client.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    const old = service.client();
    old.cookies.set('kakunin_session', first);
    expect(await old.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
  });

  it('ends the session at sign-out, server-side (a copied cookie is dead too)', async () => {
    await addUser(service, 'bob');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    const copy = service.client();
    copy.cookies.set('kakunin_session', client.session!);
    await copy.expect('GET', '/api/me', undefined, 200);
    await client.expect('POST', '/api/logout', {}, 200);
    expect(client.session).toBeUndefined();
    expect(await copy.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
  });

  it('ends every session of a user whose password an administrator resets', async () => {
    await addUser(service, 'bob');
    const [phone, laptop] = [service.client(), service.client()];
    for (const client of [phone, laptop])
      await client.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    await (await admin()).expect(
      'PUT',
      '/api/admin/users/bob/password',
      { password: 'a brand new password' },
      200,
    );
    expect(await phone.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(await laptop.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(
      await service.client().errorCode('POST', '/api/login', { username: 'bob', password: PASSWORD }),
    ).toBe('INVALID_CREDENTIALS');
    await service
      .client()
      .expect('POST', '/api/login', { username: 'bob', password: 'a brand new password' }, 200);
  });

  it('ends every session of a user whose 2FA an administrator resets', async () => {
    const { client } = await userWithTwoFactor(service, 'alice');
    await client.expect('GET', '/api/me', undefined, 200);
    await (await admin()).expect('DELETE', '/api/admin/users/alice/two-factor', undefined, 200);
    expect(await client.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    // Registration deleted: sign-in no longer asks for a code (policy allowed).
    expect(
      await service.client().expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200),
    ).toEqual({
      status: 'ok',
    });
  });

  it('expires a pending sign-in after 5 minutes', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    service.clock.advance(301);
    expect(await client.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret) })).toBe(
      'NO_PENDING_LOGIN',
    );
  });
});
