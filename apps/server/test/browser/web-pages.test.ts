// The pages through fastify.inject(): rules that need no browser (CSRF, escaping, guards, the
// download, the catalogue). Kept next to the browser tests because they test the same pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE } from '../../src/web/routes/admin-audit.js';
import { parseCodes } from '../../src/web/routes/recovery-codes-download.js';
import type { Client } from '../support/client.js';
import { addUser, codeFor, PASSWORD, setPolicy, type TestService, testService } from '../support/harness.js';

let service: TestService;

beforeAll(async () => {
  service = await testService('sqlite');
  await addUser(service, 'alice');
  await addUser(service, 'root', 'admin');
});

afterAll(async () => {
  await service?.close();
});

/** GETs a page and returns the CSRF token of its first form. */
async function csrfToken(client: Client, url: string): Promise<string> {
  const page = await client.send('GET', url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  expect(token, `no form on ${url}`).toBeDefined();
  return token ?? '';
}

/** Submits a form like a browser without JavaScript does. */
function postForm(client: Client, url: string, fields: Record<string, string>) {
  return client.send('POST', url, undefined, {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function signedIn(username: string): Promise<Client> {
  const client = service.client();
  const _csrf = await csrfToken(client, '/sign-in');
  const response = await postForm(client, '/sign-in', { _csrf, username, password: PASSWORD });
  expect(response.headers.location).toBe('/account');
  return client;
}

describe('CSRF', () => {
  it('refuses a form without the token, or with a token from another browser', async () => {
    const attacker = service.client();
    const victim = service.client();
    const stolen = await csrfToken(attacker, '/sign-in');
    await csrfToken(victim, '/sign-in');
    for (const fields of [{}, { _csrf: stolen }, { _csrf: 'forged' }] as Record<string, string>[]) {
      const response = await postForm(victim, '/sign-in', {
        ...fields,
        username: 'alice',
        password: PASSWORD,
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('This form has expired. Reload the page and try again.');
      expect(victim.session).toBeUndefined();
    }
  });
});

describe('pages', () => {
  it('are HTML under the strict CSP, with no inline script or style', async () => {
    const admin = await signedIn('root');
    for (const url of ['/account', '/admin/users', '/admin/users/alice', '/admin/settings', '/admin/audit']) {
      const response = await admin.send('GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.body).toMatch(/^<!doctype html><html lang="en">/);
      expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(response.body).not.toMatch(/\sstyle=|<style/);
    }
  });

  it('send what a user typed back as text, never as markup', async () => {
    const client = service.client();
    const _csrf = await csrfToken(client, '/sign-in');
    const username = '<img src=x onerror=alert(1)>';
    const response = await postForm(client, '/sign-in', { _csrf, username, password: 'x' });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('value="&lt;img src=x onerror=alert(1)>"');
    expect(response.body).not.toContain('<img src=x');
  });

  it('send visitors to the right step instead of answering 401, and refuse the console to users', async () => {
    const anonymous = service.client();
    expect((await anonymous.send('GET', '/account')).headers.location).toBe('/sign-in');
    expect((await anonymous.send('GET', '/sign-in/code')).headers.location).toBe('/sign-in');
    const alice = await signedIn('alice');
    const console = await alice.send('GET', '/admin/users');
    expect(console.statusCode).toBe(403);
    expect(console.body).toContain('Only administrators may do this.');
  });

  it('answer an unknown address with a page, while the API keeps its JSON errors', async () => {
    const page = await service
      .client()
      .send('GET', '/no/such/page', undefined, { headers: { 'accept-language': 'ja' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('このアドレスには何もありません。');
    const api = await service.client().send('GET', '/api/no/such/thing');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('hide two-factor settings while the administrator has them off', async () => {
    const alice = await signedIn('alice');
    await setPolicy(service, { twoFactor: 'off' });
    try {
      const account = await alice.send('GET', '/account');
      expect(account.body).not.toContain('Two-factor authentication');
      const _csrf = await csrfToken(alice, '/account');
      const refused = await postForm(alice, '/account/two-factor/enrollment', { _csrf });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('has not enabled two-factor authentication');
    } finally {
      await setPolicy(service, { twoFactor: 'allowed' });
    }
  });

  it('drop a pending sign-in after five wrong codes and ask for the password again', async () => {
    await addUser(service, 'carol');
    const client = await signedIn('carol');
    let _csrf = await csrfToken(client, '/account');
    await postForm(client, '/account/two-factor/enrollment', { _csrf });
    const enroll = await client.send('GET', '/account/two-factor/enroll');
    const secret = (/id="secret-key" class="key">([A-Z2-7 ]+)</.exec(enroll.body)?.[1] ?? '').replaceAll(
      ' ',
      '',
    );
    _csrf = await csrfToken(client, '/account/two-factor/enroll');
    const confirm = await postForm(client, '/account/two-factor/enrollment/confirm', {
      _csrf,
      code: codeFor(service, secret),
    });
    expect(confirm.body).toContain('Your recovery codes');

    const again = service.client();
    _csrf = await csrfToken(again, '/sign-in');
    expect(
      (await postForm(again, '/sign-in', { _csrf, username: 'carol', password: PASSWORD })).headers.location,
    ).toBe('/sign-in/code');
    const wrong = codeFor(service, secret) === '000000' ? '111111' : '000000';
    const answers: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      _csrf = await csrfToken(again, attempt === 0 ? '/sign-in/code' : '/sign-in');
      const response = await postForm(again, '/sign-in/code', { _csrf, code: wrong });
      answers.push(response.statusCode);
      if (attempt === 5) expect(response.body).toContain('Your sign-in has expired.');
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 400]);
  });
});

describe('audit log', () => {
  it('pages back through older events', async () => {
    const admin = await signedIn('root');
    for (let i = 0; i < AUDIT_PAGE; i++) await signedIn('alice');
    const first = await admin.send('GET', '/admin/audit');
    const older = /href="\/admin\/audit\?before=(\d+)"/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    expect(first.body.match(/<tr>/g)).toHaveLength(AUDIT_PAGE + 1);
    const next = await admin.send('GET', `/admin/audit?before=${older}`);
    expect(next.statusCode).toBe(200);
    expect(next.body).toContain('Signed in');
    // The older page has rows of its own (the 100 sign-ins pushed the first events back).
    expect((next.body.match(/<tr>/g) ?? []).length).toBeGreaterThan(1);
    expect((await admin.send('GET', '/admin/audit?before=nonsense')).statusCode).toBe(200);
  });
});

describe('a broken database', () => {
  it("gives a plain error page in the visitor's language, never a stack trace", async () => {
    const broken = await testService('sqlite');
    try {
      await broken.test.database.close();
      const client = broken.client();
      client.cookies.set('kakunin_session', 'some-session');
      const response = await client.send('GET', '/account', undefined, {
        headers: { 'accept-language': 'ja' },
      });
      expect(response.statusCode).toBe(500);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('サーバー側で問題が発生しました。');
      expect(response.body).not.toMatch(/at .*\.ts:\d+|Error:/);
    } finally {
      await broken.close();
    }
  });
});

describe('switching to a new key', () => {
  it('keeps the old key working until the new one is confirmed, then only the new one', async () => {
    await addUser(service, 'erin');
    const client = await signedIn('erin');
    const oldKey = await enable(client);
    service.clock.advance(30);
    let _csrf = await csrfToken(client, '/account');
    // Re-keying asks to confirm it is the owner first (a code from the current key), then starts.
    const asked = await postForm(client, '/account/two-factor/enrollment', { _csrf });
    expect(asked.body).toContain('Confirm that it is you');
    _csrf = await csrfToken(client, '/account/confirm?next=enroll');
    const started = await postForm(client, '/account/confirm', {
      _csrf,
      next: 'enroll',
      code: codeFor(service, oldKey),
    });
    expect(started.headers.location).toBe('/account/two-factor/enroll');
    service.clock.advance(30);
    const account = await client.send('GET', '/account');
    expect(account.body).toContain('Status: on');
    expect(account.body).toContain('your current key keeps working');
    const newKey = await shownKey(client);
    expect(newKey).not.toBe(oldKey);

    // While the new key is pending, sign-in still takes the old key and not the new one.
    const other = service.client();
    expect(await codeSignIn(other, 'erin', codeFor(service, newKey))).toBe(401);
    expect(await codeSignIn(other, 'erin', codeFor(service, oldKey))).toBe(303);

    service.clock.advance(30);
    _csrf = await csrfToken(client, '/account/two-factor/enroll');
    const confirm = await postForm(client, '/account/two-factor/enrollment/confirm', {
      _csrf,
      code: codeFor(service, newKey),
    });
    expect(confirm.body).toContain('Your new key is active. The old key no longer works.');
    service.clock.advance(30);
    expect(await codeSignIn(service.client(), 'erin', codeFor(service, oldKey))).toBe(401);
    expect(await codeSignIn(service.client(), 'erin', codeFor(service, newKey))).toBe(303);
  });
});

/** The key shown in the registration dialog, without the spaces. */
async function shownKey(client: Client): Promise<string> {
  const enroll = await client.send('GET', '/account/two-factor/enroll');
  return (/id="secret-key" class="key">([A-Z2-7 ]+)</.exec(enroll.body)?.[1] ?? '').replaceAll(' ', '');
}

/** Turns 2FA on through the pages; returns the key. */
async function enable(client: Client): Promise<string> {
  let _csrf = await csrfToken(client, '/account');
  await postForm(client, '/account/two-factor/enrollment', { _csrf });
  const secret = await shownKey(client);
  _csrf = await csrfToken(client, '/account/two-factor/enroll');
  const confirm = await postForm(client, '/account/two-factor/enrollment/confirm', {
    _csrf,
    code: codeFor(service, secret),
  });
  expect(confirm.body).toContain('Your recovery codes');
  return secret;
}

/** Password then code on the sign-in pages; the status of the code step. */
async function codeSignIn(client: Client, username: string, code: string): Promise<number> {
  let _csrf = await csrfToken(client, '/sign-in');
  expect((await postForm(client, '/sign-in', { _csrf, username, password: PASSWORD })).headers.location).toBe(
    '/sign-in/code',
  );
  _csrf = await csrfToken(client, '/sign-in/code');
  return (await postForm(client, '/sign-in/code', { _csrf, code })).statusCode;
}

describe('recovery codes download', () => {
  it('echoes only well-formed codes, as an attachment, to a signed-in user', async () => {
    const codes = 'k3m9-q7xw-2pzd-8fhn abcde-12345';
    const anonymous = service.client();
    const token = await csrfToken(anonymous, '/sign-in');
    const refused = await postForm(anonymous, '/account/two-factor/recovery-codes/download', {
      _csrf: token,
      codes,
    });
    expect(refused.headers.location).toBe('/sign-in?notice=session-ended');
    const alice = await signedIn('alice');
    const _csrf = await csrfToken(alice, '/account');
    const file = await postForm(alice, '/account/two-factor/recovery-codes/download', { _csrf, codes });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="kakunin-recovery-codes.txt"');
    expect(file.body).toBe(
      'Kakunin recovery codes for alice. Each code works once.\n\nk3m9-q7xw-2pzd-8fhn\nabcde-12345\n',
    );
    const junk = await postForm(alice, '/account/two-factor/recovery-codes/download', {
      _csrf,
      codes: '<html>',
    });
    expect(junk.statusCode).toBe(400);
  });

  it.each([
    ['', false],
    ['k3m9q-7xw2p', true],
    ['  k3m9q-7xw2p\nabcde-12345 ', true],
    ['k3m9-q7xw-2pzd-8fhn', true],
    ['k3m9-q7xw-2pzd-8fh', false],
    ['K3M9Q-7XW2P', false],
    ['<script>', false],
    [Array(21).fill('k3m9q-7xw2p').join(' '), false],
  ])('parseCodes(%j) accepted: %s', (text, ok) => {
    if (ok) expect(parseCodes(text).length).toBeGreaterThan(0);
    else expect(() => parseCodes(text)).toThrow();
  });
});

describe('administrator settings form', () => {
  it('keeps the settings and says why when a value is not valid', async () => {
    await setPolicy(service, { twoFactor: 'allowed', lockout: { maxFailures: 10, lockSeconds: 180 } });
    const admin = await signedIn('root');
    const _csrf = await csrfToken(admin, '/admin/settings');
    const fields = { _csrf, twoFactor: 'required', maxFailures: '1000', lockMinutes: '3' };
    const response = await postForm(admin, '/admin/settings', fields);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Some fields are missing or invalid.');
    expect(response.body).toMatch(/id="twoFactor-allowed" value="allowed" checked/);
  });
});

describe('language', () => {
  it('renders the page language from the cookie before Accept-Language', async () => {
    const client = service.client();
    const japanese = await client.send('GET', '/sign-in', undefined, {
      headers: { 'accept-language': 'ja' },
    });
    expect(japanese.body).toContain('<html lang="ja">');
    const switched = await client.send('GET', '/lang/en?next=%2Fsign-in');
    expect(switched.headers.location).toBe('/sign-in');
    const english = await client.send('GET', '/sign-in', undefined, { headers: { 'accept-language': 'ja' } });
    expect(english.body).toContain('<html lang="en">');
  });
});
