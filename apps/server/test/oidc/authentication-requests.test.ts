import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/services/audit.js';
import { addUser, codeFor, dialects } from '../support/harness.js';
import {
  Browser,
  listeningService,
  type OIDCTestService,
  REDIRECT_URI,
  redeemCallback,
  registerApp,
  relyingParty,
  signInToApp,
  signInWithPassword,
  startCodeFlow,
} from '../support/oidc.js';

type Flow = Awaited<ReturnType<typeof startCodeFlow>>;

// What the app asks for at authorization time (prompt, max_age, acr_values) and what Kakunin makes
// the person do for it. The provider stamps requests with the real time: the service's clock is set
// from it, and moved back to make a sign-in older than a request.
describe.each(dialects())('an app’s demands on the sign-in (%s)', (dialect) => {
  let service: OIDCTestService;
  let config: client.Configuration;
  let clientId: string;

  beforeAll(async () => {
    service = await listeningService(dialect);
    const app = await registerApp(service);
    clientId = app.clientId;
    config = await relyingParty(service, app);
  });
  afterAll(async () => service.close());

  const redeem = async (flow: Flow, url: string) =>
    (await redeemCallback(config, flow, url)).claims() as client.IDToken;

  /** A browser signed in to Kakunin and to the app with the password, `secondsAgo` in the past. */
  async function signedIn(username: string, secondsAgo: number) {
    await addUser(service, username);
    service.clock.ms = Date.now() - secondsAgo * 1000;
    const browser = new Browser();
    const claims = (await signInToApp(config, browser, username)).claims() as client.IDToken;
    service.clock.ms = Date.now();
    return { browser, claims };
  }

  it('prompt=login makes a signed-in person enter the password again, then auth_time is the new sign-in', async () => {
    const { browser, claims } = await signedIn('pat', 120);
    const flow = await startCodeFlow(config, { prompt: 'login' });
    const signIn = await browser.follow(flow.url, REDIRECT_URI);
    expect(new URL(signIn.url).pathname).toBe('/sign-in');
    // She signs in now, after the app's request (the service's clock stands still where it was set).
    service.clock.ms = Date.now();
    const back = await signInWithPassword(browser, signIn.url, 'pat', REDIRECT_URI);
    const again = await redeem(flow, back.url);
    expect(again.sub).toBe(claims.sub);
    expect(again.auth_time).toBeGreaterThan(claims.auth_time as number);
  });

  it('max_age: a sign-in younger than it is single sign-on, an older one asks for the password again', async () => {
    const { browser, claims } = await signedIn('max', 120);
    const young = await startCodeFlow(config, { max_age: '600' });
    const sso = await browser.follow(young.url, REDIRECT_URI);
    expect((await redeem(young, sso.url)).auth_time).toBe(claims.auth_time);

    const old = await startCodeFlow(config, { max_age: '60' });
    const signIn = await browser.follow(old.url, REDIRECT_URI);
    expect(new URL(signIn.url).pathname).toBe('/sign-in');
    service.clock.ms = Date.now();
    const back = await signInWithPassword(browser, signIn.url, 'max', REDIRECT_URI);
    expect((await redeem(old, back.url)).auth_time).toBeGreaterThan(claims.auth_time as number);
  });

  it('acr_values 2fa steps a password-only session up with the code, and the app sees pwd otp mfa', async () => {
    // Signed in with the password, then registers an authenticator in that session: the session
    // stays password-only.
    const { browser, claims } = await signedIn('stella', 30);
    expect(claims.acr).toBe('urn:kakunin:acr:1fa');
    const api = (path: string, body: unknown) => browser.postJSON(`${service.issuer}${path}`, body);
    const enrollment = await api('/api/me/two-factor/enrollment', {});
    expect(enrollment.status).toBe(200);
    const { secret } = (await enrollment.json()) as { secret: string };
    const confirmed = await api('/api/me/two-factor/enrollment/confirm', { code: codeFor(service, secret) });
    expect(confirmed.status).toBe(200);
    service.clock.advance(30);

    // Without acr_values: single sign-on at the level the session has.
    const plain = await startCodeFlow(config);
    expect((await redeem(plain, (await browser.follow(plain.url, REDIRECT_URI)).url)).acr).toBe(
      'urn:kakunin:acr:1fa',
    );

    const flow = await startCodeFlow(config, { acr_values: 'urn:kakunin:acr:2fa' });
    const step = await browser.follow(flow.url, REDIRECT_URI);
    expect(new URL(step.url).pathname).toBe('/sign-in/code');
    const back = await browser.submit(
      step.url,
      '/sign-in/code',
      { code: codeFor(service, secret) },
      REDIRECT_URI,
    );
    const stepped = await redeem(flow, back.url);
    expect(stepped.acr).toBe('urn:kakunin:acr:2fa');
    expect(stepped.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(stepped.sub).toBe(claims.sub);
  });

  it('each sign-in to an app is audited with the app, the level and the methods', async () => {
    const { claims } = await signedIn('audrey', 10);
    const events = await listAudit(service.ctx, { target: 'audrey' });
    const signIns = events.filter((event) => event.event === 'app.sign_in');
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({
      actor: 'audrey',
      details: { app: clientId, acr: claims.acr, amr: ['pwd'] },
    });
  });
});
