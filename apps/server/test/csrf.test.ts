import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { checkedCSRFBinding, csrfBinding } from '../src/http/session-cookie.js';
import { Client } from './support/client.js';
import {
  addUser,
  freshDatabase,
  PASSWORD,
  type TestDatabase,
  type TestService,
  testService,
} from './support/harness.js';

// Threat: another site making a signed-in browser change something (cross-site request forgery).
// Defence: JSON API requests must be application/json (no cross-site form or simple request can be),
// and forms carry a token checked by @fastify/csrf-protection.
describe('CSRF on the JSON API', () => {
  let service: TestService;
  let client: Client;
  beforeEach(async () => {
    service = await testService('sqlite');
    await addUser(service, 'root', 'admin');
    await addUser(service, 'alice');
    client = service.client();
    await client.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterEach(async () => {
    await service.close();
  });

  const body = JSON.stringify({ username: 'eve', password: 'eve-has-a-long-passphrase' });

  it.each([
    ['a form post', 'application/x-www-form-urlencoded', 'username=eve&password=password123'],
    ['a text/plain post carrying JSON', 'text/plain', body],
    ['a multipart post', 'multipart/form-data; boundary=x', '--x--'],
  ])('refuses %s with 403 CSRF', async (_name, type, payload) => {
    const response = await client.send('POST', '/api/admin/users', undefined, {
      headers: { 'content-type': type },
      payload,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'CSRF' } });
    const users = await service.ctx.db.selectFrom('users').select('username').execute();
    expect(users.map((user) => user.username)).not.toContain('eve');
  });

  it('refuses a body without a content type, and a JSON request marked cross-site by the browser', async () => {
    expect(
      (await client.send('POST', '/api/admin/users', undefined, { payload: body })).json(),
    ).toMatchObject({
      error: { code: 'CSRF' },
    });
    const crossSite = await client.send('POST', '/api/admin/users', JSON.parse(body), {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('refuses a bodiless request from a foreign origin but accepts one from a non-browser client', async () => {
    const foreign = await client.send('POST', '/api/admin/users/alice/unlock', undefined, {
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    await client
      .send('POST', '/api/admin/users/alice/unlock')
      .then((response) => expect(response.statusCode).toBe(200));
  });

  it('accepts a bodiless POST/DELETE that proves it is same-origin, from the address it was sent to', async () => {
    // The page was opened at 127.0.0.1 while PUBLIC_URL says localhost: still this service.
    const sameOrigin = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' };
    const unlock = await client.send('POST', '/api/admin/users/alice/unlock', undefined, {
      headers: sameOrigin,
    });
    expect(unlock.statusCode).toBe(200);
    const reset = await client.send('DELETE', '/api/admin/users/alice/two-factor', undefined, {
      headers: { ...sameOrigin, 'sec-fetch-site': 'same-origin' },
    });
    expect(reset.statusCode).not.toBe(403);
    const fetchMetadata = await client.send('DELETE', '/api/admin/users/alice/two-factor', undefined, {
      headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' },
    });
    expect(fetchMetadata.statusCode).not.toBe(403);
  });

  it.each([
    ['cross-site by Fetch Metadata', { 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1:3000' }],
    ['from a sibling site', { 'sec-fetch-site': 'same-site', origin: 'https://app.example.com' }],
    [
      'from a foreign origin sent to our address',
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:4000' },
    ],
    ['from an opaque origin', { origin: 'null' }],
  ])('refuses a bodiless DELETE %s', async (_name, headers) => {
    const response = await client.send('DELETE', '/api/admin/users/alice/two-factor', undefined, { headers });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'CSRF' } });
  });

  it('accepts application/json with a charset', async () => {
    const response = await client.send('POST', '/api/admin/users', undefined, {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      payload: body,
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('CSRF tokens on forms', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    test = await freshDatabase('sqlite');
    app = await buildApp({
      config: loadConfig({}),
      db: test.database.db,
      secretKey: new Uint8Array(randomBytes(32)),
      logger: false,
      pages: false,
      // A stand-in for a page form: the token from reply.generateCsrf(), checked in preHandler.
      routes: (service) => {
        service.get('/form', async (request, reply) => ({
          token: reply.generateCsrf({ userInfo: await csrfBinding(request) }),
        }));
        service.post('/form', { preHandler: [checkedCSRFBinding, service.csrfProtection] }, async () => ({
          saved: true,
        }));
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await test.dispose();
  });

  it('accepts the form with its token and refuses it without one or with another browser’s token', async () => {
    const browser = new Client(app);
    const { token } = (await browser.send('GET', '/form')).json() as { token: string };
    const post = (client: Client, fields: string) =>
      client.send('POST', '/form', undefined, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: fields,
      });
    expect((await post(browser, `_csrf=${encodeURIComponent(token)}`)).statusCode).toBe(200);
    const missing = await post(browser, 'name=x');
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'CSRF' } });
    const other = new Client(app);
    await other.send('GET', '/form');
    expect((await post(other, `_csrf=${encodeURIComponent(token)}`)).json()).toMatchObject({
      error: { code: 'CSRF' },
    });
  });
});

// Threat: a form token that is valid for any session (planted together with its cookie from a sibling
// host, or taken from the attacker's own browser), and pages that ignore a foreign Origin.
// Defence: page tokens are bound to the session; pages check Origin and Sec-Fetch-Site as the API does.
describe('CSRF on the pages', () => {
  let service: TestService;
  beforeEach(async () => {
    service = await testService('sqlite');
    await addUser(service, 'alice');
  });
  afterEach(async () => {
    await service.close();
  });

  async function formToken(client: Client, path: string): Promise<string> {
    const page = await client.send('GET', path);
    return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  }
  const post = (client: Client, path: string, fields: Record<string, string>, headers = {}) =>
    client.send('POST', path, undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });

  it('refuses a token and cookie pair from another browser planted next to the session', async () => {
    const attacker = service.client();
    const token = await formToken(attacker, '/sign-in');
    const victim = service.client();
    await victim.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    victim.cookies.set('kakunin_csrf', attacker.cookies.get('kakunin_csrf') ?? '');
    const forged = await post(victim, '/account/two-factor/enrollment', { _csrf: token });
    expect(forged.statusCode).toBe(403);
    // The page's own token, bound to this session, works.
    const own = await post(victim, '/account/two-factor/enrollment', {
      _csrf: await formToken(victim, '/account'),
    });
    expect(own.statusCode).toBe(303);
  });

  it('refuses a page form from a foreign origin or marked cross-site, even with a right token', async () => {
    const victim = service.client();
    await victim.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    for (const headers of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const _csrf = await formToken(victim, '/account');
      const response = await post(victim, '/account/two-factor/enrollment', { _csrf }, headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
    }
    const pending = await service.ctx.db.selectFrom('totp_credentials').select('id').execute();
    expect(pending).toEqual([]);
    // Our own pages post with Origin: null (Referrer-Policy: no-referrer) or our origin.
    const _csrf = await formToken(victim, '/account');
    const own = await post(
      victim,
      '/account/two-factor/enrollment',
      { _csrf },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(own.statusCode).toBe(303);
  });
});
