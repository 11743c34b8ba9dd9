// An administrator resets a user's password in the console: the new one works once, and the person
// chooses their own at the next sign-in — as for a user the administrator creates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/services/audit.js';
import type { Client } from '../support/client.js';
import { formOn, postForm, signInWithForm } from '../support/forms.js';
import { addUser, dialects, PASSWORD, type TestService, testService } from '../support/harness.js';

describe.each(dialects())('resetting a password in the console, on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    admin = service.client();
    await signInWithForm(admin, 'root', PASSWORD);
  });
  afterAll(async () => {
    await service?.close();
  });

  async function reset(
    username: string,
    password: string,
    language = 'en',
    extra: Record<string, string> = {},
  ) {
    const fields = await formOn(admin, `/admin/users/${username}`, `/admin/users/${username}/password`);
    return admin.send('POST', `/admin/users/${username}/password`, undefined, {
      payload: new URLSearchParams({ ...fields, password, ...extra }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
    });
  }

  it('has a typed password replaced at the next sign-in', async () => {
    await addUser(service, 'yuki');
    const page = await admin.send('GET', '/admin/users/yuki');
    expect(page.body).toContain('they choose their own at the next sign-in');
    const done = await reset('yuki', 'typed by root 3');
    expect(done.statusCode, done.body).toBe(303);
    const notice = await admin.send('GET', String(done.headers.location));
    expect(notice.body).toContain('They choose their own at the next sign-in.');
    const person = service.client();
    expect(await signInWithForm(person, 'yuki', 'typed by root 3')).toBe('/account/password');
    const fields = await formOn(person, '/account/password', '/account/password');
    const changed = await postForm(person, '/account/password', {
      ...fields,
      currentPassword: 'typed by root 3',
      newPassword: 'my very own staple battery',
    });
    expect(changed.statusCode, changed.body).toBe(303);
    expect((await person.send('GET', '/account')).statusCode).toBe(200);
  });

  it('makes one up when none is typed and shows it once, in either language', async () => {
    await addUser(service, 'kai');
    const shown = await reset('kai', '');
    expect(shown.statusCode).toBe(200);
    const password = /one-time password is ([a-z2-9-]+)/.exec(shown.body)?.[1] as string;
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3,}$/);
    expect((await admin.send('GET', '/admin/users/kai')).body).not.toContain(password);
    expect(await signInWithForm(service.client(), 'kai', password)).toBe('/account/password');
    const ja = await reset('kai', '', 'ja');
    expect(ja.body).toContain('ワンタイムパスワードは');
  });

  it('keeps a typed password when the box is ticked: no change asked at the next sign-in', async () => {
    await addUser(service, 'mei');
    const page = await admin.send('GET', '/admin/users/mei');
    expect(page.body).toMatch(
      /<input type="checkbox" id="reset-password-lasting" name="lasting"(?! checked)/,
    );
    const done = await reset('mei', 'typed by root 4', 'en', { lasting: 'on' });
    expect(done.statusCode, done.body).toBe(303);
    const notice = await admin.send('GET', String(done.headers.location));
    expect(notice.body).toContain('It lasts: they are not asked to change it.');
    const person = service.client();
    expect(await signInWithForm(person, 'mei', 'typed by root 4')).toBe('/account');
    expect((await person.send('GET', '/account')).statusCode).toBe(200);
    const audited = (await listAudit(service.ctx, { limit: 1000 })).filter(
      (entry) => entry.event === 'user.password_reset' && entry.target === 'mei',
    );
    expect(audited.map((entry) => entry.details)).toEqual([{ oneTime: false }]);
  });

  it('makes up no lasting password: an empty field with the box ticked is refused beside it, in either language', async () => {
    await addUser(service, 'sora');
    for (const [language, text] of [
      ['en', 'Type the password to set'],
      ['ja', '設定するパスワードを入力してください'],
    ] as const) {
      const refused = await reset('sora', '', language, { lasting: 'on' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(text);
      expect(refused.body).toMatch(/id="reset-password"[^>]*aria-invalid="true"/);
    }
    // Nothing changed: the password from before still signs in.
    expect(await signInWithForm(service.client(), 'sora', PASSWORD)).toBe('/account');
  });
});
