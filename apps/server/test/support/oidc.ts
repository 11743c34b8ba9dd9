import { createServer } from 'node:net';
import * as client from 'openid-client';
import { expect } from 'vitest';
import { createApp } from '../../src/oidc/apps.js';
import {
  type DialectName,
  PASSWORD,
  type TestService,
  type TestServiceOptions,
  testService,
} from './harness.js';

/** A free loopback port (the issuer must be known before the service starts listening). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A listening service whose PUBLIC_URL (the issuer) is its real address. */
export interface OIDCTestService extends TestService {
  issuer: string;
}

export async function listeningService(
  dialect: DialectName,
  options: TestServiceOptions = {},
): Promise<OIDCTestService> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const service = await testService(dialect, { ...options, env: { PUBLIC_URL: issuer, ...options.env } });
  await service.app.listen({ port, host: '127.0.0.1' });
  return { ...service, issuer };
}

export const REDIRECT_URI = 'http://127.0.0.1:1/callback';

/** Registers an app straight through the service. */
export async function registerApp(
  service: TestService,
  input: {
    public?: boolean;
    requiresTwoFactor?: boolean;
    requiresPasskey?: boolean;
    askConsent?: boolean;
    tokenEndpointAuthMethod?: string;
    redirectURIs?: string[];
  } = {},
): Promise<{ clientId: string; clientSecret: string | undefined }> {
  const { app, clientSecret } = await createApp(
    service.ctx,
    {
      name: 'Notice board',
      redirectURIs: [REDIRECT_URI],
      postLogoutRedirectURIs: ['http://127.0.0.1:1/signed-out'],
      ...input,
    },
    { username: 'test', ip: null },
  );
  return { clientId: app.clientId, clientSecret };
}

/** A browser without a browser: a cookie jar and manual redirects over fetch. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some(
        (a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()),
      );
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Posts JSON, as a page's script calls the service's API. */
  async postJSON(url: string, body: unknown): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** Follows redirects on this origin until one leaves for `stopAt` (returned) or a page answers. */
  async follow(
    url: string,
    stopAt: string,
    init: RequestInit = {},
  ): Promise<{ url: string; response: Response }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).href;
      if (current.startsWith(stopAt)) return { url: current, response };
      response = await this.request(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Posts a form of the page at `pageURL` (its CSRF token included). */
  async submit(pageURL: string, action: string, fields: Record<string, string>, stopAt: string) {
    const page = await this.request(pageURL);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf, `a CSRF token on ${pageURL}`).toBeTruthy();
    return this.follow(new URL(action, pageURL).href, stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf as string, ...fields }).toString(),
    });
  }
}

/** An openid-client configuration for a registered app (plain http is allowed on loopback in tests). */
export async function relyingParty(
  service: OIDCTestService,
  app: { clientId: string; clientSecret: string | undefined },
): Promise<client.Configuration> {
  return client.discovery(
    new URL(service.issuer),
    app.clientId,
    app.clientSecret,
    app.clientSecret ? client.ClientSecretBasic(app.clientSecret) : client.None(),
    { execute: [client.allowInsecureRequests] },
  );
}

/** Starts a code flow with PKCE; returns the authorization URL and what the callback needs. */
export async function startCodeFlow(config: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url: url.href, verifier, state, nonce };
}

/** Signs in on the Kakunin pages with the password from wherever the interaction sent the browser. */
export async function signInWithPassword(
  browser: Browser,
  signInURL: string,
  username: string,
  stopAt: string,
) {
  return browser.submit(signInURL, '/sign-in', { username, password: PASSWORD }, stopAt);
}

/** The app's side of the callback: the code at `callbackURL` redeemed with the flow's PKCE verifier. */
export async function redeemCallback(
  config: client.Configuration,
  flow: Awaited<ReturnType<typeof startCodeFlow>>,
  callbackURL: string,
) {
  expect(callbackURL.startsWith(REDIRECT_URI), `back at the app, not at ${callbackURL}`).toBe(true);
  return client.authorizationCodeGrant(config, new URL(callbackURL), {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}

/** A whole sign-in to an app with the password: authorization, Kakunin's sign-in page, tokens. */
export async function signInToApp(config: client.Configuration, browser: Browser, username: string) {
  const flow = await startCodeFlow(config);
  const signIn = await browser.follow(flow.url, REDIRECT_URI);
  const back = await signInWithPassword(browser, signIn.url, username, REDIRECT_URI);
  return redeemCallback(config, flow, back.url);
}
