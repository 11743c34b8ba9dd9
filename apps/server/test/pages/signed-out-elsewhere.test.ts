// Signing out in one tab, then acting in another: the sign-in page says why, instead of appearing
// without a word. A typed address or bookmark gets the plain sign-in page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formOn, postForm, signInWithForm } from '../support/forms.js';
import { addUser, PASSWORD, type TestService, testService } from '../support/harness.js';

describe('signed out in another tab', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await testService('sqlite');
    await addUser(service, 'alice');
  });
  afterAll(async () => {
    await service?.close();
  });

  it('says the person is signed out when a form of the other tab is sent or a link followed', async () => {
    const browser = service.client();
    await signInWithForm(browser, 'alice', PASSWORD);
    // Tab B shows the account page; tab A signs out.
    const tabB = await formOn(browser, '/account', '/account/two-factor/enrollment');
    const signOut = await formOn(browser, '/account', '/sign-out');
    await postForm(browser, '/sign-out', signOut);

    const sent = await postForm(browser, '/account/two-factor/enrollment', tabB);
    expect(sent.statusCode, sent.body).toBe(303);
    expect(sent.headers.location).toBe('/sign-in?notice=session-ended');
    const followed = await browser.send('GET', '/admin/users', undefined, {
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(followed.headers.location).toBe('/sign-in?notice=session-ended');

    const page = await browser.send('GET', '/sign-in?notice=session-ended');
    expect(page.body).toContain(
      'You are signed out — in another tab or window, or because your session ended.',
    );
    const ja = await browser.send('GET', '/sign-in?notice=session-ended', undefined, {
      headers: { 'accept-language': 'ja' },
    });
    expect(ja.body).toContain('別のタブやウィンドウでログアウトした');

    const typed = await browser.send('GET', '/account', undefined, { headers: { 'sec-fetch-site': 'none' } });
    expect(typed.headers.location).toBe('/sign-in');
  });
});
