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

/** The token endpoint called by hand, as an attacker would. */
async function redeem(
  service: OIDCTestService,
  app: { clientId: string; clientSecret?: string | undefined },
  fields: Record<string, string>,
) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (app.clientSecret)
    headers.authorization = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`;
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT_URI,
    ...fields,
  });
  if (!app.clientSecret) body.set('client_id', app.clientId);
  const response = await fetch(`${service.issuer}/oidc/token`, {
    method: 'POST',
    headers,
    body: body.toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(dialects())('OpenID Connect threats (%s)', (dialect) => {
  let service: OIDCTestService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function codeFor(
    s: OIDCTestService,
    app: { clientId: string; clientSecret: string | undefined },
    username = 'alice',
  ) {
    const config = await relyingParty(s, app);
    const flow = await startCodeFlow(config);
    const browser = new Browser();
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    const back = await signInWithPassword(browser, signIn.url, username, REDIRECT_URI);
    const code = new URL(back.url).searchParams.get('code') as string;
    expect(code).toBeTruthy();
    return { code, flow, browser, config };
  }

  it('authorization-code replay: the second redemption fails and revokes the tokens of the first', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const app = await registerApp(service);
    const { code, flow, config } = await codeFor(service, app);
    const first = await redeem(service, app, { code, code_verifier: flow.verifier });
    expect(first.status).toBe(200);
    const replay = await redeem(service, app, { code, code_verifier: flow.verifier });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const introspection = await client.tokenIntrospection(config, first.body.access_token as string);
    expect(introspection.active).toBe(false);
  });

  it('token substitution between clients: a code or token issued to one app is useless to another', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const victim = await registerApp(service);
    const attacker = await registerApp(service);
    const { code, flow } = await codeFor(service, victim);
    const stolen = await redeem(service, attacker, { code, code_verifier: flow.verifier });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    // The victim's own redemption still works, and the attacker cannot introspect its token.
    const own = await redeem(service, victim, { code, code_verifier: flow.verifier });
    expect(own.status).toBe(200);
    const attackerConfig = await relyingParty(service, attacker);
    const peek = await client.tokenIntrospection(attackerConfig, own.body.access_token as string);
    expect(peek.active).toBe(false);
  });

  it('a missing or wrong PKCE verifier is refused; a public app without PKCE is refused', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const app = await registerApp(service);
    const { code } = await codeFor(service, app);
    const missing = await redeem(service, app, { code });
    expect(missing.body.error).toBe('invalid_grant');
    const other = await codeFor(service, app);
    const wrong = await redeem(service, app, {
      code: other.code,
      code_verifier: client.randomPKCECodeVerifier(),
    });
    expect(wrong.body.error).toBe('invalid_grant');

    const spa = await registerApp(service, { public: true });
    const url = new URL(`${service.issuer}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: spa.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      state: 'st',
    }).toString();
    const response = await new Browser().request(url.href);
    const location = new URL(response.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE|code_challenge/);
  });

  it('open redirect via an unregistered redirect URI: an error page, never a redirect to it', async () => {
    service = await listeningService(dialect);
    const app = await registerApp(service);
    const url = new URL(`${service.issuer}/oidc/auth`);
    url.search = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'https://evil.example/callback',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const response = await new Browser().request(url.href, { headers: { 'accept-language': 'ja' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('アプリからのログイン要求を受け付けられませんでした');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    // A redirect URI that only starts like the registered one is another URI.
    url.searchParams.set('redirect_uri', `${REDIRECT_URI}/../evil`);
    expect((await new Browser().request(url.href)).status).toBe(400);
  });

  it('open redirect via the return address: only this service’s interaction paths are followed', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const browser = new Browser();
    browser.cookies.set('kakunin_return', encodeURIComponent('https://evil.example/'));
    const signIn = `${service.issuer}/sign-in`;
    const after = await signInWithPassword(browser, signIn, 'alice', 'https://evil.example');
    expect(after.url.startsWith('https://evil.example')).toBe(false);
    expect(new URL(after.url).pathname).toBe('/account');
  });

  it('CSRF on the interaction: a consent form posted without its token grants nothing', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const app = await registerApp(service, { askConsent: true });
    const config = await relyingParty(service, app);
    const flow = await startCodeFlow(config);
    const browser = new Browser();
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    const consent = await signInWithPassword(browser, signIn.url, 'alice', REDIRECT_URI);
    expect(consent.url).toMatch(/\/interaction\//);
    const forged = await browser.request(`${consent.url}/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=allow',
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
    // With its token, the same form works.
    const allowed = await browser.submit(
      consent.url,
      `${consent.url}/consent`,
      { decision: 'allow' },
      REDIRECT_URI,
    );
    expect(new URL(allowed.url).searchParams.get('code')).toBeTruthy();
  });

  it('mix-up of sessions between instances: a sign-out at one instance ends single sign-on at the other', async () => {
    service = await listeningService(dialect);
    await addUser(service, 'alice');
    const app = await registerApp(service);
    const { browser, config } = await codeFor(service, app);
    // A second instance on the same database, with the same key, behind the same public address.
    const other = await listeningService(dialect, { test: service.test, secretKey: service.secretKey });
    try {
      const sso = await startCodeFlow(config);
      const atOther = await browser.follow(sso.url.replace(service.issuer, other.issuer), REDIRECT_URI);
      expect(atOther.url.startsWith(REDIRECT_URI)).toBe(true);
      // The code the other instance issued is redeemed at the first.
      const code = new URL(atOther.url).searchParams.get('code') as string;
      expect((await redeem(service, app, { code, code_verifier: sso.verifier })).status).toBe(200);

      await browser.submit(`${service.issuer}/account`, '/sign-out', {}, REDIRECT_URI);
      const after = await startCodeFlow(config);
      const again = await browser.follow(after.url.replace(service.issuer, other.issuer), REDIRECT_URI);
      expect(new URL(again.url).pathname).toBe('/sign-in');
    } finally {
      await other.close();
    }
  });
});
