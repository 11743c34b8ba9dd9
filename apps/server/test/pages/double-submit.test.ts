// A form sent twice (a double click with some latency, a resend) gets the first submit's result:
// the recovery codes again, one sign-in, one new user — never an error about the first one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/services/audit.js';
import { formOn, postForm, signInWithForm } from '../support/forms.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from '../support/harness.js';

const codesOf = (html: string) => [...html.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((m) => m[1]);

describe.each(dialects())('double submit on %s', (dialect) => {
  let service: TestService;

  beforeAll(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
  });
  afterAll(async () => {
    await service?.close();
  });

  /** A new user signed in with the registration started: the confirm form filled with a good code. */
  async function enrollmentForm(username: string) {
    await addUser(service, username);
    const client = service.client();
    expect(await signInWithForm(client, username, PASSWORD)).toBe('/account');
    const start = await formOn(client, '/account', '/account/two-factor/enrollment');
    await postForm(client, '/account/two-factor/enrollment', start);
    const enroll = await client.send('GET', '/account/two-factor/enroll');
    const secret = (/id="secret-key" class="key">([A-Z2-7 ]+)</.exec(enroll.body)?.[1] ?? '').replaceAll(
      ' ',
      '',
    );
    const fields = await formOn(
      client,
      '/account/two-factor/enroll',
      '/account/two-factor/enrollment/confirm',
    );
    return { client, form: { ...fields, code: codeFor(service, secret) } };
  }

  async function auditCount(event: string): Promise<number> {
    return (await listAudit(service.ctx, { limit: 1000 })).filter((entry) => entry.event === event).length;
  }

  it('Enable clicked twice shows the same recovery codes both times, and signs in once', async () => {
    const { client: alice, form } = await enrollmentForm('alice');

    const [first, second] = await Promise.all([
      postForm(alice, '/account/two-factor/enrollment/confirm', form),
      postForm(alice, '/account/two-factor/enrollment/confirm', form),
    ]);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(codesOf(first.body)).toHaveLength(10);
    expect(codesOf(second.body)).toEqual(codesOf(first.body));
    // The second answer carries the new session cookie too: the browser that only sees it is signed in.
    expect(second.cookies.find((c) => c.name === 'kakunin_session')?.value).toBe(
      first.cookies.find((c) => c.name === 'kakunin_session')?.value,
    );
    expect((await alice.send('GET', '/account')).statusCode).toBe(200);
    expect(await auditCount('two_factor.enabled')).toBe(1);
  });

  it('Enable sent again after the first answer gave the browser its new session shows the same codes', async () => {
    const { client: erin, form } = await enrollmentForm('erin');
    const cookieBefore = erin.cookies.get('kakunin_session');

    const first = await postForm(erin, '/account/two-factor/enrollment/confirm', form);
    expect(codesOf(first.body)).toHaveLength(10);
    // The client took the new session cookie from the first answer; the form's CSRF token is of the
    // session before.
    expect(erin.cookies.get('kakunin_session')).not.toBe(cookieBefore);
    const second = await postForm(erin, '/account/two-factor/enrollment/confirm', form);
    expect(second.statusCode).toBe(200);
    expect(codesOf(second.body)).toEqual(codesOf(first.body));
    const enabled = (await listAudit(service.ctx, { limit: 1000 })).filter(
      (entry) => entry.event === 'two_factor.enabled' && entry.actor === 'erin',
    );
    expect(enabled).toHaveLength(1);
    // Without the form's own submission token, the new session gets nothing of the old form.
    const forged = await postForm(erin, '/account/two-factor/enrollment/confirm', {
      ...form,
      _submission: 'x'.repeat(32),
    });
    expect(codesOf(forged.body)).toEqual([]);
  });

  it('Verify clicked twice signs in once with one use of the code, and both answers go to the account', async () => {
    const { secret } = await userWithTwoFactor(service, 'bob');
    const bob = service.client();
    expect(await signInWithForm(bob, 'bob', PASSWORD)).toBe('/sign-in/code');
    const fields = await formOn(bob, '/sign-in/code', '/sign-in/code');
    const form = { ...fields, code: codeFor(service, secret) };
    const failedBefore = await auditCount('login.code_failed');

    const [first, second] = await Promise.all([
      postForm(bob, '/sign-in/code', form),
      postForm(bob, '/sign-in/code', form),
    ]);
    for (const response of [first, second]) {
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/account');
    }
    expect(second.cookies.find((c) => c.name === 'kakunin_session')?.value).toBe(bob.session);
    expect((await bob.send('GET', '/account')).statusCode).toBe(200);
    expect(await auditCount('login.code_failed')).toBe(failedBefore);
  });

  it('Create user clicked twice creates the user once and says so both times', async () => {
    const root = service.client();
    await signInWithForm(root, 'root', PASSWORD);
    const fields = await formOn(root, '/admin/users', '/admin/users');
    const form = { ...fields, username: 'carol', password: PASSWORD, role: 'user' };
    const [first, second] = await Promise.all([
      postForm(root, '/admin/users', form),
      postForm(root, '/admin/users', form),
    ]);
    for (const response of [first, second]) {
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/admin/users/carol?notice=created');
    }
    expect(
      (await listAudit(service.ctx, { limit: 1000 })).filter(
        (e) => e.event === 'user.created' && e.target === 'carol',
      ),
    ).toHaveLength(1);

    // The same token from another browser is not the same submit: it gets its own answer.
    const other = service.client();
    await signInWithForm(other, 'root', PASSWORD);
    const { _csrf } = await formOn(other, '/admin/users', '/admin/users');
    const elsewhere = await postForm(other, '/admin/users', { ...form, _csrf: _csrf ?? '' });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.body).toContain('A user with this name already exists.');
  });

  it('keeps an answer a few minutes only', async () => {
    const root = service.client();
    await signInWithForm(root, 'root', PASSWORD);
    const fields = await formOn(root, '/admin/users', '/admin/users');
    const form = { ...fields, username: 'dave', password: PASSWORD, role: 'user' };
    expect((await postForm(root, '/admin/users', form)).statusCode).toBe(303);
    service.clock.advance(6 * 60);
    const late = await postForm(root, '/admin/users', form);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('A user with this name already exists.');
  });
});
