import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptKeys, secondFactorRule } from '../src/services/attempts/index.js';
import { findUser } from '../src/services/users.js';
import { Client } from './support/client.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: someone holding only a signed-in session (a stolen cookie) takes the account over by
// registering their own authenticator — the owner's key stops working and all recovery codes are
// replaced — or turns the second factor off. Defence: one re-authentication rule for every sensitive
// change (a current factor with the request, or all factors proven within the last 5 minutes), and
// nothing sensitive starts while the account is locked.
describe.each(dialects())('a stolen session cookie on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
  });
  afterEach(async () => {
    await service.close();
  });

  /** The owner signs in with password and code; the attacker copies the cookies some minutes later. */
  async function stolenAfter(minutes: number) {
    const owner = await userWithTwoFactor(service, 'alice');
    const victim = service.client();
    await victim.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    await victim.expect('POST', '/api/login/totp', { code: codeFor(service, owner.secret) }, 200);
    service.clock.advance(minutes * 60);
    const attacker = service.client('203.0.113.9');
    for (const [name, value] of victim.cookies) attacker.cookies.set(name, value);
    return { ...owner, victim, attacker };
  }

  async function ownerStillInControl(secret: string, recoveryCodes: string[]) {
    const rows = await service.ctx.db.selectFrom('totp_credentials').select('state').execute();
    expect(rows.map((row) => row.state)).toEqual(['active']);
    service.clock.advance(30);
    const owner = service.client();
    await owner.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    await owner.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    const me = await owner.expect('GET', '/api/me', undefined, 200);
    expect(me.twoFactor).toMatchObject({ enabled: true, pending: false, recoveryCodesLeft: 10 });
    const other = service.client();
    await other.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    await other.expect('POST', '/api/login/recovery-code', { code: recoveryCodes[0] }, 200);
  }

  it('cannot register its own key over the API: the owner keeps the key and all recovery codes', async () => {
    const { secret, recoveryCodes, attacker } = await stolenAfter(6);
    const refused = await attacker.send('POST', '/api/me/two-factor/enrollment', {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { code: 'REAUTHENTICATION_REQUIRED', methods: ['otp', 'rec'] },
    });
    // Knowing the password does not help either: the owner has a second factor.
    expect(await attacker.errorCode('POST', '/api/me/two-factor/enrollment', { password: PASSWORD })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await attacker.errorCode('POST', '/api/me/two-factor/enrollment', { code: '123456' })).toBe(
      'INVALID_CODE',
    );
    expect(
      await attacker.errorCode('POST', '/api/me/two-factor/enrollment/confirm', { code: '123456' }),
    ).toBe('NO_PENDING_ENROLLMENT');
    await ownerStillInControl(secret, recoveryCodes);
  });

  it('cannot register its own key through the pages either', async () => {
    const { secret, recoveryCodes, attacker } = await stolenAfter(6);
    const account = await attacker.send('GET', '/account');
    const token = /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1] ?? '';
    const response = await attacker.send('POST', '/account/two-factor/enrollment', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}`,
    });
    // The page asks to confirm it is the owner instead of opening the registration dialog.
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('action="/account/confirm"');
    expect(response.body).not.toContain('otpauth://');
    await ownerStillInControl(secret, recoveryCodes);
  });

  it('cannot turn two-factor off or replace the recovery codes', async () => {
    const { secret, recoveryCodes, attacker } = await stolenAfter(6);
    expect(await attacker.errorCode('DELETE', '/api/me/two-factor', { password: PASSWORD })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await attacker.errorCode('POST', '/api/me/two-factor/recovery-codes', {})).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await attacker.errorCode('POST', '/api/me/reauthenticate', { password: PASSWORD })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    await ownerStillInControl(secret, recoveryCodes);
  });

  it('lets the owner re-key within 5 minutes of a full sign-in, and later with a current code', async () => {
    const { secret, victim } = await stolenAfter(4);
    const me = await victim.expect('GET', '/api/me', undefined, 200);
    expect(me.authentication).toMatchObject({ amr: ['pwd', 'otp'], reauthMethods: ['otp', 'rec'] });
    await victim.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    service.clock.advance(2 * 60);
    expect(await victim.errorCode('POST', '/api/me/two-factor/enrollment', {})).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    const { reauthenticatedUntil } = await victim.expect(
      'POST',
      '/api/me/reauthenticate',
      { code: codeFor(service, secret) },
      200,
    );
    expect(reauthenticatedUntil).toBe(service.clock.ms + 5 * 60_000);
    await victim.expect('POST', '/api/me/two-factor/enrollment', {}, 200);
    // The code that opened the window is spent: it cannot be replayed to open another.
    expect(await victim.errorCode('POST', '/api/me/reauthenticate', { code: codeFor(service, secret) })).toBe(
      'INVALID_CODE',
    );
  });

  it('accepts a recovery code as proof and uses it up', async () => {
    const { recoveryCodes, victim } = await stolenAfter(10);
    const code = recoveryCodes[3];
    await victim.expect('POST', '/api/me/two-factor/recovery-codes', { recoveryCode: code }, 200);
    service.clock.advance(6 * 60);
    expect(await victim.errorCode('POST', '/api/me/reauthenticate', { code })).toBe('INVALID_CODE');
  });

  it('asks a person without a second factor for the password once the sign-in is 5 minutes old', async () => {
    await addUser(service, 'bob');
    const bob = service.client();
    await bob.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    service.clock.advance(5 * 60 + 1);
    const attacker = new Client(service.app, '203.0.113.9');
    for (const [name, value] of bob.cookies) attacker.cookies.set(name, value);
    expect(await attacker.send('POST', '/api/me/two-factor/enrollment', {})).toMatchObject({
      statusCode: 403,
    });
    expect(await attacker.errorCode('POST', '/api/me/two-factor/enrollment', { password: 'guess' })).toBe(
      'WRONG_PASSWORD',
    );
    await bob.expect('POST', '/api/me/two-factor/enrollment', { password: PASSWORD }, 200);
  });
});

// Threat: an attacker who locked the account (or a session of a locked account) starts a registration.
describe.each(dialects())('enrollment while the account is locked on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService(dialect);
  });
  afterEach(async () => {
    await service.close();
  });

  it('is refused before any proof is looked at, and leaves no pending key', async () => {
    const { secret, client } = await userWithTwoFactor(service, 'alice');
    // alice's code is locked. (The password lock shared by unknown browsers, which anyone can set,
    // does not stop a session that passed the password step; a password asked again in a session has
    // an allowance of its own that locks like a browser's: attempts.lockout-dos.test.ts.)
    const lockout = { maxFailures: 1, lockSeconds: 600 };
    const alice = await findUser(service.ctx, 'alice');
    await service.ctx.attempts.reserve(
      attemptKeys.totp(alice!.id),
      secondFactorRule(lockout),
      service.clock.ms,
    );
    for (const [who, proof] of [
      [client, { code: codeFor(service, secret) }],
      [client, {}],
    ] as const) {
      const refused = await who.send('POST', '/api/me/two-factor/enrollment', proof);
      expect(refused.statusCode).toBe(423);
      expect(refused.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    }
    const pending = await service.ctx.db
      .selectFrom('totp_credentials')
      .select('id')
      .where('state', '=', 'pending')
      .execute();
    expect(pending).toEqual([]);
  });
});
