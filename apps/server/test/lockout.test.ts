import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptKeys, passwordRule, secondFactorRule } from '../src/services/attempts/index.js';
import { findUser } from '../src/services/users.js';
import type { Client } from './support/client.js';
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

// Threat: guessing passwords or 6-digit codes online. Defence (ADR 0009): a counter for the password
// and one for the code (10 → locked 3 minutes, longer each time), a cap of 5 codes per pending sign-in,
// a lock that hides whether a guess was right, and never more than 100 consecutive wrong codes
// (NIST SP 800-63B §5.2.2).
describe.each(dialects())('account lockout on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  let signedIn: Client;
  beforeEach(async () => {
    service = await testService(dialect);
    ({ secret, client: signedIn } = await userWithTwoFactor(service, 'alice'));
    await addUser(service, 'root', 'admin');
  });
  afterEach(async () => {
    await service.close();
  });

  async function pending(): Promise<Client> {
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    return client;
  }

  const wrongCode = () => codeFor(service, secret, 10);
  const lockout = { maxFailures: 10, lockSeconds: 180 };

  /** Uses up alice's password and code counters as ten wrong guesses each would. */
  async function lockAlice(): Promise<void> {
    const user = await findUser(service.ctx, 'alice');
    for (let i = 0; i < 10; i++) {
      await service.ctx.attempts.reserve(
        attemptKeys.password('alice'),
        passwordRule(lockout),
        service.clock.ms,
      );
      await service.ctx.attempts.reserve(
        attemptKeys.totp(user!.id),
        secondFactorRule(lockout),
        service.clock.ms,
      );
    }
  }

  it('locks the password after 10 wrong passwords and the code after 10 wrong codes', async () => {
    const attacker = service.client();
    for (let i = 0; i < 9; i++) {
      expect(
        await attacker.errorCode('POST', '/api/login', {
          username: 'alice',
          password: `guess ${i} password`,
        }),
      ).toBe('INVALID_CREDENTIALS');
    }
    const tenth = await attacker.send('POST', '/api/login', { username: 'alice', password: 'guess 9 x' });
    // The password step never says "locked" (that would tell which names exist): it answers as for
    // any wrong password, and now refuses even the right one without checking it.
    expect(tenth.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    const locked = await attacker.send('POST', '/api/login', { username: 'alice', password: PASSWORD });
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toBe(tenth.body);
    expect(
      await service.ctx.db
        .selectFrom('audit_log')
        .select('event')
        .where('event', '=', 'account.locked')
        .execute(),
    ).toHaveLength(1);

    service.clock.advance(181);
    const codes = [await pending(), await pending()];
    for (let i = 0; i < 9; i++) {
      const signIn = codes[i % 2]!;
      expect(await signIn.errorCode('POST', '/api/login/totp', { code: wrongCode() })).toBe('INVALID_CODE');
    }
    const third = await pending();
    const tenthCode = await third.send('POST', '/api/login/totp', { code: wrongCode() });
    expect(tenthCode.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', retryAfterSeconds: 180 } });
  });

  it('answers a right code and a wrong code identically while locked, and does not use the code up', async () => {
    const [right, wrong] = [await pending(), await pending()];
    const user = await findUser(service.ctx, 'alice');
    await lockAlice();

    const lastStep = () =>
      service.ctx.db
        .selectFrom('totp_credentials')
        .select('last_step')
        .where('user_id', '=', user!.id)
        .executeTakeFirstOrThrow();
    const before = await lastStep();
    const code = codeFor(service, secret);
    const a = await right.send('POST', '/api/login/totp', { code });
    const b = await wrong.send('POST', '/api/login/totp', { code: wrongCode() });
    expect(a.statusCode).toBe(423);
    expect(a.body).toBe(b.body);
    expect(await lastStep()).toEqual(before);

    // Three minutes later the lock is over and the user signs in with the current code.
    service.clock.advance(181);
    const later = await pending();
    await later.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
  });

  it('does not let a signed-in session learn a password or code while locked (disable 2FA, new codes)', async () => {
    await lockAlice();
    const right = { password: PASSWORD, code: codeFor(service, secret) };
    const wrong = { password: 'wrong password', code: wrongCode() };
    const answers = [
      await signedIn.send('DELETE', '/api/me/two-factor', right),
      await signedIn.send('DELETE', '/api/me/two-factor', wrong),
      await signedIn.send('DELETE', '/api/me/two-factor', { password: PASSWORD, code: wrong.code }),
      await signedIn.send('POST', '/api/me/two-factor/recovery-codes', { code: right.code }),
      await signedIn.send('POST', '/api/me/two-factor/recovery-codes', { code: wrong.code }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(423);
      expect(answer.body).toBe(answers[0]?.body);
    }
    expect(answers[0]?.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', retryAfterSeconds: 180 } });
    // Nothing changed: 2FA is still on and the right code was not used up.
    expect((await signedIn.expect('GET', '/api/me', undefined, 200)).twoFactor).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    service.clock.advance(181);
    await signedIn.expect(
      'POST',
      '/api/me/two-factor/recovery-codes',
      { code: codeFor(service, secret) },
      200,
    );
  });

  it('keeps the account locked until an administrator unlocks it when lockSeconds is null', async () => {
    await setPolicy(service, { lockout: { maxFailures: 3, lockSeconds: null } });
    const attacker = service.client();
    for (let i = 0; i < 2; i++)
      await attacker.errorCode('POST', '/api/login', { username: 'alice', password: 'wrong password' });
    const third = await attacker.send('POST', '/api/login', {
      username: 'alice',
      password: 'wrong password',
    });
    expect(third.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    service.clock.advance(86_400 * 30);
    expect(
      await service.client().errorCode('POST', '/api/login', { username: 'alice', password: PASSWORD }),
    ).toBe('INVALID_CREDENTIALS');

    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    const { users } = (await admin.expect('GET', '/api/admin/users', undefined, 200)) as {
      users: { username: string }[];
    };
    expect(users.find((user) => user.username === 'alice')).toMatchObject({
      locked: true,
      lockRetryAfterSeconds: null,
    });
    await admin.expect('POST', '/api/admin/users/alice/unlock', {}, 200);
    expect(
      await service.client().expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200),
    ).toEqual({
      status: 'second_factor_required',
    });
  });

  it('drops a pending sign-in after 5 wrong codes, even before the account locks', async () => {
    const signIn = await pending();
    for (let i = 0; i < 5; i++)
      expect(await signIn.errorCode('POST', '/api/login/totp', { code: wrongCode() })).toBe('INVALID_CODE');
    expect(await signIn.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret) })).toBe(
      'NO_PENDING_LOGIN',
    );
    // The account itself is not locked (5 < 10): a new sign-in works.
    const again = await pending();
    await again.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
  });

  it('locks the code for good after 100 consecutive wrong codes, however the locks were spaced', async () => {
    await setPolicy(service, { lockout: { maxFailures: 10, lockSeconds: 1 } });
    const user = await findUser(service.ctx, 'alice');
    const rule = secondFactorRule({ maxFailures: 10, lockSeconds: 1 });
    for (let i = 1; i < 100; i++) {
      const reservation = await service.ctx.attempts.reserve(
        attemptKeys.totp(user!.id),
        rule,
        service.clock.ms,
      );
      expect(reservation).toEqual(
        i % 10 === 0 ? { granted: true, lockedFor: 2 ** (i / 10 - 1) * 1000 } : { granted: true },
      );
      service.clock.advance(2 ** Math.ceil(i / 10));
    }
    // The 100th failure is a real wrong code.
    const last = await (await pending()).send('POST', '/api/login/totp', { code: wrongCode() });
    expect(last.json()).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', retryAfterSeconds: null } });
    service.clock.advance(86_400 * 30);
    const later = await pending();
    expect(await later.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret) })).toBe(
      'ACCOUNT_LOCKED',
    );
  });

  it('starts counting again after a success', async () => {
    const attacker = service.client();
    for (let i = 0; i < 9; i++)
      await attacker.errorCode('POST', '/api/login', { username: 'alice', password: 'wrong password' });
    await service.client().expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    for (let i = 0; i < 9; i++) {
      expect(
        await attacker.errorCode('POST', '/api/login', { username: 'alice', password: 'wrong password' }),
      ).toBe('INVALID_CREDENTIALS');
    }
  });
});
