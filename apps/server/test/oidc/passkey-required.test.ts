import type * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, codeFor, dialects, PASSWORD, userWithTwoFactor } from '../support/harness.js';
import {
  Browser,
  listeningService,
  type OIDCTestService,
  REDIRECT_URI,
  redeemCallback,
  registerApp,
  relyingParty,
  signInWithPassword,
  startCodeFlow,
} from '../support/oidc.js';
import { addPasskey } from '../support/passkeys.js';
import { SoftwareAuthenticator } from '../support/webauthn.js';

// An app that accepts only a phishing-resistant sign-in (acr urn:kakunin:acr:phr): a passkey or a
// security key. A password, or a password and a code, does not get a person in.
describe.each(dialects())('an app that requires a passkey (%s)', (dialect) => {
  let service: OIDCTestService;
  let config: client.Configuration;

  beforeAll(async () => {
    service = await listeningService(dialect);
    config = await relyingParty(service, await registerApp(service, { requiresPasskey: true }));
  });
  afterAll(async () => service.close());

  /** Starts the app's sign-in; returns the flow and the interaction's address. */
  async function start(browser: Browser, extra: Record<string, string> = {}, rp = config) {
    const flow = await startCodeFlow(rp, extra);
    const first = await browser.request(flow.url);
    const interaction = new URL(first.headers.get('location') as string, service.issuer).href;
    expect(new URL(interaction).pathname).toMatch(/^\/interaction\//);
    return { flow, interaction };
  }

  /** The sign-in's second step with the passkey, as the page's script does it over the API. */
  async function usePasskey(browser: Browser, key: SoftwareAuthenticator) {
    const post = (path: string, body: unknown) => browser.postJSON(`${service.issuer}${path}`, body);
    const options = await (await post('/api/login/passkey/options', {})).json();
    const answer = await post('/api/login/passkey', { response: key.get(options) });
    expect(answer.status, await answer.clone().text()).toBe(200);
  }

  it('a person without a passkey is refused with a page that says how to get in, in both languages', async () => {
    await addUser(service, 'nopk');
    const browser = new Browser();
    const { interaction } = await start(browser);
    const signIn = await browser.follow(interaction, REDIRECT_URI);
    const refused = await signInWithPassword(browser, signIn.url, 'nopk', REDIRECT_URI);
    expect(refused.url).toBe(interaction);
    expect(refused.response.status).toBe(403);
    const html = await refused.response.text();
    expect(html).toContain('Notice board requires a passkey');
    expect(html).toContain('href="/account"');
    const ja = await browser.request(interaction, { headers: { 'accept-language': 'ja' } });
    expect(await ja.text()).toContain('Notice board にはパスキーが必要です');

    // acr_values asks the same of an app that does not require it by itself.
    const plain = await relyingParty(service, await registerApp(service));
    const asked = await start(browser, { acr_values: 'urn:kakunin:acr:phr' }, plain);
    const page = await browser.follow(asked.interaction, REDIRECT_URI);
    expect(page.response.status).toBe(403);
    // Without acr_values the same session signs in to that app.
    const free = await start(browser, {}, plain);
    expect((await browser.follow(free.interaction, REDIRECT_URI)).url.startsWith(REDIRECT_URI)).toBe(true);
  });

  it('a code is not enough; “use my passkey” steps the session up and the app sees acr phr', async () => {
    const { client: api, secret } = await userWithTwoFactor(service, 'tomo');
    const key = new SoftwareAuthenticator(service.issuer);
    service.clock.advance(30);
    await addPasskey(api, key, 'YubiKey', { code: codeFor(service, secret) });
    service.clock.advance(30);

    const browser = new Browser();
    const { flow, interaction } = await start(browser);
    const signIn = await browser.follow(interaction, REDIRECT_URI);
    const second = await browser.submit(
      signIn.url,
      '/sign-in',
      { username: 'tomo', password: PASSWORD },
      REDIRECT_URI,
    );
    expect(new URL(second.url).pathname).toBe('/sign-in/code');
    // The code signs the person in to Kakunin, but the app still wants the passkey.
    const offered = await browser.submit(
      second.url,
      '/sign-in/code',
      { code: codeFor(service, secret) },
      REDIRECT_URI,
    );
    expect(offered.url).toBe(interaction);
    expect(offered.response.status).toBe(200);
    expect(await offered.response.text()).toContain('Use my passkey');

    const stepUp = await browser.submit(interaction, `${interaction}/passkey`, {}, REDIRECT_URI);
    expect(new URL(stepUp.url).pathname).toBe('/sign-in/code');
    await usePasskey(browser, key);
    const back = await browser.follow(interaction, REDIRECT_URI);
    const claims = (await redeemCallback(config, flow, back.url)).claims();
    expect(claims?.acr).toBe('urn:kakunin:acr:phr');
    expect(claims?.amr).toEqual(['pwd', 'pop', 'user', 'mfa']);

    // Single sign-on to the same app from now on.
    const again = await startCodeFlow(config);
    expect((await browser.follow(again.url, REDIRECT_URI)).url.startsWith(REDIRECT_URI)).toBe(true);
  });
});
