import { decodeBase32, totp } from '@kakunin/otp';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { formOn, postForm } from './support/forms.js';
import { dialects, fixedClock, type TestService, testService } from './support/harness.js';
import { type ReleaseFixture, releaseDatabase, releaseFacts } from './support/release-fixture.js';

// Threat: an upgrade that loses or breaks what people already had — a password that no longer matches,
// a TOTP key that no longer decrypts, recovery codes that stop working (or a used one that works again),
// everybody signed out. The fixture is a database written by release 0.1.0; every later migration must
// keep these sign-ins working.
describe.each(dialects())('upgrading a release 0.1.0 database on %s', (dialect) => {
  let service: TestService;
  let facts: ReleaseFixture;
  let migratedBefore: string[];

  beforeEach(async () => {
    facts = releaseFacts(dialect);
    const test = await releaseDatabase(dialect);
    const done = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      test.database.db,
    );
    migratedBefore = done.rows.map((row) => row.name);
    await migrate(test.database);
    // Two minutes after the release last wrote: its sessions are still live, its steps are past.
    const clock = fixedClock(facts.now + 120_000);
    const secretKey = new Uint8Array(Buffer.from(facts.secretKeyHex, 'hex'));
    service = await testService(dialect, { test, clock, secretKey });
  });
  afterEach(async () => {
    await service.close();
    await service.test.dispose();
  });

  const code = (secret: string): string => totp(decodeBase32(secret), service.clock.ms);

  it('starts from the release schema, not from a fixture made again later', () => {
    expect(migratedBefore).toEqual(['0001_initial']);
  });

  it('keeps the sessions that were signed in', async () => {
    for (const [token, username] of [
      [facts.users.alice.session, 'alice'],
      [facts.users.admin.session, facts.users.admin.username],
      [facts.users.bob.session, 'bob'],
    ] as const) {
      const client = service.client();
      client.cookies.set('kakunin_session', token);
      const me = await client.expect('GET', '/api/me', undefined, 200);
      expect(me.username).toBe(username);
    }
    const admin = service.client();
    admin.cookies.set('kakunin_session', facts.users.admin.session);
    const users = await admin.send('GET', '/api/admin/users');
    expect(users.statusCode, users.body).toBe(200);
  });

  it('accepts the page forms of a session from before the form tokens had a key of their own', async () => {
    const token = facts.users.alice.session;
    const stored = await service.ctx.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.csrf_key')
      .where('users.username', '=', 'alice')
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((row) => row.csrf_key === null)).toBe(true);
    const browser = service.client();
    browser.cookies.set('kakunin_session', token);
    const fields = await formOn(browser, '/account/profile', '/account/profile');
    const sent = await postForm(browser, '/account/profile', { ...fields, displayName: 'Alice', email: '' });
    expect(sent.statusCode, sent.body).toBe(303);
    const row = await service.ctx.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    expect(row.display_name).toBe('Alice');
    // Still bound to that session: another person's old session cannot send alice's form.
    const other = service.client();
    other.cookies.set('kakunin_session', facts.users.bob.session);
    other.cookies.set('kakunin_csrf', browser.cookies.get('kakunin_csrf') ?? '');
    const refused = await postForm(other, '/account/profile', {
      ...fields,
      displayName: 'Mallory',
      email: '',
    });
    expect(refused.statusCode).toBe(403);
    const after = await service.ctx.db
      .selectFrom('users')
      .select('display_name')
      .where('username', '=', 'bob')
      .executeTakeFirstOrThrow();
    expect(after.display_name).not.toBe('Mallory');
  });

  it('signs in with the password and the code from the old key', async () => {
    const client = service.client();
    const first = await client.expect(
      'POST',
      '/api/login',
      { username: 'alice', password: facts.password },
      200,
    );
    expect(first.status).toBe('second_factor_required');
    const wrong = service.client();
    await wrong.expect('POST', '/api/login', { username: 'alice', password: 'not the password' }, 401);
    await client.expect('POST', '/api/login/totp', { code: code(facts.users.alice.secret) }, 200);
    const me = await client.expect('GET', '/api/me', undefined, 200);
    expect(me.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
  });

  it('signs in with an unused recovery code once, and never with the one used before the upgrade', async () => {
    const used = service.client();
    await used.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    expect(
      await used.errorCode('POST', '/api/login/recovery-code', { code: facts.users.alice.usedRecoveryCode }),
    ).toBe('INVALID_CODE');
    const unused = facts.users.alice.recoveryCodes[4]!;
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    await client.expect('POST', '/api/login/recovery-code', { code: unused }, 200);
    const again = service.client();
    await again.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    expect(await again.errorCode('POST', '/api/login/recovery-code', { code: unused })).toBe('INVALID_CODE');
  });

  it('signs in the administrator with a code and a user without two-factor with the password alone', async () => {
    const admin = service.client();
    await admin.expect(
      'POST',
      '/api/login',
      { username: facts.users.admin.username, password: facts.password },
      200,
    );
    await admin.expect('POST', '/api/login/totp', { code: code(facts.users.admin.secret) }, 200);
    expect((await admin.send('GET', '/api/admin/users')).statusCode).toBe(200);
    const bob = service.client();
    const result = await bob.expect('POST', '/api/login', { username: 'bob', password: facts.password }, 200);
    expect(result.status).toBe('ok');
    expect((await bob.expect('GET', '/api/me', undefined, 200)).username).toBe('bob');
  });

  it('keeps the last accepted step: the code the release accepted is refused, the next one works', async () => {
    // Back at the step of alice's enrollment, which the release accepted.
    service.clock.ms = facts.createdAt + 10_000;
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'alice', password: facts.password }, 200);
    expect(await client.errorCode('POST', '/api/login/totp', { code: code(facts.users.alice.secret) })).toBe(
      'CODE_ALREADY_USED',
    );
    const next = totp(decodeBase32(facts.users.alice.secret), service.clock.ms + 30_000);
    await client.expect('POST', '/api/login/totp', { code: next }, 200);
  });
});
