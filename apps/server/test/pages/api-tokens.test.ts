import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.js';
import { formOn, hiddenFields, postForm, signInWithForm } from '../support/forms.js';
import { addUser, PASSWORD, type TestService, testService } from '../support/harness.js';

// The console's API tokens page: a token is shown once, creating one needs a recent sign-in, and a
// revoked token stops working.
describe('API tokens page', () => {
  let service: TestService;
  let admin: Client;

  beforeAll(async () => {
    service = await testService('sqlite');
    await addUser(service, 'root', 'admin');
    admin = service.client();
    await signInWithForm(admin, 'root', PASSWORD);
  });
  afterAll(async () => {
    await service.close();
  });

  it('shows a new token once, lists it without it, and revokes it', async () => {
    const fields = await formOn(admin, '/admin/tokens', '/admin/tokens');
    const created = await postForm(admin, '/admin/tokens', {
      ...fields,
      name: 'nightly export',
      scope: 'read',
    });
    expect(created.statusCode).toBe(200);
    const token = /kkn_[\w-]{43}/.exec(created.body)?.[0] as string;
    expect(token).toBeDefined();
    const listed = await admin.send('GET', '/admin/tokens');
    expect(listed.body).toContain('nightly export');
    expect(listed.body).not.toContain(token);
    const call = () =>
      service.client('198.51.100.20').send('GET', '/api/admin/users', undefined, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await call()).statusCode).toBe(200);
    const id = /action="\/admin\/tokens\/(\d+)\/revoke"/.exec(listed.body)?.[1] as string;
    const revokeFields = await formOn(admin, '/admin/tokens', `/admin/tokens/${id}/revoke`);
    // The list's button asks first, in words; the token works until the confirmation's button.
    const asked = await postForm(admin, `/admin/tokens/${id}/revoke`, revokeFields);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Revoke the API token “nightly export”?');
    expect(asked.body).toContain('Every program that uses it is refused from its next call on.');
    expect((await call()).statusCode).toBe(200);
    const confirmFields = hiddenFields(asked.body, `/admin/tokens/${id}/revoke`);
    expect(confirmFields.confirm).toBe('yes');
    const revoked = await postForm(admin, `/admin/tokens/${id}/revoke`, confirmFields);
    expect(revoked.statusCode).toBe(303);
    expect((await call()).json().error.code).toBe('INVALID_TOKEN');
  });

  it('sends a session that is not recent to confirm it is the person first', async () => {
    service.clock.advance(6 * 60);
    const fields = await formOn(admin, '/admin/tokens', '/admin/tokens');
    const response = await postForm(admin, '/admin/tokens', { ...fields, name: 'later', scope: 'admin' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account/confirm?next=%2Fadmin%2Ftokens');
  });

  it('reads in Japanese', async () => {
    const page = await admin.send('GET', '/admin/tokens', undefined, {
      headers: { cookie: `${cookieHeader(admin)}; lang=ja` },
    });
    expect(page.body).toContain('API トークン');
    expect(page.body).toContain('読み取りのみ');
  });
});

function cookieHeader(client: Client): string {
  return [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}
