import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuePasswordLink } from '../../src/services/password-reset.js';
import type { Client } from '../support/client.js';
import { addUser, PASSWORD, type TestService, testService } from '../support/harness.js';
import { startInbox, type TestInbox } from '../support/smtp.js';

// A new password's minimum length is said next to the field, before the person types, in the
// page's language, and follows the administrator's setting (and the policy's default).
describe('the minimum length beside a new password', () => {
  let service: TestService;
  let admin: Client;
  let alice: Client;
  let inbox: TestInbox;
  beforeAll(async () => {
    // Mail configured: the reset links' pages exist.
    inbox = await startInbox();
    service = await testService('sqlite', { env: { SMTP_URL: inbox.url } });
    await addUser(service, 'root', 'admin');
    await addUser(service, 'alice');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    alice = service.client();
    await alice.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
  });
  afterAll(async () => {
    await service?.close();
    await inbox?.close();
  });

  async function hint(
    client: Client,
    url: string,
    language = 'en',
    field = '[\\w-]+',
  ): Promise<string | undefined> {
    const page = await client.send('GET', url, undefined, { headers: { 'accept-language': language } });
    expect(page.statusCode).toBe(200);
    return new RegExp(`<span class="hint" id="${field}-hint">([^<]*)</span>`).exec(page.body)?.[1];
  }

  async function resetLink(): Promise<string> {
    const user = await service.ctx.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow();
    return `/sign-in/reset?token=${await issuePasswordLink(service.ctx, user.id, 60)}`;
  }

  it('says the default, then the administrator’s minimum, on the password page and a reset link’s page', async () => {
    expect(await hint(alice, '/account/password')).toMatch(/^At least 15 characters\. /);
    expect(await hint(service.client(), await resetLink())).toMatch(/^At least 15 characters\. /);
    await admin.expect('PUT', '/api/admin/settings', { passwordMinLength: 20 }, 200);
    try {
      expect(await hint(alice, '/account/password')).toMatch(/^At least 20 characters\. /);
      expect(await hint(alice, '/account/password', 'ja')).toMatch(/^20 文字以上にしてください。/);
      expect(await hint(service.client(), await resetLink(), 'ja')).toMatch(/^20 文字以上にしてください。/);
    } finally {
      await admin.expect('PUT', '/api/admin/settings', { passwordMinLength: null }, 200);
    }
  });

  it('tells an administrator the minimum for a password typed for someone else', async () => {
    const create = () => hint(admin, '/admin/users', 'en', 'new-password');
    const reset = (language = 'en') => hint(admin, '/admin/users/alice', language, 'reset-password');
    expect(await create()).toMatch(/^At least 15 characters if you type one\. /);
    expect(await reset()).toMatch(/^At least 15 characters if you type one\. /);
    await admin.expect('PUT', '/api/admin/settings', { passwordMinLength: 18 }, 200);
    try {
      expect(await create()).toMatch(/^At least 18 characters if you type one\. /);
      expect(await reset('ja')).toMatch(/^入力する場合は 18 文字以上にしてください。/);
    } finally {
      await admin.expect('PUT', '/api/admin/settings', { passwordMinLength: null }, 200);
    }
  });
});
