import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import {
  authRequest,
  forwardAuth,
  PROXY_IP,
  protect,
  proxiedService,
  signedInUser,
} from './support/forward-auth.js';
import { codeFor, dialects, PASSWORD, type TestService, userWithTwoFactor } from './support/harness.js';

const SIGN_IN = 'https://auth.example.com/sign-in?rd=';

describe.each(dialects())('forward-auth on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeEach(async () => {
    service = await proxiedService(dialect);
    admin = await signedInUser(service, 'root', 'admin');
  });
  afterEach(async () => {
    await service.close();
  });

  it('lets a signed-in user through with Remote-User, Remote-Name and Remote-Groups', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const alice = await signedInUser(service, 'alice');
    for (const check of [forwardAuth, authRequest]) {
      const response = await check(alice, 'https://wiki.example.com/page?x=1');
      expect(response.statusCode).toBe(200);
      expect(response.headers['remote-user']).toBe('alice');
      expect(response.headers['remote-name']).toBe('alice');
      expect(response.headers['remote-groups']).toBe('user');
      expect(response.headers['remote-email']).toBe('');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends the display name and e-mail address when the user has them, the name as UTF-8', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const hanako = await signedInUser(service, 'hanako');
    await admin.expect(
      'PATCH',
      '/api/admin/users/hanako',
      { displayName: '山田 花子', email: 'Hanako@Example.com' },
      200,
    );
    for (const check of [forwardAuth, authRequest]) {
      const response = await check(hanako, 'https://wiki.example.com/');
      expect(response.statusCode).toBe(200);
      expect(response.headers['remote-user']).toBe('hanako');
      // The bytes on the wire are UTF-8 (light-my-request hands them over as Latin-1 text).
      expect(Buffer.from(String(response.headers['remote-name']), 'latin1').toString('utf8')).toBe(
        '山田 花子',
      );
      expect(response.headers['remote-email']).toBe('hanako@example.com');
    }
  });

  it('moves the "last seen" of the session at most once a minute, however many checks come', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const alice = await signedInUser(service, 'alice');
    const lastSeen = async () =>
      Number(
        (
          await service.ctx.db
            .selectFrom('sessions')
            .innerJoin('users', 'users.id', 'sessions.user_id')
            .select('sessions.last_seen_at')
            .where('users.username', '=', 'alice')
            .executeTakeFirstOrThrow()
        ).last_seen_at,
      );
    const check = async () =>
      expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(200);
    service.clock.advance(90);
    await check();
    const seen = service.clock.ms;
    expect(await lastSeen()).toBe(seen);
    service.clock.advance(30);
    for (let i = 0; i < 5; i++) await check();
    expect(await lastSeen()).toBe(seen);
    service.clock.advance(31);
    await check();
    expect(await lastSeen()).toBe(service.clock.ms);
  });

  it('sends a browser without a session to sign in, with the address to come back to', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const url = 'https://wiki.example.com/notes/1?tab=history';
    const nobody = service.client(PROXY_IP);
    const redirect = await forwardAuth(nobody, url);
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(SIGN_IN + encodeURIComponent(url));
    expect(redirect.headers['remote-user']).toBeUndefined();
    // A form post or an API call cannot follow a redirect to a page: 401.
    expect((await forwardAuth(nobody, url, 'POST')).statusCode).toBe(401);
    // nginx's auth_request understands only 401: the snippet takes the address from Location.
    const unauthorized = await authRequest(nobody, url);
    expect(unauthorized.statusCode).toBe(401);
    expect(unauthorized.headers.location).toBe(SIGN_IN + encodeURIComponent(url));
  });

  it('refuses hosts without a rule to everyone (default deny)', async () => {
    const alice = await signedInUser(service, 'alice');
    expect((await forwardAuth(alice, 'https://forgotten.example.com/')).statusCode).toBe(403);
    expect((await authRequest(service.client(PROXY_IP), 'https://forgotten.example.com/')).statusCode).toBe(
      403,
    );
  });

  it('lets in only the listed users and roles', async () => {
    await protect(admin, { host: 'payroll.example.com', users: ['Bob'], roles: ['admin'] });
    const alice = await signedInUser(service, 'alice');
    const bob = await signedInUser(service, 'bob');
    expect((await forwardAuth(alice, 'https://payroll.example.com/')).statusCode).toBe(403);
    expect((await forwardAuth(bob, 'https://payroll.example.com/')).headers['remote-user']).toBe('bob');
    const asAdmin = await forwardAuth(admin, 'https://payroll.example.com/');
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.headers['remote-groups']).toBe('admin');
  });

  it('matches *.domain rules for every name under the domain, exact rules first', async () => {
    await protect(admin, { host: '*.apps.example.com', roles: ['admin'] });
    await protect(admin, { host: 'open.apps.example.com' });
    const alice = await signedInUser(service, 'alice');
    expect((await forwardAuth(alice, 'https://a.b.apps.example.com/')).statusCode).toBe(403);
    expect((await forwardAuth(admin, 'https://a.b.apps.example.com/')).statusCode).toBe(200);
    expect((await forwardAuth(alice, 'https://open.apps.example.com:8443/')).statusCode).toBe(200);
    expect((await forwardAuth(admin, 'https://apps.example.com/')).statusCode).toBe(403);
  });

  it('asks a password-only session to sign in again with the code where two-factor is required', async () => {
    await protect(admin, { host: 'vault.example.com', twoFactor: true });
    await protect(admin, { host: 'wiki.example.com' });
    const { secret, client: enrolled } = await userWithTwoFactor(service, 'carol');
    // Carol turned two-factor on during a password-only session: that session did not pass a code.
    expect((await forwardAuth(enrolled, 'https://vault.example.com/')).statusCode).toBe(302);
    expect((await forwardAuth(enrolled, 'https://wiki.example.com/')).statusCode).toBe(200);
    const carol = service.client(PROXY_IP);
    await carol.expect('POST', '/api/login', { username: 'carol', password: PASSWORD }, 200);
    // Half signed in (password, no code yet): not signed in.
    expect((await forwardAuth(carol, 'https://wiki.example.com/')).statusCode).toBe(302);
    await carol.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    expect((await forwardAuth(carol, 'https://vault.example.com/')).headers['remote-user']).toBe('carol');
  });

  it('refuses the headers of a peer that is not in TRUST_PROXY, and checks that say no address', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const direct = service.client('203.0.113.9');
    direct.cookies.set('kakunin_session', admin.session ?? '');
    const response = await forwardAuth(direct, 'https://wiki.example.com/');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('UNTRUSTED_PROXY');
    expect(response.headers['remote-user']).toBeUndefined();
    const bare = await admin.send('GET', '/api/authz/forward-auth');
    expect(bare.json().error.code).toBe('NO_ORIGINAL_URL');
    const smuggled = await authRequest(admin, 'https://root@wiki.example.com/');
    expect(smuggled.json().error.code).toBe('NO_ORIGINAL_URL');
  });

  it('answers the methods proxies forward, bodies and all, without a CSRF refusal or a rate limit', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const response = await admin.send(method, '/api/authz/forward-auth', undefined, {
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-proto': 'https',
          'x-forwarded-host': 'wiki.example.com',
          'x-forwarded-uri': '/form',
          'x-forwarded-method': method,
        },
        payload: 'a=1',
      });
      expect(response.statusCode, response.body).toBe(200);
    }
  });

  it('refuses everyone whose sessions an administrator ended (password reset, 2FA reset)', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const alice = await signedInUser(service, 'alice');
    expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(200);
    await admin.expect('PUT', '/api/admin/users/alice/password', { password: 'a new password 1' }, 200);
    expect((await forwardAuth(alice, 'https://wiki.example.com/')).statusCode).toBe(302);

    const { secret } = await userWithTwoFactor(service, 'dave');
    const dave = service.client(PROXY_IP);
    await dave.expect('POST', '/api/login', { username: 'dave', password: PASSWORD }, 200);
    await dave.expect('POST', '/api/login/totp', { code: codeFor(service, secret) }, 200);
    expect((await forwardAuth(dave, 'https://wiki.example.com/')).statusCode).toBe(200);
    await admin.expect('DELETE', '/api/admin/users/dave/two-factor', {}, 200);
    expect((await forwardAuth(dave, 'https://wiki.example.com/')).statusCode).toBe(302);
  });

  it('refuses a session after its sign-out', async () => {
    await protect(admin, { host: 'wiki.example.com' });
    const alice = await signedInUser(service, 'alice');
    const cookie = alice.session ?? '';
    await alice.expect('POST', '/api/logout', {}, 200);
    const replay = service.client(PROXY_IP);
    replay.cookies.set('kakunin_session', cookie);
    expect((await forwardAuth(replay, 'https://wiki.example.com/')).statusCode).toBe(302);
  });

  it('sets the session cookie for KAKUNIN_COOKIE_DOMAIN so the apps under it see the sign-in', async () => {
    await signedInUser(service, 'erin');
    const response = await service
      .client(PROXY_IP)
      .send(
        'POST',
        '/api/login',
        { username: 'erin', password: PASSWORD },
        { headers: { host: 'auth.example.com' } },
      );
    const cookie = (response.cookies as { name: string; domain?: string }[]).find(
      (each) => each.name === 'kakunin_session',
    );
    expect(cookie?.domain).toBe('example.com');
  });
});
