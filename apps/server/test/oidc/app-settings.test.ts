import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, dialects } from '../support/harness.js';
import {
  Browser,
  listeningService,
  type OIDCTestService,
  REDIRECT_URI,
  registerApp,
  relyingParty,
  signInToApp,
  signInWithPassword,
  startCodeFlow,
} from '../support/oidc.js';

// What an administrator chooses per app: how it authenticates at the token endpoint, and whether
// people are asked for their consent.
describe.each(dialects())('per-app settings at sign-in (%s)', (dialect) => {
  let service: OIDCTestService;
  beforeAll(async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
  });
  afterAll(async () => service.close());

  it('client_secret_post: the app sends its secret in the form body; a wrong one is refused', async () => {
    const app = await registerApp(service, { tokenEndpointAuthMethod: 'client_secret_post' });
    const secret = app.clientSecret as string;
    const config = await client.discovery(
      new URL(service.issuer),
      app.clientId,
      { token_endpoint_auth_method: 'client_secret_post' },
      client.ClientSecretPost(secret),
      { execute: [client.allowInsecureRequests] },
    );
    const tokens = await signInToApp(config, new Browser(), 'alice');
    expect(tokens.claims()?.aud).toBe(app.clientId);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).toBeTruthy();

    const wrong = await client.discovery(
      new URL(service.issuer),
      app.clientId,
      { token_endpoint_auth_method: 'client_secret_post' },
      client.ClientSecretPost(`${secret}x`),
      { execute: [client.allowInsecureRequests] },
    );
    await expect(client.refreshTokenGrant(wrong, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_client',
    });
  });

  it('consent asked and refused: the app gets error=access_denied, no code, and nothing is granted', async () => {
    const app = await registerApp(service, { askConsent: true });
    const config = await relyingParty(service, app);
    const flow = await startCodeFlow(config);
    const browser = new Browser();
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    const consent = await signInWithPassword(browser, signIn.url, 'alice', REDIRECT_URI);
    expect(consent.url).toMatch(/\/interaction\//);
    const page = await (await browser.request(consent.url, { headers: { 'accept-language': 'ja' } })).text();
    expect(page).toContain('Notice board');

    const denied = await browser.submit(
      consent.url,
      `${consent.url}/consent`,
      { decision: 'deny' },
      REDIRECT_URI,
    );
    const answer = new URL(denied.url);
    expect(answer.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    expect(answer.searchParams.get('state')).toBe(flow.state);
    expect(answer.searchParams.get('code')).toBeNull();

    // Refusing is not remembered as consent: the next request asks again.
    const next = await startCodeFlow(config);
    const asked = await browser.follow(next.url, REDIRECT_URI);
    expect(asked.url).toMatch(/\/interaction\//);
  });
});
