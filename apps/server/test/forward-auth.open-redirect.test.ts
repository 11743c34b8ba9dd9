import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client } from './support/client.js';
import { PROXY_IP, protect, proxiedService, signedInUser } from './support/forward-auth.js';
import { addUser, dialects, PASSWORD, type TestService } from './support/harness.js';

// Threat: an open redirect through the return address of the sign-in page. A link to the real
// sign-in page (`/sign-in?rd=https://evil.example/`) would send a person who just signed in to a
// look-alike page that asks for their password or code again.
// Defence: the service returns only to its own paths and to hosts that have a forward-auth rule.
describe.each(dialects())('open redirect via the return address on %s', (dialect) => {
  let service: TestService;
  beforeEach(async () => {
    service = await proxiedService(dialect);
    const admin = await signedInUser(service, 'root', 'admin');
    await protect(admin, { host: 'wiki.example.com' });
    await protect(admin, { host: '*.apps.example.com' });
    await addUser(service, 'alice');
  });
  afterEach(async () => {
    await service.close();
  });

  /** Opens the sign-in page with `rd`, signs in with the form; returns where the browser is sent. */
  async function landingAfterSignIn(rd: string): Promise<string | undefined> {
    const browser = service.client(PROXY_IP);
    const page = await browser.send('GET', `/sign-in?rd=${encodeURIComponent(rd)}`);
    expect(page.statusCode).toBe(200);
    return (await postSignIn(browser, page.body)).headers.location;
  }

  async function postSignIn(browser: Client, html: string) {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return browser.send('POST', '/sign-in', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, username: 'alice', password: PASSWORD }).toString(),
    });
  }

  it('returns to the protected app the person came from', async () => {
    expect(await landingAfterSignIn('https://wiki.example.com/notes?id=7#top')).toBe(
      'https://wiki.example.com/notes?id=7#top',
    );
    expect(await landingAfterSignIn('https://crm.apps.example.com/')).toBe('https://crm.apps.example.com/');
    expect(await landingAfterSignIn('/account')).toBe('/account');
  });

  it.each([
    'https://evil.example/',
    'https://wiki.example.com.evil.example/',
    'https://evilwiki.example.com/',
    'https://apps.example.com.evil.example/',
    'https://wiki.example.com@evil.example/',
    'https://user:pass@wiki.example.com/',
    'http://wiki.example.com/',
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example/',
    'https:evil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://evil.example/?https://wiki.example.com/',
    '/\t/evil.example/',
    ' https://evil.example/',
  ])('refuses to send a signed-in person to %s', async (rd) => {
    expect(await landingAfterSignIn(rd)).toBe('/account');
  });

  it('sends someone already signed in only to safe addresses, without asking again', async () => {
    const browser = service.client(PROXY_IP);
    const first = await browser.send('GET', '/sign-in');
    await postSignIn(browser, first.body);
    const safe = await browser.send('GET', `/sign-in?rd=${encodeURIComponent('https://wiki.example.com/x')}`);
    expect(safe.headers.location).toBe('https://wiki.example.com/x');
    const evil = await browser.send('GET', `/sign-in?rd=${encodeURIComponent('https://evil.example/')}`);
    expect(evil.headers.location).toBe('/account');
  });

  it('checks the kept address again when it is used: a rule removed meanwhile no longer counts', async () => {
    const browser = service.client(PROXY_IP);
    const page = await browser.send('GET', `/sign-in?rd=${encodeURIComponent('https://wiki.example.com/')}`);
    const admin = service.client(PROXY_IP);
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
    await admin.expect('DELETE', '/api/admin/protected-hosts/wiki.example.com', undefined, 200);
    expect((await postSignIn(browser, page.body)).headers.location).toBe('/account');
  });

  it('does not take a return address from an unsigned cookie', async () => {
    const browser = service.client(PROXY_IP);
    const page = await browser.send('GET', '/sign-in');
    browser.cookies.set('kakunin_return', encodeURIComponent('https://evil.example/'));
    expect((await postSignIn(browser, page.body)).headers.location).toBe('/account');
  });
});
