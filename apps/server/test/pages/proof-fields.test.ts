// The password and profile forms ask for a code only where one can be given and only as the rule
// needs it: never `required` in the page (a moment after signing in, or for a display name, none is
// needed), and not at all for a person whose only second factors are passkeys — they confirm with
// the passkey on the confirm page when a proof is due.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOn, hiddenFields, postForm } from '../support/forms.js';
import { addUser, PASSWORD, type TestService, testService, userWithTwoFactor } from '../support/harness.js';
import { addPasskey } from '../support/passkeys.js';
import { SoftwareAuthenticator } from '../support/webauthn.js';

const CODE_INPUT = /<input id="(password|profile)-code"[^>]*>/;

describe('the proof fields of the password and profile pages', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite');
  });
  afterAll(async () => {
    await service?.close();
  });

  it('with an authenticator app: a code field that the page does not insist on', async () => {
    const { client } = await userWithTwoFactor(service, 'aya');
    for (const path of ['/account/password', '/account/profile']) {
      const input = CODE_INPUT.exec((await client.send('GET', path)).body)?.[0];
      expect(input, path).toBeDefined();
      expect(input).not.toMatch(/\srequired/);
    }
    // Long after signing in, a display name still needs no proof.
    service.clock.advance(10 * 60);
    const fields = await formOn(client, '/account/profile', '/account/profile');
    const saved = await postForm(client, '/account/profile', { ...fields, displayName: 'Aya', email: '' });
    expect(saved.statusCode, saved.body).toBe(303);
  });

  it('with passkeys only: no code field; a proof that is due is asked on the confirm page', async () => {
    await addUser(service, 'ben');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'ben', password: PASSWORD }, 200);
    await addPasskey(client, new SoftwareAuthenticator('http://localhost:3000'), 'Phone');
    for (const path of ['/account/password', '/account/profile'])
      expect(CODE_INPUT.test((await client.send('GET', path)).body), path).toBe(false);

    service.clock.advance(10 * 60);
    const fields = await formOn(client, '/account/password', '/account/password');
    const refused = await postForm(client, '/account/password', {
      ...fields,
      currentPassword: PASSWORD,
      newPassword: 'ben picked a longer one now',
    });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/account/confirm?next=%2Faccount%2Fpassword');
  });
});

describe('recovery codes on the account page, for a person with passkeys only', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite');
  });
  afterAll(async () => {
    await service?.close();
  });

  it('shows how many are left and replaces them, through the confirm page when a proof is due', async () => {
    await addUser(service, 'cai');
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'cai', password: PASSWORD }, 200);
    const key = new SoftwareAuthenticator('http://localhost:3000');
    const added = await addPasskey(client, key, 'Phone');
    // Signed in with the passkey: a moment later no proof is needed.
    const options = await client.expect('POST', '/api/login/passkey/options', {}, 200);
    const response = key.get(options as { challenge: string });
    await client.expect('POST', '/api/login/passkey', { response }, 200);

    const account = (await client.send('GET', '/account')).body;
    // Passkeys are a second factor: the account says two-factor is on, and an app is an addition.
    expect(account).toContain('Status: on, with a passkey or security key');
    expect(account).toContain('Add an authenticator app');
    // What sign-in asks for is the key, not a code from an app the person does not have.
    expect(account).toContain('sign-in asks for your passkey or security key');
    expect(account).not.toContain('asks for a 6-digit code from an authenticator app');
    const japanese = await client.send('GET', '/account', undefined, {
      headers: { 'accept-language': 'ja' },
    });
    expect(japanese.body).toContain('状態: 有効（パスキーまたはセキュリティキー）');
    expect(japanese.body).toContain('パスワードの後に、パスキーまたはセキュリティキーで確認します。');
    expect(account).toContain('Recovery codes left: 10');
    expect(account).not.toContain('id="regenerate-code"');
    const fields = await formOn(client, '/account', '/account/two-factor/recovery-codes');
    const shown = await postForm(client, '/account/two-factor/recovery-codes', fields);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.body).toContain('id="recovery-codes"');
    expect(shown.body).not.toContain((added.recoveryCodes as string[])[0]);
    const codes = [...shown.body.matchAll(/<code>([^<]+)<\/code>/g)].map((match) => match[1] as string);

    service.clock.advance(10 * 60);
    const again = await formOn(client, '/account', '/account/two-factor/recovery-codes');
    const asked = await postForm(client, '/account/two-factor/recovery-codes', again);
    expect(asked.body).toContain('Confirm that it is you');
    expect(asked.body).toContain('name="next" value="recovery-codes"');
    const confirm = hiddenFields(asked.body, '/account/confirm');
    const done = await postForm(client, '/account/confirm', { ...confirm, code: codes[0] as string });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('id="recovery-codes"');
  });
});
