import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { resetUserTwoFactor } from '../../src/services/admin.js';
import { resetPassword } from '../../src/services/users.js';
import { forwardAuth, protect } from '../support/forward-auth.js';
import { addUser, dialects, PASSWORD } from '../support/harness.js';
import {
  Browser,
  listeningService,
  type OIDCTestService,
  REDIRECT_URI,
  registerApp,
  relyingParty,
  signInWithPassword,
  startCodeFlow,
} from '../support/oidc.js';
import { addPasskey } from '../support/passkeys.js';
import { SoftwareAuthenticator } from '../support/webauthn.js';

const system = { username: 'root', ip: null };

describe.each(dialects())('ending a person’s sessions reaches the apps (%s)', (dialect) => {
  let service: OIDCTestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function signedInToApp(s: OIDCTestService, username: string) {
    const app = await registerApp(s);
    const config = await relyingParty(s, app);
    const flow = await startCodeFlow(config);
    const browser = new Browser();
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    const back = await signInWithPassword(browser, signIn.url, username, REDIRECT_URI);
    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    return { config, tokens, browser };
  }

  it('an administrator’s password reset revokes the refresh token and the access token', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'carol');
    const { config, tokens, browser } = await signedInToApp(service, 'carol');
    await resetPassword(service.ctx, { username: 'carol', password: 'a whole new password' }, system);

    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const introspection = await client.tokenIntrospection(config, tokens.access_token);
    expect(introspection.active).toBe(false);
    // And no single sign-on: the next authorization goes back to the password.
    const flow = await startCodeFlow(config);
    const next = await browser.follow(flow.url, REDIRECT_URI);
    expect(new URL(next.url).pathname).toBe('/sign-in');
  });

  it('disabling a user revokes their refresh token and access token, and the proxy refuses them', async () => {
    service = await listeningService(dialect, { env: { TRUST_PROXY: '127.0.0.1' } });
    await addUser(service, 'erin');
    await addUser(service, 'root', 'admin');
    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    await protect(admin, { host: 'wiki.example.com' });
    const { config, tokens, browser } = await signedInToApp(service, 'erin');
    // The same browser's Kakunin session, as the reverse proxy passes it along.
    const proxy = service.client('127.0.0.1');
    proxy.cookies.set('kakunin_session', browser.cookies.get('kakunin_session') as string);
    expect((await forwardAuth(proxy, 'https://wiki.example.com/')).statusCode).toBe(200);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);

    await admin.expect('POST', '/api/admin/users/erin/disable', undefined, 200);

    await expect(
      client.refreshTokenGrant(config, (refreshed.refresh_token ?? tokens.refresh_token) as string),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    const refused = await forwardAuth(proxy, 'https://wiki.example.com/');
    expect(refused.statusCode).toBe(302);
    expect(refused.headers['remote-user']).toBeUndefined();
  });

  it('an administrator’s two-factor reset revokes the refresh token', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'dave');
    const { config, tokens } = await signedInToApp(service, 'dave');
    // The refresh token works before…
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    await resetUserTwoFactor(service.ctx, 'dave', system);
    // …and not after.
    await expect(
      client.refreshTokenGrant(config, (refreshed.refresh_token ?? tokens.refresh_token) as string),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it.each(['its owner', 'an administrator'])(
    'removing a passkey, by %s, revokes the refresh token',
    async (remover) => {
      service = await listeningService(dialect);
      await addUser(service, 'gina');
      await addUser(service, 'root', 'admin');
      const { config, tokens } = await signedInToApp(service, 'gina');
      const owner = service.client();
      await owner.expect('POST', '/api/login', { username: 'gina', password: PASSWORD }, 200);
      const key = new SoftwareAuthenticator(service.issuer);
      const { id } = await addPasskey(owner, key);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);

      if (remover === 'its owner') {
        // Now that she has a passkey, removing it takes proof of it.
        const options = await owner.expect('POST', '/api/me/reauthenticate/passkey/options', {}, 200);
        const passkey = key.get(options as { challenge: string });
        await owner.expect('POST', '/api/me/reauthenticate', { passkey }, 200);
        await owner.expect('DELETE', `/api/me/passkeys/${id}`, {}, 200);
      } else {
        const admin = service.client();
        await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
        await admin.expect('DELETE', `/api/admin/users/gina/passkeys/${id}`, undefined, 200);
      }

      await expect(
        client.refreshTokenGrant(config, (refreshed.refresh_token ?? tokens.refresh_token) as string),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
    },
  );
});
