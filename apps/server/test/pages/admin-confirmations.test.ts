// "Reset 2FA" is shown only when two-factor is on and acts only after a confirmation step that says
// what will happen; "Unlock" is shown only for a locked account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/client.js';
import { formOn, hiddenFields, postForm, signInWithForm } from '../support/forms.js';
import { addUser, PASSWORD, type TestService, testService, userWithTwoFactor } from '../support/harness.js';

describe('administrator actions on one user', () => {
  let service: TestService;
  let root: Client;

  beforeAll(async () => {
    service = await testService('sqlite');
    await addUser(service, 'root', 'admin');
    root = service.client();
    await signInWithForm(root, 'root', PASSWORD);
  });
  afterAll(async () => {
    await service?.close();
  });

  const twoFactorOn = async (username: string) =>
    (
      await service.ctx.db
        .selectFrom('totp_credentials')
        .innerJoin('users', 'users.id', 'totp_credentials.user_id')
        .select('totp_credentials.id')
        .where('users.username', '=', username)
        .where('totp_credentials.state', '=', 'active')
        .execute()
    ).length > 0;

  it('offers neither Reset 2FA nor Unlock for a user without two-factor who is not locked', async () => {
    await addUser(service, 'plain');
    const page = await root.send('GET', '/admin/users/plain');
    expect(page.body).toContain('Reset password');
    expect(page.body).not.toContain('Reset 2FA');
    expect(page.body).not.toContain('/two-factor/reset');
    expect(page.body).not.toContain('/unlock');
  });

  it('offers Unlock only while the account is locked', async () => {
    await addUser(service, 'locked');
    const guesser = service.client();
    for (let i = 0; i < 10; i++)
      await guesser.send('POST', '/api/login', { username: 'locked', password: `wrong guess ${i}` });
    const page = await root.send('GET', '/admin/users/locked');
    expect(page.body).toContain('action="/admin/users/locked/unlock"');
    const unlock = await postForm(
      root,
      '/admin/users/locked/unlock',
      hiddenFields(page.body, '/admin/users/locked/unlock'),
    );
    expect(unlock.headers.location).toBe('/admin/users/locked?notice=unlocked');
    expect((await root.send('GET', '/admin/users/locked')).body).not.toContain('/unlock"');
  });

  it('resets two-factor only after the confirmation step, which says what will happen', async () => {
    await userWithTwoFactor(service, 'phone');
    const page = await root.send('GET', '/admin/users/phone');
    expect(page.body).toContain('href="/admin/users/phone/two-factor/reset"');
    // The user page has no form that resets on one click.
    expect(page.body).not.toContain('action="/admin/users/phone/two-factor/reset"');

    const confirm = await root.send('GET', '/admin/users/phone/two-factor/reset');
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Reset two-factor authentication of phone?');
    expect(confirm.body).toContain('All their sessions end');
    expect(confirm.body).toContain('href="/admin/users/phone"');

    // A POST without the confirmation (a stale or hand-made form) only shows the step again.
    const fields = hiddenFields(confirm.body, '/admin/users/phone/two-factor/reset');
    const { confirm: _yes, ...unconfirmed } = fields;
    const refused = await postForm(root, '/admin/users/phone/two-factor/reset', unconfirmed);
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('Reset two-factor authentication of phone?');
    expect(await twoFactorOn('phone')).toBe(true);

    const again = await formOn(
      root,
      '/admin/users/phone/two-factor/reset',
      '/admin/users/phone/two-factor/reset',
    );
    expect(again.confirm).toBe('yes');
    const done = await postForm(root, '/admin/users/phone/two-factor/reset', again);
    expect(done.headers.location).toBe('/admin/users/phone?notice=two-factor-reset');
    expect(await twoFactorOn('phone')).toBe(false);
  });

  it('shows a create-user error beside its field, linked from the summary, keeping what was typed', async () => {
    const fields = await formOn(root, '/admin/users', '/admin/users');
    const response = await postForm(root, '/admin/users', {
      ...fields,
      username: 'root',
      password: PASSWORD,
      role: 'admin',
    });
    expect(response.statusCode).toBe(409);
    expect(response.body).toMatch(/<title>Error: Users/);
    expect(response.body).toContain(
      '<a href="#new-username">A user with this name already exists. Choose another name.</a>',
    );
    expect(response.body).toMatch(
      /id="new-username"[^>]*value="root"[^>]*aria-invalid="true"|id="new-username"[^>]*aria-invalid="true"/,
    );
    expect(response.body).toContain('<option value="admin" selected');
  });
});
