import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { mailSettled, startInbox, type TestInbox } from './support/smtp.js';

const NEW_PASSWORD = 'a whole new passphrase';

/** The token of the newest reset link mailed to `to`. */
async function linkToken(inbox: TestInbox, to: string, after = 0): Promise<string> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const mails = inbox.mails.filter(
      (mail) =>
        mail.to &&
        JSON.stringify(mail.to).includes(to) &&
        /Reset your password|パスワードの再設定/.test(mail.subject ?? ''),
    );
    const text = mails.length > after ? mails.at(-1)?.text : undefined;
    const token = text && /\/sign-in\/reset\?token=([\w-]+)/.exec(text)?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no reset link for ${to}`);
}

const resetMails = (inbox: TestInbox, to: string) =>
  inbox.mails.filter(
    (mail) => JSON.stringify(mail.to).includes(to) && /Reset your password/.test(mail.subject ?? ''),
  ).length;

// Threats: finding out which accounts exist, flooding a person with mail, a link that works twice or
// forever, a stolen mailbox that also skips the second factor, sessions left open after a reset.
describe.each(dialects())('forgotten password on %s', (dialect) => {
  let inbox: TestInbox;
  let service: TestService;
  const settled = () => mailSettled(service.ctx);
  const ask = (identifier: string, ip = '192.0.2.30') =>
    service.client(ip).send('POST', '/api/password-reset', { identifier });

  beforeAll(async () => {
    inbox = await startInbox();
    service = await testService(dialect, { env: { SMTP_URL: inbox.url } });
    await userWithTwoFactor(service, 'aki');
    await service.ctx.db
      .updateTable('users')
      .set({ email: 'aki@example.test' })
      .where('username', '=', 'aki')
      .execute();
    await addUser(service, 'nomail');
  });
  afterAll(async () => {
    await service.close();
    await inbox.close();
  });

  it('answers the same whether or not the account exists or has an address', async () => {
    const answers = await Promise.all(
      ['aki', 'nobody', 'nomail', 'AKI@example.test'].map((name) => ask(name)),
    );
    for (const answer of answers) {
      expect(answer.statusCode).toBe(202);
      expect(answer.body).toBe(answers[0]?.body);
    }
    await settled();
    expect(resetMails(inbox, 'aki@example.test')).toBe(2);
    expect(inbox.mails.every((mail) => JSON.stringify(mail.to).includes('aki@example.test'))).toBe(true);
  });

  it('sets a new password once, ends every session, and still asks for the second factor', async () => {
    const signedIn = service.client();
    await signedIn.expect('POST', '/api/login', { username: 'aki', password: PASSWORD }, 200);
    const before = resetMails(inbox, 'aki@example.test');
    await ask('aki', '192.0.2.31');
    const token = await linkToken(inbox, 'aki@example.test', before);
    const stored = await service.ctx.db.selectFrom('password_resets').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    const visitor = service.client('192.0.2.32');
    expect(
      await visitor.errorCode('POST', '/api/password-reset/complete', { token, password: 'short' }),
    ).toMatch(/WEAK_PASSWORD|PASSWORD_TOO_COMMON/);
    await visitor.expect('POST', '/api/password-reset/complete', { token, password: NEW_PASSWORD }, 200);
    expect(visitor.session).toBeUndefined();
    expect(
      await visitor.errorCode('POST', '/api/password-reset/complete', { token, password: NEW_PASSWORD }),
    ).toBe('INVALID_RESET_LINK');
    expect(await signedIn.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    // The new password is only the first factor.
    const login = await visitor.expect(
      'POST',
      '/api/login',
      { username: 'aki', password: NEW_PASSWORD },
      200,
    );
    expect(login.status).not.toBe('ok');
    expect(await visitor.errorCode('GET', '/api/me')).toBe('UNAUTHENTICATED');
    void codeFor;
  });

  it('keeps one link per account: a new one replaces the old; links expire', async () => {
    // Past the per-account hour of the tests before.
    service.clock.advance(2 * 3600);
    const before = resetMails(inbox, 'aki@example.test');
    await ask('aki', '192.0.2.33');
    const first = await linkToken(inbox, 'aki@example.test', before);
    service.clock.advance(1);
    await ask('aki', '192.0.2.34');
    const second = await linkToken(inbox, 'aki@example.test', before + 1);
    const client = service.client('192.0.2.35');
    expect(
      await client.errorCode('POST', '/api/password-reset/complete', {
        token: first,
        password: NEW_PASSWORD,
      }),
    ).toBe('INVALID_RESET_LINK');
    service.clock.advance(31 * 60);
    expect(
      await client.errorCode('POST', '/api/password-reset/complete', {
        token: second,
        password: NEW_PASSWORD,
      }),
    ).toBe('INVALID_RESET_LINK');
  });

  it('throttles per account (no more mail) and per address (429)', async () => {
    service.clock.advance(2 * 3600);
    const before = resetMails(inbox, 'aki@example.test');
    for (let i = 0; i < 5; i++) expect((await ask('aki', `198.51.100.${i}`)).statusCode).toBe(202);
    await settled();
    expect(resetMails(inbox, 'aki@example.test') - before).toBe(3);
    const codes = [];
    for (let i = 0; i < 11; i++) codes.push((await ask(`someone${i}`, '198.51.100.99')).statusCode);
    expect(codes.slice(0, 10).every((code) => code === 202)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('forgotten password without mail', () => {
  it('is not offered', async () => {
    const service = await testService('sqlite');
    try {
      const response = await service.client().send('POST', '/api/password-reset', { identifier: 'x' });
      expect(response.statusCode).toBe(404);
      expect((await service.client().send('GET', '/sign-in/forgot')).statusCode).toBe(404);
      expect((await service.client().send('GET', '/sign-in')).body).not.toContain('/sign-in/forgot');
    } finally {
      await service.close();
    }
  });
});
