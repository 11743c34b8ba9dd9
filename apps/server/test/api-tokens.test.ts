import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from './support/harness.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Threats: a stolen copy of the token table, a read-only token used to change things, a revoked or
// guessed token, a cross-site page riding on an administrator's cookie. Defences: only hashes are
// stored, scopes are enforced before any route runs, every token attempt counts toward the address
// limit, and a bearer request is judged by its token alone.
describe.each(dialects())('API tokens on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  let adminToken: string;
  let readToken: string;

  /** A request from a client with no cookies (a script). */
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token: string, options = {}) =>
    service.client('198.51.100.7').send(method, url, method === 'GET' ? undefined : {}, {
      headers: bearer(token),
      ...options,
    });

  beforeAll(async () => {
    service = await testService(dialect, { ipLimit: { maxFailures: 5, windowSeconds: 900 } });
    await addUser(service, 'root', 'admin');
    admin = service.client('192.0.2.10');
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    adminToken = (await admin.expect('POST', '/api/admin/tokens', { name: 'deploy', scope: 'admin' }, 201))
      .token as string;
    readToken = (await admin.expect('POST', '/api/admin/tokens', { name: 'report', scope: 'read' }, 201))
      .token as string;
  });
  afterAll(async () => {
    await service.close();
  });

  it('shows a token once and stores only its hash', async () => {
    expect(adminToken).toMatch(/^kkn_[\w-]{43}$/);
    const rows = await service.ctx.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows.map((row) => row.token_hash).sort()).toEqual([sha256(adminToken), sha256(readToken)].sort());
    const listed = JSON.stringify(await admin.expect('GET', '/api/admin/tokens', undefined, 200));
    expect(listed).not.toContain(adminToken);
    expect(listed).not.toContain(sha256(adminToken));
  });

  it('lets an admin token call the administrator API without a cookie and records its last use', async () => {
    const created = await call('POST', '/api/admin/users', adminToken, {
      payload: JSON.stringify({ username: 'made-by-script', password: PASSWORD }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { tokens } = (await admin.expect('GET', '/api/admin/tokens', undefined, 200)) as {
      tokens: { name: string; lastUsedAt: string | null; lastUsedIP: string | null }[];
    };
    const deploy = tokens.find((token) => token.name === 'deploy');
    expect(deploy?.lastUsedAt).toBe(new Date(service.clock.ms).toISOString());
    expect(deploy?.lastUsedIP).toBe('198.51.100.7');
    const audit = await service.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('event', '=', 'user.created')
      .execute();
    // The entry names the token that acted, and its creator; a change made in person names no token.
    expect(audit.at(-1)).toMatchObject({ actor: 'root', target: 'made-by-script' });
    const deployId = (
      await service.ctx.db
        .selectFrom('api_tokens')
        .select('id')
        .where('name', '=', 'deploy')
        .executeTakeFirstOrThrow()
    ).id;
    expect(JSON.parse(audit.at(-1)?.details as string).viaToken).toEqual({ id: deployId, name: 'deploy' });
    await admin.expect('POST', '/api/admin/users', { username: 'made-in-person' }, 201);
    const inPerson = await service.ctx.db
      .selectFrom('audit_log')
      .select('details')
      .where('target', '=', 'made-in-person')
      .executeTakeFirstOrThrow();
    expect(inPerson.details).not.toContain('viaToken');
    const page = await admin.send('GET', '/admin/audit?user=made-by-script');
    expect(page.body).toContain('API token “deploy” of root');
  });

  it('refuses every change to a read-only token, and lets it read', async () => {
    expect((await call('GET', '/api/admin/users', readToken)).statusCode).toBe(200);
    const attempts = [
      ['POST', '/api/admin/users', { username: 'eve', password: PASSWORD, role: 'admin' }],
      ['DELETE', '/api/admin/users/root/two-factor', {}],
      ['POST', '/api/admin/users/root/unlock', {}],
    ] as const;
    for (const [method, url, body] of attempts) {
      const response = await call(method, url, readToken, { payload: JSON.stringify(body) });
      expect(response.json().error.code, `${method} ${url}`).toBe('TOKEN_SCOPE');
    }
    const put = await service
      .client('198.51.100.7')
      .send('PUT', '/api/admin/settings', { twoFactor: 'off' }, { headers: bearer(readToken) });
    expect(put.json().error.code).toBe('TOKEN_SCOPE');
    expect(
      await service.ctx.db.selectFrom('users').select('username').where('username', '=', 'eve').execute(),
    ).toEqual([]);
  });

  it('keeps tokens out of the account API and out of token management', async () => {
    for (const [method, url] of [
      ['GET', '/api/me'],
      ['GET', '/api/admin/tokens'],
      ['POST', '/api/admin/tokens'],
    ] as const) {
      expect((await call(method, url, adminToken)).json().error.code, url).toBe('TOKEN_SCOPE');
    }
  });

  it('refuses a revoked token', async () => {
    const { token, id } = await admin.expect(
      'POST',
      '/api/admin/tokens',
      { name: 'old', scope: 'admin' },
      201,
    );
    expect((await call('GET', '/api/admin/users', token as string)).statusCode).toBe(200);
    await admin.expect('DELETE', `/api/admin/tokens/${id}`, undefined, 200);
    expect((await call('GET', '/api/admin/users', token as string)).json().error.code).toBe('INVALID_TOKEN');
    expect(await admin.errorCode('DELETE', `/api/admin/tokens/${id}`)).toBe('TOKEN_NOT_FOUND');
  });

  it('judges a bearer request by its token alone, never by a cookie that comes with it', async () => {
    // An administrator's cookie with a wrong token, sent cross-site: nothing happens.
    const response = await admin.send(
      'POST',
      '/api/admin/users',
      { username: 'mallory', password: PASSWORD, role: 'admin' },
      { headers: { ...bearer('kkn_wrong'), 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } },
    );
    expect(response.json().error.code).toBe('INVALID_TOKEN');
    // The same cross-site request with the cookie and no token: the CSRF check still applies.
    const riding = await admin.send('POST', '/api/admin/users/root/unlock', undefined, {
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(riding.json().error.code).toBe('CSRF');
    // A cookie-less cross-site request carrying a valid token is the token holder's own call.
    const scripted = await call('POST', '/api/admin/users/root/unlock', adminToken, {
      headers: { ...bearer(adminToken), 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(scripted.statusCode, scripted.body).toBe(200);
    expect(
      await service.ctx.db.selectFrom('users').select('username').where('username', '=', 'mallory').execute(),
    ).toEqual([]);
  });

  it('looks a token up by its SHA-256 only: the stored hash or a near miss does not work', async () => {
    const nearMiss = adminToken.slice(0, -1) + (adminToken.endsWith('A') ? 'B' : 'A');
    for (const guess of [
      sha256(adminToken),
      `kkn_${sha256(adminToken)}`,
      nearMiss,
      adminToken.toUpperCase(),
    ]) {
      const response = await service
        .client(`203.0.113.${guess.length % 200}`)
        .send('GET', '/api/admin/users', undefined, { headers: bearer(guess) });
      expect(response.json().error.code).toBe('INVALID_TOKEN');
    }
  });

  it('counts wrong tokens toward the address limit; a right token gives its place back', async () => {
    const guesser = service.client('203.0.113.250');
    for (let i = 0; i < 50; i++) {
      const right = await guesser.send('GET', '/api/admin/users', undefined, { headers: bearer(adminToken) });
      expect(right.statusCode).toBe(200);
    }
    for (let i = 0; i < 5; i++) {
      const wrong = await guesser.send('GET', '/api/admin/users', undefined, {
        headers: bearer(`kkn_guess${i}`),
      });
      expect(wrong.json().error.code).toBe('INVALID_TOKEN');
    }
    const locked = await guesser.send('GET', '/api/admin/users', undefined, { headers: bearer(adminToken) });
    expect(locked.json().error.code).toBe('TOO_MANY_REQUESTS');
    const elsewhere = await service
      .client('203.0.113.251')
      .send('GET', '/api/admin/users', undefined, { headers: bearer(adminToken) });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('stops a token when its administrator is demoted', async () => {
    await addUser(service, 'ops', 'admin');
    const ops = service.client('192.0.2.11');
    await ops.expect('POST', '/api/login', { username: 'ops', password: PASSWORD }, 200);
    const { token } = await ops.expect('POST', '/api/admin/tokens', { name: 'ops', scope: 'read' }, 201);
    expect((await call('GET', '/api/admin/users', token as string)).statusCode).toBe(200);
    await service.ctx.db.updateTable('users').set({ role: 'user' }).where('username', '=', 'ops').execute();
    expect((await call('GET', '/api/admin/users', token as string)).json().error.code).toBe('INVALID_TOKEN');
  });

  it('asks for re-authentication before creating a token in a session that is not recent', async () => {
    service.clock.advance(6 * 60);
    const body = { name: 'later', scope: 'read' };
    expect(await admin.errorCode('POST', '/api/admin/tokens', body)).toBe('REAUTHENTICATION_REQUIRED');
    expect(await admin.errorCode('POST', '/api/admin/tokens', { ...body, password: 'wrong' })).toBe(
      'WRONG_PASSWORD',
    );
    await admin.expect('POST', '/api/admin/tokens', { ...body, password: PASSWORD }, 201);
    const events = await service.ctx.db
      .selectFrom('audit_log')
      .select(['event', 'actor'])
      .where('event', 'in', ['api_token.created', 'api_token.revoked'])
      .execute();
    expect(events.filter((event) => event.event === 'api_token.created').length).toBeGreaterThanOrEqual(4);
    expect(events.some((event) => event.event === 'api_token.revoked')).toBe(true);
  });
});
