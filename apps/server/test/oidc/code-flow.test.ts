import * as client from 'openid-client';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, dialects } from '../support/harness.js';
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

describe.each(dialects())('OpenID Connect code flow (%s)', (dialect) => {
  let service: OIDCTestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  it('publishes discovery with the issuer, code flow, PKCE S256, both secret methods and RS256/ES256', async () => {
    service = await listeningService(dialect);
    const response = await fetch(`${service.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = await response.json();
    expect(discovery.issuer).toBe(service.issuer);
    expect(discovery.authorization_endpoint).toBe(`${service.issuer}/oidc/auth`);
    expect(discovery.response_types_supported).toEqual(['code']);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
    );
    expect(discovery.id_token_signing_alg_values_supported).toEqual(
      expect.arrayContaining(['RS256', 'ES256']),
    );
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(['sub', 'acr', 'amr', 'auth_time']));
    expect(discovery.end_session_endpoint).toBe(`${service.issuer}/oidc/session/end`);
    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys.map((key: { alg: string }) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    // Public keys only.
    expect(jwks.keys.some((key: { d?: string }) => key.d !== undefined)).toBe(false);
  });

  it('signs a person in with their Kakunin password and gives the app tokens, userinfo and amr', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const app = await registerApp(service);
    const config = await relyingParty(service, app);
    const flow = await startCodeFlow(config);
    const browser = new Browser();

    // The authorization request lands on Kakunin's own sign-in page.
    const toSignIn = await browser.follow(flow.url, REDIRECT_URI);
    expect(new URL(toSignIn.url).pathname).toBe('/sign-in');
    const back = await signInWithPassword(browser, toSignIn.url, 'alice', REDIRECT_URI);
    expect(back.url.startsWith(REDIRECT_URI)).toBe(true);

    const tokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
    });
    const claims = tokens.claims();
    expect(claims?.iss).toBe(service.issuer);
    expect(claims?.aud).toBe(app.clientId);
    expect(claims?.amr).toEqual(['pwd']);
    expect(claims?.acr).toBe('urn:kakunin:acr:1fa');
    expect(typeof claims?.auth_time).toBe('number');
    // sub is opaque: never the username.
    expect(claims?.sub).not.toContain('alice');
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(userinfo.preferred_username).toBe('alice');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.access_token).toBeTruthy();
  });

  it('signs a person already signed in to Kakunin straight in (single sign-on), with the same sub', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'bob');
    const app = await registerApp(service);
    const config = await relyingParty(service, app);
    const browser = new Browser();
    const first = await startCodeFlow(config);
    const signIn = await browser.follow(first.url, REDIRECT_URI);
    const back = await signInWithPassword(browser, signIn.url, 'bob', REDIRECT_URI);
    const firstTokens = await client.authorizationCodeGrant(config, new URL(back.url), {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
      expectedNonce: first.nonce,
    });

    const second = await startCodeFlow(config);
    const again = await browser.follow(second.url, REDIRECT_URI);
    // No page in between: straight back to the app with a code.
    expect(again.url.startsWith(REDIRECT_URI)).toBe(true);
    const secondTokens = await client.authorizationCodeGrant(config, new URL(again.url), {
      pkceCodeVerifier: second.verifier,
      expectedState: second.state,
      expectedNonce: second.nonce,
    });
    expect(secondTokens.claims()?.sub).toBe(firstTokens.claims()?.sub);
  });
});
