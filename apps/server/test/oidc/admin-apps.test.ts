import { afterEach, describe, expect, it } from 'vitest';
import { addUser, dialects, PASSWORD, type TestService, testService } from '../support/harness.js';

describe.each(dialects())('administrator API for apps (%s)', (dialect) => {
  let service: TestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function admin(s: TestService) {
    await addUser(s, 'root', 'admin');
    const client = s.client();
    await client.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    return client;
  }

  it('registers an app, shows its secret once, stores it sealed, lists, edits, rotates and deletes', async () => {
    service = await testService(dialect);
    const root = await admin(service);
    const created = await root.expect(
      'POST',
      '/api/admin/apps',
      { name: 'Wiki', redirectURIs: ['https://wiki.example.com/callback'], requiresTwoFactor: true },
      201,
    );
    const clientId = created.clientId as string;
    const secret = created.clientSecret as string;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    // Sealed at rest: the secret's text is nowhere in the row.
    const row = await service.ctx.db
      .selectFrom('oidc_apps')
      .selectAll()
      .where('client_id', '=', clientId)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.secret_box as Uint8Array).includes(Buffer.from(secret))).toBe(false);

    const list = await root.expect('GET', '/api/admin/apps', undefined, 200);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.apps).toEqual([
      expect.objectContaining({
        clientId,
        name: 'Wiki',
        requiresTwoFactor: true,
        public: false,
        askConsent: false,
      }),
    ]);

    const edited = await root.expect(
      'PUT',
      `/api/admin/apps/${clientId}`,
      { name: 'Team wiki', askConsent: true },
      200,
    );
    expect(edited).toMatchObject({
      name: 'Team wiki',
      askConsent: true,
      redirectURIs: ['https://wiki.example.com/callback'],
    });

    const rotated = await root.expect('POST', `/api/admin/apps/${clientId}/secret`, undefined, 200);
    expect(rotated.clientSecret).not.toBe(secret);

    await root.expect('DELETE', `/api/admin/apps/${clientId}`, undefined, 200);
    expect((await root.expect('GET', '/api/admin/apps', undefined, 200)).apps).toEqual([]);
    const events = (await root.expect('GET', '/api/admin/audit', undefined, 200)).events as {
      event: string;
    }[];
    expect(events.map((event) => event.event)).toEqual(
      expect.arrayContaining(['app.created', 'app.updated', 'app.secret_rotated', 'app.deleted']),
    );
  });

  it('refuses bad registrations with a message saying what to fix', async () => {
    service = await testService(dialect);
    const root = await admin(service);
    for (const body of [
      { name: '', redirectURIs: ['https://a.example/cb'] },
      { name: 'A', redirectURIs: [] },
      { name: 'A', redirectURIs: ['https://a.example/cb#fragment'] },
      { name: 'A', redirectURIs: ['javascript:alert(1)'] },
      {
        name: 'A',
        redirectURIs: ['https://a.example/cb'],
        public: true,
        tokenEndpointAuthMethod: 'client_secret_basic',
      },
    ]) {
      const response = await root.send('POST', '/api/admin/apps', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().error.message).toMatch(/\w/);
    }
    // A public app gets no secret.
    const pub = await root.expect(
      'POST',
      '/api/admin/apps',
      { name: 'SPA', redirectURIs: ['https://spa.example/cb'], public: true },
      201,
    );
    expect(pub.clientSecret).toBeNull();
  });

  it('is for administrators only', async () => {
    service = await testService(dialect);
    await addUser(service, 'mallory');
    const user = service.client();
    await user.expect('POST', '/api/login', { username: 'mallory', password: PASSWORD }, 200);
    expect(
      await user.errorCode('POST', '/api/admin/apps', { name: 'X', redirectURIs: ['https://x.example/cb'] }),
    ).toBe('FORBIDDEN');
    expect(await user.errorCode('GET', '/api/admin/apps')).toBe('FORBIDDEN');
  });
});
