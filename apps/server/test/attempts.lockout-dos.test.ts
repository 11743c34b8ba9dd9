import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptKeys } from '../src/services/attempts/index.js';
import { ensureAdministrator } from '../src/services/bootstrap.js';
import type { Client } from './support/client.js';
import { formOn, postForm } from './support/forms.js';
import {
  addUser,
  cheapPasswords,
  codeFor,
  dialects,
  enrollTwoFactor,
  PASSWORD,
  type TestService,
  testService,
} from './support/harness.js';

// Threat: someone at another address, with no device cookie, guesses the owner's password and the
// built-in administrator's again and again for days — far past the account limit and NIST's 100
// consecutive failures — to lock them out (before ADR 0009 the built-in `admin` was locked for good
// in 27 minutes). Defence: the guesser only ever locks the allowance shared by unknown browsers; a
// browser that signed in before keeps its own; the password step locks for growing delays (3, 6,
// 12 … minutes, at most 24 hours), never for good; and while locked nothing is checked.

const ATTACKER = '203.0.113.66';
const LIMIT = 10;
// Eleven locks in a row: 110 consecutive wrong passwords, past the 100 that lock a second factor.
const ROUNDS = 11;
const DAY = 86_400;

describe.each(dialects())('lockout denial of service on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  let owner: Client;
  beforeEach(async () => {
    service = await testService(dialect);
    await ensureAdministrator(service.ctx, PASSWORD);
    await cheapPasswords(service, ['admin']);
    // The administrator signed in from this browser before (and set up a code): it holds a device cookie.
    ({ secret, client: owner } = await enrollTwoFactor(service, 'admin'));
  });
  afterEach(async () => {
    await service.close();
  });

  /** Seconds until the lock shared by unknown browsers ends (0 when it is open). */
  async function lockLeft(): Promise<number> {
    const key = attemptKeys.password('admin');
    const until = (await service.ctx.attempts.lockedUntil([key], service.clock.ms)).get(key);
    return until === undefined ? 0 : (until - service.clock.ms) / 1000;
  }

  /** Wrong passwords really checked: one audit entry each. */
  async function evaluated(): Promise<number> {
    const rows = await service.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('event', '=', 'login.password_failed')
      .where('target', '=', 'admin')
      .execute();
    return rows.length;
  }

  /** A wrong guess, through the JSON API and (every third) through the sign-in page. */
  async function guess(attacker: Client, n: number): Promise<number> {
    const password = `wrong guess ${n}`;
    if (n % 3 !== 1)
      return (await attacker.send('POST', '/api/login', { username: 'admin', password })).statusCode;
    const fields = await formOn(attacker, '/sign-in', '/sign-in');
    return (await postForm(attacker, '/sign-in', { ...fields, username: 'admin', password })).statusCode;
  }

  it('a guesser elsewhere never locks out the administrator’s browser, nor a new one for good', async () => {
    const attacker = service.client(ATTACKER);
    const locks: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // The guesser tries again the moment each lock ends.
      for (let n = 0; n < LIMIT + 2; n++) expect(await guess(attacker, n)).toBe(401);
      // Pages and API alike: exactly the limit checked per lock, the two guesses beyond it not.
      expect(await evaluated()).toBe(round * LIMIT);
      const left = await lockLeft();
      locks.push(left);

      // Meanwhile the right password from a new browser is refused unchecked, like any wrong one …
      const right = await service.client('198.51.100.5').send('POST', '/api/login', {
        username: 'admin',
        password: PASSWORD,
      });
      const wrong = await service.client('198.51.100.6').send('POST', '/api/login', {
        username: 'admin',
        password: 'wrong guess',
      });
      expect(right.statusCode).toBe(401);
      expect(right.body).toBe(wrong.body);
      // … and the administrator's own browser signs in with the password and the code.
      if (round % 5 === 1 || round === ROUNDS) {
        const first = await owner.expect(
          'POST',
          '/api/login',
          { username: 'admin', password: PASSWORD },
          200,
        );
        expect(first).toEqual({ status: 'second_factor_required' });
        await owner.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
      }
      service.clock.advance(left + 1);
    }
    // The documented delays: 3, 6, 12 … minutes, doubling, at most 24 hours — never for good.
    expect(locks).toEqual([180, 360, 720, 1440, 2880, 5760, 11_520, 23_040, 46_080, DAY, DAY]);
    expect(await evaluated()).toBeGreaterThan(100);

    // One more round after 110 consecutive wrong passwords locks for a day at most; a new browser with
    // the right password gets in once it is over.
    for (let n = 0; n < LIMIT; n++) await guess(attacker, n);
    expect(await lockLeft()).toBe(DAY);
    service.clock.advance(DAY);
    const fresh = service.client('198.51.100.7');
    const first = await fresh.expect('POST', '/api/login', { username: 'admin', password: PASSWORD }, 200);
    expect(first).toEqual({ status: 'second_factor_required' });
    await fresh.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
  }, 60_000);

  it('a guesser elsewhere does not stop the signed-in administrator from proving a code and changing the account', async () => {
    const attacker = service.client(ATTACKER);
    for (let n = 0; n < LIMIT; n++) await guess(attacker, n);
    expect(await lockLeft()).toBe(180);
    await owner.expect('POST', '/api/login', { username: 'admin', password: PASSWORD }, 200);
    await owner.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    service.clock.advance(30);
    // New recovery codes (after a lost phone, say) take the current code: the shared password lock
    // is the unknown browsers' and has nothing to say about this session's code.
    await owner.expect('POST', '/api/me/two-factor/recovery-codes', { code: codeFor(service, secret) }, 200);
    service.clock.advance(30);
    await owner.expect('POST', '/api/me/reauthenticate', { code: codeFor(service, secret) }, 200);
  });

  it('a guesser elsewhere does not stop a signed-in person without a second factor from confirming with the password, and a stolen session guesses no further than a browser', async () => {
    await addUser(service, 'bob');
    await cheapPasswords(service, ['bob']);
    const bob = service.client('192.0.2.44');
    await bob.expect('POST', '/api/login', { username: 'bob', password: PASSWORD }, 200);
    // The sign-in is old: a change needs the password again…
    service.clock.advance(5 * 60 + 1);
    const attacker = service.client(ATTACKER);
    for (let n = 0; n < LIMIT; n++)
      await attacker.send('POST', '/api/login', { username: 'bob', password: `guess ${n}` });
    expect(
      (await service.ctx.attempts.lockedUntil([attemptKeys.password('bob')], service.clock.ms)).size,
    ).toBe(1);
    // …and the lock the guesser set on unknown browsers does not refuse it.
    await bob.expect('POST', '/api/me/reauthenticate', { password: PASSWORD }, 200);

    // The same session in a thief's hands: ten wrong passwords, then locked like a browser would be.
    service.clock.advance(5 * 60 + 1);
    const thief = service.client(ATTACKER);
    for (const [name, value] of bob.cookies) thief.cookies.set(name, value);
    const answers: string[] = [];
    for (let n = 0; n < LIMIT + 1; n++)
      answers.push(await thief.errorCode('POST', '/api/me/reauthenticate', { password: `guess ${n}` }));
    expect(answers.slice(0, LIMIT - 1)).toEqual(Array(LIMIT - 1).fill('WRONG_PASSWORD'));
    expect(answers.slice(LIMIT - 1)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    expect(await thief.errorCode('POST', '/api/me/reauthenticate', { password: PASSWORD })).toBe(
      'ACCOUNT_LOCKED',
    );
  });
});
