import { afterEach, describe, expect, it } from 'vitest';
import { addUser, PASSWORD } from '../support/harness.js';
import { Browser, listeningService, type OIDCTestService } from '../support/oidc.js';

const NOWHERE = 'http://nowhere.invalid';

describe('Administrator console → Applications', () => {
  let service: OIDCTestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it.each([
    ['en', 'Copy the client secret now', 'Applications'],
    ['ja', 'クライアントシークレットを今すぐコピーしてください', 'アプリケーション'],
  ])('registers an app and shows its secret once (%s)', async (locale, secretNotice, title) => {
    service = await listeningService('sqlite');
    await addUser(service, 'root', 'admin');
    const browser = new Browser();
    browser.cookies.set('lang', locale);
    await browser.submit(
      `${service.issuer}/sign-in`,
      '/sign-in',
      { username: 'root', password: PASSWORD },
      NOWHERE,
    );
    const list = await browser.request(`${service.issuer}/admin/apps`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(title);

    const created = await browser.submit(
      `${service.issuer}/admin/apps`,
      '/admin/apps',
      {
        name: 'Wiki',
        redirectURIs: 'https://wiki.example.com/callback\nhttps://wiki.example.com/other',
        postLogoutRedirectURIs: '',
        kind: 'client_secret_post',
        requiresTwoFactor: 'on',
        requiresPasskey: 'on',
      },
      NOWHERE,
    );
    const html = await created.response.text();
    expect(html).toContain(secretNotice);
    const secret = /class="secret">([^<]+)</.exec(html)?.[1];
    expect(secret).toBeTruthy();
    const [app] = await service.ctx.db.selectFrom('oidc_apps').selectAll().execute();
    expect(app).toMatchObject({
      name: 'Wiki',
      token_endpoint_auth_method: 'client_secret_post',
      requires_two_factor: 1,
      requires_passkey: 1,
    });
    expect(JSON.parse(app?.redirect_uris as string)).toHaveLength(2);
    // Shown once: the app's page afterwards does not carry it.
    const again = await browser.request(`${service.issuer}/admin/apps/${app?.client_id}`);
    const page = await again.text();
    expect(page).not.toContain(secret as string);
    expect(page).toMatch(/<input[^>]*name="requiresPasskey"[^>]*checked/);
  });

  it('says what is wrong with a bad redirect URI and keeps the list', async () => {
    service = await listeningService('sqlite');
    await addUser(service, 'root', 'admin');
    const browser = new Browser();
    await browser.submit(
      `${service.issuer}/sign-in`,
      '/sign-in',
      { username: 'root', password: PASSWORD },
      NOWHERE,
    );
    const refused = await browser.submit(
      `${service.issuer}/admin/apps`,
      '/admin/apps',
      { name: 'Bad', redirectURIs: 'not a url', kind: 'client_secret_basic' },
      NOWHERE,
    );
    expect(refused.response.status).toBe(400);
    expect(await service.ctx.db.selectFrom('oidc_apps').selectAll().execute()).toEqual([]);
  });
});
