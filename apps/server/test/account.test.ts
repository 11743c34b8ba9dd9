import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const NEW_PASSWORD = 'another staple battery horse';

type SessionRow = { id: string; current: boolean; browser: string; system: string; ip: string };

// One's own account: password, details and sessions, each sensitive change through the one
// re-authentication rule, each change audited.
describe.each(dialects())('my account on %s', (dialect) => {
  let service: TestService;
  let n = 0;
  beforeAll(async () => {
    service = await testService(dialect);
  });
  afterAll(async () => {
    await service.close();
  });

  /** A new user signed in from one browser (Chrome on Windows) at 192.0.2.1. */
  async function signedIn(
    agent = CHROME_WINDOWS,
    ip = '192.0.2.1',
  ): Promise<{ name: string; client: Client }> {
    const name = `person${++n}`;
    await addUser(service, name);
    return { name, client: await signIn(name, PASSWORD, agent, ip) };
  }

  async function signIn(name: string, password: string, agent = CHROME_WINDOWS, ip = '192.0.2.1') {
    const client = service.client(ip);
    const response = await client.send(
      'POST',
      '/api/login',
      { username: name, password },
      { headers: { 'user-agent': agent } },
    );
    expect(response.statusCode, response.body).toBe(200);
    return client;
  }

  const events = async (target: string) =>
    (await service.ctx.db.selectFrom('audit_log').select('event').where('target', '=', target).execute()).map(
      (row) => row.event,
    );

  it('changes the password with the current one, ends the other sessions and keeps this one', async () => {
    const { name, client } = await signedIn();
    const other = await signIn(name, PASSWORD, FIREFOX_LINUX, '198.51.100.7');
    const change = (body: object) => client.errorCode('PUT', '/api/me/password', body);
    expect(await change({ currentPassword: 'wrong password here', newPassword: NEW_PASSWORD })).toBe(
      'WRONG_PASSWORD',
    );
    expect(await change({ newPassword: NEW_PASSWORD })).toBe('WRONG_PASSWORD');
    expect(await change({ currentPassword: PASSWORD, newPassword: 'short' })).toBe('WEAK_PASSWORD');
    expect(await change({ currentPassword: PASSWORD, newPassword: PASSWORD })).toBe('PASSWORD_UNCHANGED');
    await client.expect(
      'PUT',
      '/api/me/password',
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      200,
    );
    await client.expect('GET', '/api/me', undefined, 200);
    expect(await other.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    expect(
      await service.client().errorCode('POST', '/api/login', { username: name, password: PASSWORD }),
    ).toBe('INVALID_CREDENTIALS');
    await signIn(name, NEW_PASSWORD);
    expect(await events(name)).toContain('user.password_changed');
  });

  it('asks a person with two-factor for a code too once the sign-in is not recent', async () => {
    const name = `tf${++n}`;
    const { secret, client } = await userWithTwoFactor(service, name);
    service.clock.advance(6 * 60);
    const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD };
    expect(await client.errorCode('PUT', '/api/me/password', body)).toBe('REAUTHENTICATION_REQUIRED');
    expect(await client.errorCode('PUT', '/api/me/password', { ...body, code: '000000' })).toBe(
      'INVALID_CODE',
    );
    service.clock.advance(30);
    await client.expect('PUT', '/api/me/password', { ...body, code: codeFor(service, secret) }, 200);
    // The proof renewed this browser's session: it stays signed in, under its new cookie.
    await client.expect('GET', '/api/me', undefined, 200);
  });

  it('changes the display name freely and the email address only through the re-authentication rule', async () => {
    const { name, client } = await signedIn();
    expect(await client.expect('PATCH', '/api/me/profile', { displayName: '  山田 花子 ' }, 200)).toEqual({
      displayName: '山田 花子',
      email: null,
    });
    service.clock.advance(6 * 60);
    await client.expect('PATCH', '/api/me/profile', { displayName: 'Hanako' }, 200);
    expect(await client.errorCode('PATCH', '/api/me/profile', { email: 'hanako@example.com' })).toBe(
      'REAUTHENTICATION_REQUIRED',
    );
    expect(await client.errorCode('PATCH', '/api/me/profile', { email: 'x', password: PASSWORD })).toBe(
      'INVALID_EMAIL',
    );
    expect(
      await client.expect(
        'PATCH',
        '/api/me/profile',
        { email: 'Hanako@Example.com', password: PASSWORD },
        200,
      ),
    ).toEqual({ displayName: 'Hanako', email: 'hanako@example.com' });
    const { client: someone } = await signedIn();
    expect(await someone.errorCode('PATCH', '/api/me/profile', { email: 'hanako@example.com' })).toBe(
      'EMAIL_EXISTS',
    );
    expect(await client.expect('GET', '/api/me/profile', undefined, 200)).toEqual({
      displayName: 'Hanako',
      email: 'hanako@example.com',
    });
    expect(await events(name)).toContain('user.profile_changed');
  });

  it('lists the sessions with browser, system and address, marks this one, and signs out one or all others', async () => {
    const { name, client } = await signedIn();
    const firefox = await signIn(name, PASSWORD, FIREFOX_LINUX, '198.51.100.7');
    const third = await signIn(name, PASSWORD, 'curl/8.5.0', '203.0.113.9');
    const { sessions } = (await client.expect('GET', '/api/me/sessions', undefined, 200)) as {
      sessions: SessionRow[];
    };
    expect(sessions).toHaveLength(3);
    const mine = sessions.find((session) => session.current);
    expect(mine).toMatchObject({ browser: 'Chrome 120', system: 'Windows 10', ip: '192.0.2.1' });
    const ff = sessions.find((session) => session.ip === '198.51.100.7');
    expect(ff).toMatchObject({ browser: 'Firefox 128', system: 'Linux', current: false });
    await client.expect('DELETE', `/api/me/sessions/${ff?.id}`, undefined, 200);
    expect(await firefox.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await third.expect('GET', '/api/me', undefined, 200);
    expect(await client.errorCode('DELETE', `/api/me/sessions/${ff?.id}`)).toBe('SESSION_NOT_FOUND');
    // Another person's session cannot be named.
    const { client: stranger } = await signedIn();
    const theirs = (await stranger.expect('GET', '/api/me/sessions', undefined, 200)) as {
      sessions: SessionRow[];
    };
    expect(await client.errorCode('DELETE', `/api/me/sessions/${theirs.sessions[0]?.id}`)).toBe(
      'SESSION_NOT_FOUND',
    );
    await client.expect('DELETE', '/api/me/sessions', undefined, 200);
    expect(await third.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    await client.expect('GET', '/api/me', undefined, 200);
    expect(await events(name)).toEqual(expect.arrayContaining(['session.ended', 'sessions.ended_others']));
  });

  it('signs out other browsers only through the re-authentication rule', async () => {
    const { name, client } = await signedIn();
    const other = await signIn(name, PASSWORD);
    service.clock.advance(6 * 60);
    expect(await client.errorCode('DELETE', '/api/me/sessions')).toBe('REAUTHENTICATION_REQUIRED');
    await other.expect('GET', '/api/me', undefined, 200);
    await client.expect('DELETE', '/api/me/sessions', { password: PASSWORD }, 200);
    expect(await other.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
  });
});
