import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { addPasskey, signInWithPasskey } from './support/passkeys.js';
import { SoftwareAuthenticator } from './support/webauthn.js';

const ORIGIN = 'http://localhost:3000';

/** A current code of the user's authenticator app, as re-authentication (the clock moves on first). */
function proofFor(service: TestService, secret: string): { code: string } {
  service.clock.advance(30);
  return { code: codeFor(service, secret) };
}

describe.each(dialects())('passkeys and security keys (%s)', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
    await setPolicy(service, { twoFactor: 'allowed' });
  });
  afterEach(async () => service.close());

  it('adds a passkey, lists it, and signs in with the password and the passkey', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'alice');
    const key = new SoftwareAuthenticator(ORIGIN);
    const added = await addPasskey(client, key, 'iPhone', proofFor(service, secret));
    expect(added).toMatchObject({ name: 'iPhone' });
    // She already has recovery codes from her authenticator app: none are replaced.
    expect(added.recoveryCodes).toBeUndefined();
    const listed = (await client.expect('GET', '/api/me/passkeys', undefined, 200)).passkeys as object[];
    expect(listed).toEqual([
      expect.objectContaining({ name: 'iPhone', userVerified: true, lastUsedAt: null }),
    ]);

    service.clock.advance(60);
    const me = await signInWithPasskey(service, 'alice', key);
    // A user-verified passkey after the password: possession and the person verified.
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pwd', 'pop', 'user']);
    const after = (await client.expect('GET', '/api/me/passkeys', undefined, 200)).passkeys as {
      lastUsedAt: number | null;
    }[];
    expect(after[0]?.lastUsedAt).toBe(service.clock.ms);
  });

  it('after a password reset, the passkey as second factor leads to choosing a new password first', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'erin');
    const key = new SoftwareAuthenticator(ORIGIN);
    await addPasskey(client, key, 'iPhone', proofFor(service, secret));
    await addUser(service, 'root', 'admin');
    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    const reset = await admin.expect('PUT', '/api/admin/users/erin/password', {}, 200);
    const person = service.client();
    const password = String(reset.oneTimePassword);
    const first = await person.expect('POST', '/api/login', { username: 'erin', password }, 200);
    expect(first.status).toBe('second_factor_required');
    const options = await person.expect('POST', '/api/login/passkey/options', {}, 200);
    const response = key.get(options as { challenge: string; rpId?: string });
    expect(await person.expect('POST', '/api/login/passkey', { response }, 200)).toEqual({
      status: 'password_change_required',
    });
    expect(await person.errorCode('GET', '/api/me')).toBe('PASSWORD_CHANGE_REQUIRED');
    await person.expect(
      'PUT',
      '/api/me/password',
      { currentPassword: password, newPassword: 'erin chose this one herself' },
      200,
    );
    const me = await person.expect('GET', '/api/me', undefined, 200);
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pwd', 'pop', 'user']);
  });

  it('counts a security key without user verification as possession only', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'bob');
    const key = new SoftwareAuthenticator(ORIGIN, false);
    await addPasskey(client, key, 'Security key', proofFor(service, secret));
    const me = await signInWithPasskey(service, 'bob', key);
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pwd', 'pop']);
  });

  it('a person made to register a second factor may add a passkey instead of an app', async () => {
    await setPolicy(service, { twoFactor: 'required' });
    await addUser(service, 'ivy');
    const client = service.client();
    const first = await client.expect('POST', '/api/login', { username: 'ivy', password: PASSWORD }, 200);
    expect(first.status).toBe('enrollment_required');
    expect(await client.errorCode('GET', '/api/me/passkeys')).toBe('ENROLLMENT_REQUIRED');
    const key = new SoftwareAuthenticator(ORIGIN);
    const added = await addPasskey(client, key);
    expect(added.recoveryCodes).toHaveLength(10);
    // Fully signed in now, with the password and the key.
    const me = await client.expect('GET', '/api/me', undefined, 200);
    expect(me.enrollmentRequired).toBe(false);
    expect((me.authentication as { amr: string[] }).amr).toEqual(['pwd', 'pop', 'user']);
    await client.expect('GET', '/api/me/passkeys', undefined, 200);
    // Next time: the password, then the passkey; never the app's registration.
    service.clock.advance(60);
    const again = await signInWithPasskey(service, 'ivy', key);
    expect(again.enrollmentRequired).toBe(false);
  });

  it('a passkey alone meets the "required" policy: never sent to app enrollment, recovery codes issued', async () => {
    await addUser(service, 'carol');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'carol', password: PASSWORD }, 200);
    // No second factor yet: the fresh password sign-in is her re-authentication.
    const added = await addPasskey(client, new SoftwareAuthenticator(ORIGIN));
    expect(added.recoveryCodes).toHaveLength(10);
    await setPolicy(service, { twoFactor: 'required' });

    const key = new SoftwareAuthenticator(ORIGIN);
    const other = service.client();
    const first = await other.expect('POST', '/api/login', { username: 'carol', password: PASSWORD }, 200);
    expect(first.status).toBe('second_factor_required');
    // The recovery codes issued with her first passkey work when the key is lost.
    const recovery = (added.recoveryCodes as string[])[0];
    expect(await other.expect('POST', '/api/login/recovery-code', { code: recovery }, 200)).toEqual({
      status: 'ok',
    });
    expect(key.id).not.toBe('');
  });

  it('renames and removes a passkey; a removed passkey no longer signs in', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'dave');
    const key = new SoftwareAuthenticator(ORIGIN);
    const { id } = await addPasskey(client, key, 'Old name', proofFor(service, secret));
    await client.expect('PATCH', `/api/me/passkeys/${id}`, { name: 'YubiKey 5C' }, 200);
    const listed = (await client.expect('GET', '/api/me/passkeys', undefined, 200)).passkeys;
    expect(listed).toEqual([expect.objectContaining({ name: 'YubiKey 5C' })]);
    await client.expect('DELETE', `/api/me/passkeys/${id}`, {}, 200);
    expect((await client.expect('GET', '/api/me/passkeys', undefined, 200)).passkeys).toEqual([]);

    service.clock.advance(60);
    const other = service.client();
    await other.expect('POST', '/api/login', { username: 'dave', password: PASSWORD }, 200);
    const options = await other.expect('POST', '/api/login/passkey/options', {}, 200);
    const response = key.get(options as { challenge: string });
    expect(await other.errorCode('POST', '/api/login/passkey', { response })).toBe('PASSKEY_REFUSED');
  });

  it('refuses names that are empty, too long or hold control characters', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'erin');
    await client.expect('POST', '/api/me/reauthenticate', proofFor(service, secret), 200);
    for (const name of ['', ' ', 'x'.repeat(65), 'a\u202Eb']) {
      const options = await client.expect('POST', '/api/me/passkeys/options', {}, 200);
      const response = new SoftwareAuthenticator(ORIGIN).create(
        options as { challenge: string; rp: { id?: string } },
      );
      expect(await client.errorCode('POST', '/api/me/passkeys', { response, name })).toBe(
        'INVALID_PASSKEY_NAME',
      );
    }
  });

  it("an administrator's reset removes the user's passkeys too", async () => {
    const { client, secret } = await userWithTwoFactor(service, 'frank');
    await addPasskey(client, new SoftwareAuthenticator(ORIGIN), 'Key', proofFor(service, secret));
    const { client: admin } = await userWithTwoFactor(service, 'root', 'admin');
    await admin.expect('DELETE', '/api/admin/users/frank/two-factor', {}, 200);
    const rows = await service.ctx.db.selectFrom('passkeys').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('audits every addition, removal, use and failure', async () => {
    const { client, secret } = await userWithTwoFactor(service, 'gina');
    const key = new SoftwareAuthenticator(ORIGIN);
    const { id } = await addPasskey(client, key, 'Key', proofFor(service, secret));
    await signInWithPasskey(service, 'gina', key);
    const stranger = service.client();
    await stranger.expect('POST', '/api/login', { username: 'gina', password: PASSWORD }, 200);
    const options = await stranger.expect('POST', '/api/login/passkey/options', {}, 200);
    const wrong = new SoftwareAuthenticator(ORIGIN).get(options as { challenge: string });
    await stranger.errorCode('POST', '/api/login/passkey', { response: wrong });
    await client.expect('DELETE', `/api/me/passkeys/${id}`, {}, 200);
    const events = (await service.ctx.db.selectFrom('audit_log').select('event').orderBy('id').execute()).map(
      (row) => row.event,
    );
    expect(events).toEqual(
      expect.arrayContaining([
        'passkey.added',
        'login.succeeded',
        'passkey.refused',
        'login.passkey_failed',
        'passkey.removed',
      ]),
    );
  });
});
