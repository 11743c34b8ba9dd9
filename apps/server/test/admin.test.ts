import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: ordinary users reaching administration, and security events leaving no trace.
// Defence: FORBIDDEN for non-administrators; an audit log of who did what, when, from where.
describe.each(dialects())('administration on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeEach(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client('192.0.2.10');
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterEach(async () => {
    await service.close();
  });

  it('refuses every admin endpoint to a signed-in user (403) and to nobody (401)', async () => {
    await addUser(service, 'alice');
    const user = service.client();
    await user.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    const calls = [
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { username: 'eve', password: PASSWORD, role: 'admin' }],
      ['PUT', '/api/admin/settings', { twoFactor: 'off' }],
      ['DELETE', '/api/admin/users/root/two-factor', {}],
      ['POST', '/api/admin/users/root/unlock', {}],
      ['PUT', '/api/admin/users/root/password', { password: 'taken over!' }],
      ['GET', '/api/admin/audit', undefined],
    ] as const;
    for (const [method, url, body] of calls) {
      expect(await user.errorCode(method, url, body)).toBe('FORBIDDEN');
      expect(await service.client().errorCode(method, url, body)).toBe('UNAUTHENTICATED');
    }
    expect((await admin.expect('GET', '/api/admin/settings', undefined, 200)).twoFactor).toBe('allowed');
  });

  it('creates users, lists them with 2FA and lock state, refuses duplicates', async () => {
    expect(
      await admin.expect('POST', '/api/admin/users', { username: 'Bob', password: PASSWORD }, 201),
    ).toEqual({
      username: 'bob',
      role: 'user',
      linkMailed: false,
    });
    expect(await admin.errorCode('POST', '/api/admin/users', { username: 'BOB', password: PASSWORD })).toBe(
      'USER_EXISTS',
    );
    expect(
      await admin.errorCode('POST', '/api/admin/users', { username: 'x', password: PASSWORD, role: 'root' }),
    ).toBe('BAD_REQUEST');
    await userWithTwoFactor(service, 'carol');
    const { users } = (await admin.expect('GET', '/api/admin/users', undefined, 200)) as {
      users: { username: string; role: string; twoFactor: { enabled: boolean }; locked: boolean }[];
    };
    expect(users.map((user) => [user.username, user.role, user.twoFactor.enabled, user.locked])).toEqual([
      ['bob', 'user', false, false],
      ['carol', 'user', true, false],
      ['root', 'admin', false, false],
    ]);
  });

  it('validates and stores the policy and lockout settings', async () => {
    const put = (body: unknown) => admin.send('PUT', '/api/admin/settings', body);
    expect(
      (await put({ twoFactor: 'required', lockout: { maxFailures: 5, lockSeconds: null } })).json(),
    ).toEqual({
      twoFactor: 'required',
      lockout: { maxFailures: 5, lockSeconds: null },
      passwordMinLength: null,
      passkeySignIn: true,
      adminsNeedPasskey: false,
    });
    for (const bad of [
      { twoFactor: 'sometimes' },
      { lockout: { maxFailures: 0, lockSeconds: 60 } },
      { lockout: { maxFailures: 101, lockSeconds: 60 } },
      { lockout: { maxFailures: 5, lockSeconds: -1 } },
      { lockout: { maxFailures: 2.5, lockSeconds: 60 } },
      { lockout: 'none' },
      { passkeySignIn: 'yes' },
    ]) {
      const response = await put(bad);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(await admin.expect('GET', '/api/admin/settings', undefined, 200)).toEqual({
      twoFactor: 'required',
      lockout: { maxFailures: 5, lockSeconds: null },
      passwordMinLength: null,
      passkeySignIn: true,
      adminsNeedPasskey: false,
    });
  });

  it('records security events with who, when and from which address', async () => {
    const { secret } = await userWithTwoFactor(service, 'alice');
    const attacker = service.client('203.0.113.5');
    await attacker.errorCode('POST', '/api/login', { username: 'alice', password: 'wrong password' });
    const user = service.client('198.51.100.7');
    await user.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    await user.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    await admin.expect('DELETE', '/api/admin/users/alice/two-factor', {}, 200);
    await admin.expect('POST', '/api/admin/users/alice/unlock', {}, 200);

    const { events } = (await admin.expect('GET', '/api/admin/audit', undefined, 200)) as {
      events: { event: string; actor: string | null; target: string | null; ip: string | null; at: string }[];
    };
    const find = (event: string) => events.find((entry) => entry.event === event);
    expect(find('login.password_failed')).toMatchObject({ target: 'alice', ip: '203.0.113.5' });
    expect(find('two_factor.enabled')).toMatchObject({ actor: 'alice', target: 'alice' });
    expect(
      events.filter((entry) => entry.event === 'login.succeeded' && entry.ip === '198.51.100.7'),
    ).toHaveLength(1);
    expect(find('two_factor.reset')).toMatchObject({ actor: 'root', target: 'alice', ip: '192.0.2.10' });
    expect(find('account.unlocked')).toMatchObject({ actor: 'root', target: 'alice' });
    expect(new Date(find('two_factor.reset')!.at).getTime()).toBe(service.clock.ms);
    // Newest first; `before` pages back.
    const ids = (events as unknown as { id: number }[]).map((entry) => entry.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const older = (await admin.expect(
      'GET',
      `/api/admin/audit?limit=2&before=${ids[2]}`,
      undefined,
      200,
    )) as { events: { id: number }[] };
    expect(older.events.map((entry) => entry.id)).toEqual(ids.slice(3, 5));
  });

  it('answers any paging parameters of the audit log with events or BAD_REQUEST, never a server error', async () => {
    const newest = (await admin.expect('GET', '/api/admin/audit', undefined, 200)).events;
    for (const query of ['before=99999999999', 'before=99999999999999999999', 'limit=1000000']) {
      expect((await admin.expect('GET', `/api/admin/audit?${query}`, undefined, 200)).events).toEqual(newest);
    }
    expect((await admin.expect('GET', '/api/admin/audit?limit=0', undefined, 200)).events).toHaveLength(1);
    for (const query of [
      'before=1e300',
      'before=-5',
      'before=x',
      'limit=1.5',
      'limit=-1',
      'before=1&before=2',
    ]) {
      expect(await admin.errorCode('GET', `/api/admin/audit?${query}`), query).toBe('BAD_REQUEST');
    }
  });

  it('answers USER_NOT_FOUND for unknown users', async () => {
    expect(await admin.errorCode('POST', '/api/admin/users/nobody/unlock', {})).toBe('USER_NOT_FOUND');
    expect(await admin.errorCode('DELETE', '/api/admin/users/nobody/two-factor', {})).toBe('USER_NOT_FOUND');
  });
});
