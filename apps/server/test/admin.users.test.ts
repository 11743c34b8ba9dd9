import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authzSession } from '../src/authz/session.js';
import { findAccount, subjectFor } from '../src/oidc/account.js';
import { createSession } from '../src/services/sessions.js';
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

type UserJSON = {
  username: string;
  displayName: string | null;
  email: string | null;
  role: string;
  disabled: boolean;
};

// User administration: search and paging, disabling (no sign-in of any kind), deleting, roles and
// details, a user's sessions; never without an active administrator.
describe.each(dialects())('user administration on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  let n = 0;
  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client('192.0.2.10');
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterAll(async () => {
    await service.close();
  });

  /** Keeps the administrator's sign-in recent (the re-authentication window is 5 minutes). */
  async function freshAdmin(): Promise<void> {
    admin = service.client('192.0.2.10');
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  }

  async function person(prefix = 'user'): Promise<{ name: string; client: Client }> {
    const name = `${prefix}${++n}`;
    await addUser(service, name);
    const client = service.client();
    await client.expect('POST', '/api/login', { username: name, password: PASSWORD }, 200);
    return { name, client };
  }

  const events = async (target: string) =>
    (await service.ctx.db.selectFrom('audit_log').select('event').where('target', '=', target).execute()).map(
      (row) => row.event,
    );

  it('searches by name, display name or email in any case, one page at a time', async () => {
    for (const [name, display, email] of [
      ['srch-a', 'Aiko Tanaka', 'aiko@corp.example'],
      ['srch-b', 'Ben 100%', 'ben@corp.example'],
      ['srch-c', 'Chie', 'chie@other.example'],
      ['srch-d', null, null],
    ] as const) {
      await addUser(service, name);
      await admin.expect('PATCH', `/api/admin/users/${name}`, { displayName: display, email }, 200);
    }
    const search = async (query: string) =>
      (await admin.expect('GET', `/api/admin/users?${query}`, undefined, 200)) as {
        users: UserJSON[];
        total: number;
        page: number;
      };
    const names = async (query: string) => (await search(query)).users.map((user) => user.username);
    expect(await names('q=TANAKA')).toEqual(['srch-a']);
    expect(await names('q=corp.example')).toEqual(['srch-a', 'srch-b']);
    expect(await names('q=srch')).toEqual(['srch-a', 'srch-b', 'srch-c', 'srch-d']);
    // % and _ are letters to look for, not wildcards.
    expect(await names('q=100%25')).toEqual(['srch-b']);
    expect(await names('q=s_ch')).toEqual([]);
    // No name holds a control character: one in the search is left out (PostgreSQL's text cannot even hold a NUL).
    expect(await names('q=sr%00ch-a')).toEqual(['srch-a']);
    expect((await admin.send('GET', '/admin/users?q=%00')).statusCode).toBe(200);
    const second = await search('q=srch&page=2&pageSize=3');
    expect(second).toMatchObject({ total: 4, page: 2 });
    expect(second.users.map((user) => user.username)).toEqual(['srch-d']);
    expect(await admin.errorCode('GET', '/api/admin/users?page=x')).toBe('BAD_REQUEST');
  });

  it('disables an account: its sessions end, no sign-in of any kind, apps lose their tokens; enabling undoes it', async () => {
    const { name, client } = await person();
    const userId = (
      await service.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
    const subject = await subjectFor(service.ctx, userId);
    await service.ctx.db
      .insertInto('oidc_payloads')
      .values({
        model: 'RefreshToken',
        id: `rt-${name}`,
        payload: '{}',
        grant_id: 'g',
        uid: null,
        user_code: null,
        account_id: subject,
        client_id: 'app',
        expires_at: null,
        consumed_at: null,
      })
      .execute();
    await admin.expect('POST', `/api/admin/users/${name}/disable`, undefined, 200);
    expect(await client.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(
      await service.client().errorCode('POST', '/api/login', { username: name, password: PASSWORD }),
    ).toBe('ACCOUNT_DISABLED');
    // A wrong password learns nothing about the account.
    expect(
      await service
        .client()
        .errorCode('POST', '/api/login', { username: name, password: 'not the password' }),
    ).toBe('INVALID_CREDENTIALS');
    expect(
      await service.ctx.db
        .selectFrom('oidc_payloads')
        .select('id')
        .where('account_id', '=', subject)
        .execute(),
    ).toEqual([]);
    expect(await findAccount(service.ctx, subject)).toBeUndefined();
    // A session that a race left behind is not trusted anywhere: pages and API, forward-auth, apps.
    const stray = await createSession(service.ctx, { userId, stage: 'full', ip: null });
    expect(await authzSession(service.ctx, stray.token)).toBeUndefined();
    const straggler = service.client();
    straggler.cookies.set('kakunin_session', stray.token);
    expect(await straggler.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect((await admin.expect('GET', `/api/admin/users/${name}`, undefined, 200)).disabled).toBe(true);
    await admin.expect('POST', `/api/admin/users/${name}/enable`, undefined, 200);
    await service.client().expect('POST', '/api/login', { username: name, password: PASSWORD }, 200);
    expect(await events(name)).toEqual(
      expect.arrayContaining(['user.disabled', 'login.refused_disabled', 'user.enabled']),
    );
  });

  it('refuses the second factor of a sign-in whose account was disabled meanwhile', async () => {
    const name = `tf${++n}`;
    const { secret } = await userWithTwoFactor(service, name);
    const client = service.client();
    expect(
      (await client.expect('POST', '/api/login', { username: name, password: PASSWORD }, 200)).status,
    ).toBe('second_factor_required');
    await freshAdmin();
    await admin.expect('POST', `/api/admin/users/${name}/disable`, undefined, 200);
    expect(await client.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret) })).toBe(
      'NO_PENDING_LOGIN',
    );
  });

  it('changes role, display name and email; a new role counts at once', async () => {
    const { name, client } = await person();
    expect(await client.errorCode('GET', '/api/admin/users')).toBe('FORBIDDEN');
    const changed = (await admin.expect(
      'PATCH',
      `/api/admin/users/${name}`,
      { role: 'admin', displayName: 'Dai', email: 'DAI@example.com' },
      200,
    )) as UserJSON;
    expect(changed).toMatchObject({ role: 'admin', displayName: 'Dai', email: 'dai@example.com' });
    await client.expect('GET', '/api/admin/users', undefined, 200);
    expect(await admin.errorCode('PATCH', `/api/admin/users/${name}`, { role: 'root' })).toBe('BAD_REQUEST');
    expect(await admin.errorCode('PATCH', `/api/admin/users/${name}`, { email: 'aiko@corp.example' })).toBe(
      'EMAIL_EXISTS',
    );
    await admin.expect('PATCH', `/api/admin/users/${name}`, { role: 'user' }, 200);
    expect(await events(name)).toEqual(expect.arrayContaining(['user.role_changed', 'user.profile_changed']));
  });

  it('asks the administrator to confirm it is them for changes once their sign-in is not recent', async () => {
    const { name } = await person();
    service.clock.advance(6 * 60);
    expect(await admin.errorCode('PATCH', `/api/admin/users/${name}`, { role: 'admin' })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await admin.errorCode('POST', `/api/admin/users/${name}/disable`)).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await admin.errorCode('DELETE', `/api/admin/users/${name}`)).toBe('REAUTHENTICATION_REQUIRED');
    await admin.expect('PATCH', `/api/admin/users/${name}`, { role: 'admin', password: PASSWORD }, 200);
    await admin.expect('PATCH', `/api/admin/users/${name}`, { role: 'user' }, 200);
    await freshAdmin();
  });

  it('never leaves the service without an active administrator', async () => {
    await freshAdmin();
    const admins = await service.ctx.db
      .selectFrom('users')
      .select('username')
      .where('role', '=', 'admin')
      .execute();
    expect(admins.map((row) => row.username)).toEqual(['root']);
    expect(await admin.errorCode('POST', '/api/admin/users/root/disable')).toBe('LAST_ADMINISTRATOR');
    expect(await admin.errorCode('PATCH', '/api/admin/users/root', { role: 'user' })).toBe(
      'LAST_ADMINISTRATOR',
    );
    expect(await admin.errorCode('DELETE', '/api/admin/users/root')).toBe('LAST_ADMINISTRATOR');
    await admin.expect('GET', '/api/admin/users', undefined, 200);
    // With a second, enabled administrator the first may step down.
    const { name } = await person('second');
    await admin.expect('PATCH', `/api/admin/users/${name}`, { role: 'admin' }, 200);
    await admin.expect('POST', `/api/admin/users/${name}/disable`, undefined, 200);
    expect(await admin.errorCode('PATCH', '/api/admin/users/root', { role: 'user' })).toBe(
      'LAST_ADMINISTRATOR',
    );
    await admin.expect('POST', `/api/admin/users/${name}/enable`, undefined, 200);
    await admin.expect('PATCH', '/api/admin/users/root', { role: 'user' }, 200);
    expect(await admin.errorCode('GET', '/api/admin/users')).toBe('FORBIDDEN');
    await service.ctx.db.updateTable('users').set({ role: 'admin' }).where('username', '=', 'root').execute();
  });

  it('deletes a user with everything of theirs; the audit log keeps the name', async () => {
    const { name, client } = await person();
    await admin.expect('DELETE', `/api/admin/users/${name}`, undefined, 200);
    expect(await client.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(
      await service.client().errorCode('POST', '/api/login', { username: name, password: PASSWORD }),
    ).toBe('INVALID_CREDENTIALS');
    expect(await admin.errorCode('GET', `/api/admin/users/${name}`)).toBe('USER_NOT_FOUND');
    expect(await events(name)).toContain('user.deleted');
  });

  it('shows a user’s sessions and ends one or all', async () => {
    const { name, client } = await person();
    const second = service.client('198.51.100.2');
    await second.expect('POST', '/api/login', { username: name, password: PASSWORD }, 200);
    const { sessions } = (await admin.expect('GET', `/api/admin/users/${name}/sessions`, undefined, 200)) as {
      sessions: { id: string; ip: string; current: boolean }[];
    };
    expect(sessions.map((session) => session.ip).sort()).toEqual(['127.0.0.1', '198.51.100.2']);
    expect(sessions.every((session) => !session.current)).toBe(true);
    const id = sessions.find((session) => session.ip === '198.51.100.2')?.id;
    await admin.expect('DELETE', `/api/admin/users/${name}/sessions/${id}`, undefined, 200);
    expect(await second.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await client.expect('GET', '/api/me', undefined, 200);
    await admin.expect('DELETE', `/api/admin/users/${name}/sessions`, undefined, 200);
    expect(await client.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
  });
});
