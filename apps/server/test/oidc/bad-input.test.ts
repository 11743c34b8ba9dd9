// Threat: an identifier no app, code or token can have — one with a NUL byte, which PostgreSQL's
// text refuses outright — turning a lookup into a server error (a 500 and "something went wrong"
// instead of the protocol's answer), on one database and not the other.
// Defence: such identifiers are looked up as what they are, never found, on SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.js';
import { formOn, postForm } from '../support/forms.js';
import { addUser, dialects, PASSWORD } from '../support/harness.js';
import { listeningService, type OIDCTestService, REDIRECT_URI, registerApp } from '../support/oidc.js';

const NUL = '\u0000';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(dialects())('identifiers with a NUL byte (%s)', (dialect) => {
  let service: OIDCTestService;
  let app: { clientId: string; clientSecret: string | undefined };
  let basic: string;
  beforeAll(async () => {
    service = await listeningService(dialect);
    app = await registerApp(service);
    basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
  });
  afterAll(async () => {
    await service?.close();
  });

  const post = async (path: string, fields: Record<string, string>, authorization?: string) => {
    const response = await fetch(`${service.issuer}${path}`, {
      method: 'POST',
      headers: authorization ? { ...FORM, authorization } : FORM,
      body: new URLSearchParams(fields).toString(),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  };

  it('an authorization request for such a client is refused as an unknown client', async () => {
    const query = new URLSearchParams({
      client_id: NUL,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
    });
    const response = await fetch(`${service.issuer}/oidc/auth?${query}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('server_error');
  });

  it('the token endpoint refuses such a code or refresh token as an invalid grant', async () => {
    const code = await post(
      '/oidc/token',
      { grant_type: 'authorization_code', code: NUL, redirect_uri: REDIRECT_URI },
      basic,
    );
    expect(code).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    const refresh = await post(
      '/oidc/token',
      { grant_type: 'refresh_token', refresh_token: `a${NUL}` },
      basic,
    );
    expect(refresh).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
  });

  it('the token endpoint refuses such a client as a client that failed to authenticate', async () => {
    const answer = await post('/oidc/token', {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: NUL,
      client_secret: 'x',
    });
    expect(answer).toEqual({ status: 401, body: expect.objectContaining({ error: 'invalid_client' }) });
  });

  it('introspection calls such a token inactive and revocation has nothing to revoke', async () => {
    expect(await post('/oidc/token/introspection', { token: NUL }, basic)).toEqual({
      status: 200,
      body: { active: false },
    });
    expect((await post('/oidc/token/revocation', { token: NUL }, basic)).status).toBe(200);
  });

  it('sign-out from such a client is refused as an unknown client', async () => {
    const query = new URLSearchParams({ client_id: NUL, post_logout_redirect_uri: NUL });
    const response = await fetch(`${service.issuer}/oidc/session/end?${query}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  describe('the applications console', () => {
    let admin: Client;
    beforeAll(async () => {
      await addUser(service, 'root', 'admin');
      admin = service.client();
      await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    });

    it.each([
      ['GET', '/api/admin/apps/%00'],
      ['PUT', '/api/admin/apps/%00'],
      ['DELETE', '/api/admin/apps/%00'],
      ['POST', '/api/admin/apps/%00/secret'],
    ] as const)('%s %s answers that there is no such app', async (method, path) => {
      const body = method === 'PUT' ? { name: 'x', redirectURIs: [REDIRECT_URI] } : undefined;
      const response = await admin.send(method, path, body);
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('the console pages answer that there is no such app', async () => {
      const page = await admin.send('GET', '/admin/apps/%00');
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('<title>Error: This page cannot be shown — Kakunin</title>');
      const japanese = await admin.send('GET', '/admin/apps/%00', undefined, {
        headers: { 'accept-language': 'ja' },
      });
      expect(japanese.body).toContain('このページを表示できません');
      const fields = await formOn(admin, '/admin/apps', '/admin/apps');
      const rotate = await postForm(admin, '/admin/apps/%00/secret', { _csrf: fields._csrf as string });
      expect(rotate.statusCode).toBe(404);
    });
  });
});
