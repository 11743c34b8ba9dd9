import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';
import { mailSettled, startInbox, type TestInbox } from './support/smtp.js';

/** Gives a user a mail address and a language (as the account pages would). */
async function mailbox(service: TestService, username: string, locale: 'en' | 'ja' = 'en'): Promise<string> {
  const email = `${username}@example.test`;
  await service.ctx.db.updateTable('users').set({ email, locale }).where('username', '=', username).execute();
  return email;
}

const settled = (service: TestService) => mailSettled(service.ctx);

// The notices a person gets about their account, through a real SMTP server.
describe.each(dialects())('mail notices on %s', (dialect) => {
  let inbox: TestInbox;
  let service: TestService;

  beforeAll(async () => {
    inbox = await startInbox();
    service = await testService(dialect, {
      env: { SMTP_URL: inbox.url, MAIL_FROM: 'Kakunin <id@example.test>' },
    });
  });
  afterAll(async () => {
    await service.close();
    await inbox.close();
  });

  it('tells a person of a sign-in from a new browser, once per browser, in their language', async () => {
    await addUser(service, 'hana');
    const to = await mailbox(service, 'hana', 'ja');
    const browser = service.client('192.0.2.50');
    const japanese = { headers: { 'accept-language': 'ja,en;q=0.5' } };
    const login = () =>
      browser.send('POST', '/api/login', { username: 'hana', password: PASSWORD }, japanese);
    expect((await login()).statusCode).toBe(200);
    const mail = await inbox.waitFor(to, /新しいブラウザー/);
    expect(mail.text).toContain('192.0.2.50');
    expect(mail.from?.text).toContain('id@example.test');
    // The same browser again (it has its device cookie): no second notice.
    expect((await login()).statusCode).toBe(200);
    await settled(service);
    expect(inbox.mails.filter((each) => each.subject === mail.subject)).toHaveLength(1);
  });

  it('tells of a recovery code used, and when two or fewer are left', async () => {
    const { recoveryCodes, secret } = await userWithTwoFactor(service, 'ren');
    const to = await mailbox(service, 'ren');
    const unused = await service.ctx.db
      .selectFrom('recovery_codes')
      .innerJoin('users', 'users.id', 'recovery_codes.user_id')
      .select('recovery_codes.id')
      .where('users.username', '=', 'ren')
      .execute();
    // Leave three codes, the first one among them; using it leaves two.
    const spare = unused.slice(3).map((row) => row.id);
    await service.ctx.db.deleteFrom('recovery_codes').where('id', 'in', spare).execute();
    const client = service.client();
    await client.expect('POST', '/api/login', { username: 'ren', password: PASSWORD }, 200);
    await client.expect('POST', '/api/login/recovery-code', { code: recoveryCodes[0] }, 200);
    expect((await inbox.waitFor(to, /recovery code was used/)).text).toContain('2 are left');
    expect((await inbox.waitFor(to, /Few recovery codes left/)).text).toContain('Only 2');
    void secret;
  });

  it('tells of two-factor turned off by the person and reset by an administrator', async () => {
    const { secret, client } = await userWithTwoFactor(service, 'sora');
    const to = await mailbox(service, 'sora');
    await client.expect('DELETE', '/api/me/two-factor', { code: codeFor(service, secret) }, 200);
    await inbox.waitFor(to, /turned off/);
    await userWithTwoFactor(service, 'kai');
    const kai = await mailbox(service, 'kai');
    await addUser(service, 'boss', 'admin');
    const admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'boss', password: PASSWORD }, 200);
    await admin.expect('DELETE', '/api/admin/users/kai/two-factor', {}, 200);
    await inbox.waitFor(kai, /reset by an administrator/);
  });

  it('tells of an account locked after failed attempts', async () => {
    await setPolicy(service, { lockout: { maxFailures: 3, lockSeconds: 300 } });
    await addUser(service, 'yuki');
    const to = await mailbox(service, 'yuki');
    const attacker = service.client('203.0.113.9');
    for (let i = 0; i < 3; i++)
      await attacker.send('POST', '/api/login', { username: 'yuki', password: 'wrong one' });
    expect((await inbox.waitFor(to, /locked/)).text).toContain('203.0.113.9');
  });
});

describe('mail that cannot be sent', () => {
  it('never fails or holds up the request that causes it, and is logged', async () => {
    // A port nothing listens on.
    const service = await testService('sqlite', { env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      const failures: unknown[] = [];
      service.ctx.events.on('mail.failed', (error) => failures.push(error));
      await addUser(service, 'mio');
      await mailbox(service, 'mio');
      await service.client().expect('POST', '/api/login', { username: 'mio', password: PASSWORD }, 200);
      await settled(service);
      expect(failures).toHaveLength(1);
    } finally {
      await service.close();
    }
  });

  it('is off without SMTP_URL', async () => {
    const service = await testService('sqlite');
    try {
      expect(service.ctx.mailer).toBeUndefined();
    } finally {
      await service.close();
    }
  });
});
