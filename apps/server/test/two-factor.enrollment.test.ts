import { encodeBase32, parseKeyURI } from '@kakunin/otp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSession } from '../src/services/sessions.js';
import { confirmEnrollment, startEnrollment } from '../src/services/two-factor.js';
import { findUser } from '../src/services/users.js';
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

// The registration dialog's contract: a key stays pending (useless for sign-in) until a code confirms it;
// re-registering keeps the old key working until the new one is confirmed.
describe.each(dialects())('two-factor enrollment on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
  });
  afterEach(async () => {
    await service.close();
  });

  it('names the service in the QR code after its public address (or KAKUNIN_ISSUER)', async () => {
    for (const [env, issuer] of [
      [{ PUBLIC_URL: 'https://sign-in.example.com' }, 'sign-in.example.com'],
      [{ PUBLIC_URL: 'https://sign-in.example.com', KAKUNIN_ISSUER: 'Example Corp' }, 'Example Corp'],
    ] as const) {
      const named = await testService(dialect, { env });
      try {
        await addUser(named, 'alice');
        const client = named.client();
        await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
        const enrollment = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
        expect(parseKeyURI(String(enrollment.otpauthUri))).toMatchObject({ issuer, name: 'alice' });
      } finally {
        await named.close();
      }
    }
  });

  it('enables 2FA only after a right code, then asks for the code at sign-in', async () => {
    await addUser(service, 'alice');
    const client = service.client();
    expect(await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200)).toEqual(
      { status: 'ok' },
    );
    const enrollment = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const account = parseKeyURI(String(enrollment.otpauthUri));
    expect(account).toMatchObject({
      type: 'totp',
      issuer: 'Kakunin',
      name: 'alice',
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
    expect(encodeBase32(account.secret)).toBe(enrollment.secret);
    expect(String(enrollment.qrSvg)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // Pending: a fresh sign-in does not ask for a code yet.
    const other = service.client();
    expect(await other.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200)).toEqual({
      status: 'ok',
    });
    expect((await client.expect('GET', '/api/me', undefined, 200)).twoFactor).toMatchObject({
      enabled: false,
      pending: true,
    });

    // A wrong code leaves it pending.
    const wrong = codeFor(service, String(enrollment.secret), 5);
    expect(await client.errorCode('POST', '/api/me/two-factor/enrollment/confirm', { code: wrong })).toBe(
      'INVALID_CODE',
    );

    const confirmed = await client.expect(
      'POST',
      '/api/me/two-factor/enrollment/confirm',
      { code: codeFor(service, String(enrollment.secret)) },
      200,
    );
    expect(confirmed.enabled).toBe(true);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect((await client.expect('GET', '/api/me', undefined, 200)).twoFactor).toMatchObject({
      enabled: true,
      policy: 'allowed',
    });

    service.clock.advance(30);
    const next = service.client();
    expect(await next.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200)).toEqual({
      status: 'second_factor_required',
    });
    expect(await next.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await next.expect('POST', '/api/login/totp', { code: codeFor(service, String(enrollment.secret)) }, 200);
    expect((await next.expect('GET', '/api/me', undefined, 200)).username).toBe('alice');
  });

  it('keeps the old key working while a new one is registered, until the new one is confirmed', async () => {
    const { secret: oldKey, client } = await userWithTwoFactor(service, 'bob');
    // Re-keying is a sensitive change: a code from the current key confirms it is the owner.
    const { secret: newKey } = await client.expect(
      'POST',
      '/api/me/two-factor/enrollment',
      { code: codeFor(service, oldKey) },
      200,
    );
    expect(newKey).not.toBe(oldKey);
    service.clock.advance(30);

    const before = service.client();
    await before.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    expect(
      await before.errorCode('POST', '/api/login/totp', { code: codeFor(service, String(newKey)) }),
    ).toBe('INVALID_CODE');
    await before.expect('POST', '/api/login/totp', { code: codeFor(service, oldKey) }, 200);

    service.clock.advance(30);
    const confirmed = await client.expect(
      'POST',
      '/api/me/two-factor/enrollment/confirm',
      { code: codeFor(service, String(newKey)) },
      200,
    );
    expect(confirmed.recoveryCodes).toHaveLength(10);

    service.clock.advance(30);
    const after = service.client();
    await after.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    expect(await after.errorCode('POST', '/api/login/totp', { code: codeFor(service, oldKey) })).toBe(
      'INVALID_CODE',
    );
    await after.expect('POST', '/api/login/totp', { code: codeFor(service, String(newKey)) }, 200);
  });

  it('never leaves a user without a working key when a new registration replaces the one being confirmed', async () => {
    let { secret: activeKey, client } = await userWithTwoFactor(service, 'alice');
    const user = { userId: (await findUser(service.ctx, 'alice'))!.id, username: 'alice' };
    const actor = { username: 'alice', ip: null };
    const signedIn = (await findSession(service.ctx, client.session))!;
    let token = client.session;
    for (let round = 0; round < 5; round++) {
      // This race is about the keys, not about re-authentication: the person confirmed just now.
      const request = { session: { ...signedIn, reauthAt: service.clock.ms }, actor };
      const first = await startEnrollment(service.ctx, request);
      // The confirmation of the first key races a second registration that replaces it.
      const [confirmed] = await Promise.allSettled([
        confirmEnrollment(
          service.ctx,
          user,
          { code: codeFor(service, first.secret), session: { token, stage: 'full' } },
          actor,
        ),
        startEnrollment(service.ctx, request),
      ]);
      const active = await service.ctx.db
        .selectFrom('totp_credentials')
        .select('id')
        .where('user_id', '=', user.userId)
        .where('state', '=', 'active')
        .execute();
      expect(active).toHaveLength(1);
      if (confirmed.status === 'fulfilled') {
        activeKey = first.secret;
        token = confirmed.value.session.token;
      } else {
        // Replaced before its code was checked, or between the check and the switch.
        expect(['INVALID_CODE', 'NO_PENDING_ENROLLMENT']).toContain(confirmed.reason.code);
        // The key that was active before still signs in.
        service.clock.advance(30);
        const client = service.client();
        await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
        await client.expect('POST', '/api/login/totp', { code: codeFor(service, activeKey) }, 200);
      }
      service.clock.advance(30);
    }
  });

  it('registers nothing when the session ended before the code was confirmed', async () => {
    await addUser(service, 'carol');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'carol', password: PASSWORD }, 200);
    const enrollment = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    const token = client.session;
    const session = (await findSession(service.ctx, token))!;
    await client.expect('POST', '/api/logout', {}, 200);
    const confirming = confirmEnrollment(
      service.ctx,
      { userId: session.userId, username: 'carol' },
      { code: codeFor(service, enrollment.secret as string), session: { token, stage: session.stage } },
      { username: 'carol', ip: null },
    );
    await expect(confirming).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const states = await service.ctx.db
      .selectFrom('totp_credentials')
      .select('state')
      .where('user_id', '=', session.userId)
      .execute();
    expect(states).toEqual([{ state: 'pending' }]);
  });

  it('disables 2FA only with a current code (or a sign-in within 5 minutes), and never when it is required', async () => {
    const { secret, client } = await userWithTwoFactor(service, 'carol');
    service.clock.advance(5 * 60);
    // The password alone does not do it for a person with a second factor, nor a wrong code.
    expect(await client.errorCode('DELETE', '/api/me/two-factor', { password: PASSWORD })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await client.errorCode('DELETE', '/api/me/two-factor', {})).toBe('REAUTHENTICATION_REQUIRED');
    expect(
      await client.errorCode('DELETE', '/api/me/two-factor', { password: PASSWORD, code: '000000' }),
    ).toBe('INVALID_CODE');
    await setPolicy(service, { twoFactor: 'required' });
    expect(await client.errorCode('DELETE', '/api/me/two-factor', { code: codeFor(service, secret) })).toBe(
      'TWO_FACTOR_REQUIRED',
    );
    await setPolicy(service, { twoFactor: 'allowed' });
    expect(
      await client.expect('DELETE', '/api/me/two-factor', { code: codeFor(service, secret) }, 200),
    ).toEqual({
      enabled: false,
    });
    const next = service.client();
    expect(await next.expect('POST', '/api/login', { username: 'carol', password: PASSWORD }, 200)).toEqual({
      status: 'ok',
    });
  });

  it('sends a user without 2FA straight to registration when the policy requires it', async () => {
    await addUser(service, 'dave');
    await setPolicy(service, { twoFactor: 'required' });
    const client = service.client();
    expect(await client.expect('POST', '/api/login', { username: 'dave', password: PASSWORD }, 200)).toEqual({
      status: 'enrollment_required',
    });
    expect((await client.expect('GET', '/api/me', undefined, 200)).enrollmentRequired).toBe(true);
    expect(await client.errorCode('POST', '/api/me/two-factor/recovery-codes', { code: '123456' })).toBe(
      'ENROLLMENT_REQUIRED',
    );
    const before = client.session;
    const { secret } = await client.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    await client.expect(
      'POST',
      '/api/me/two-factor/enrollment/confirm',
      { code: codeFor(service, String(secret)) },
      200,
    );
    expect(client.session).not.toBe(before);
    expect((await client.expect('GET', '/api/me', undefined, 200)).enrollmentRequired).toBe(false);
  });

  it('refuses registration when the administrator turned 2FA off, and skips the code step', async () => {
    const { client } = await userWithTwoFactor(service, 'erin');
    await setPolicy(service, { twoFactor: 'off' });
    expect(await client.errorCode('POST', '/api/me/two-factor/enrollment', {})).toBe('TWO_FACTOR_DISABLED');
    const next = service.client();
    expect(await next.expect('POST', '/api/login', { username: 'erin', password: PASSWORD }, 200)).toEqual({
      status: 'ok',
    });
  });
});
