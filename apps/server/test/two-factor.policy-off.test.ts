import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '../src/services/audit.js';
import type { Client } from './support/client.js';
import {
  addUser,
  codeFor,
  dialects,
  PASSWORD,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: an administrator sets the policy to "off" without knowing that it silently removes the
// second factor of every user who enabled it (a password alone then signs them in). Defence: the
// change needs an explicit confirmation that names the number of users, is audited with that number,
// and keeps their registrations so that turning the policy back on restores them.
describe.each(dialects())('turning the two-factor policy off on %s', (dialect) => {
  let service: TestService;
  let admin: Client;
  let aliceKey: string;
  beforeEach(async () => {
    service = await testService(dialect);
    await addUser(service, 'root', 'admin');
    aliceKey = (await userWithTwoFactor(service, 'alice')).secret;
    await userWithTwoFactor(service, 'bob');
    await addUser(service, 'carol');
    admin = service.client();
    await admin.expect('POST', '/api/login', { username: 'root', password: PASSWORD }, 200);
  });
  afterEach(async () => {
    await service.close();
  });

  it('is refused over the API until confirmed, names the users affected, and is audited', async () => {
    const refused = await admin.send('PUT', '/api/admin/settings', { twoFactor: 'off' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'CONFIRMATION_REQUIRED', usersWithTwoFactor: 2 } });
    expect((await admin.expect('GET', '/api/admin/settings', undefined, 200)).twoFactor).toBe('allowed');
    await admin.expect('PUT', '/api/admin/settings', { twoFactor: 'off', confirm: true }, 200);
    const events = await listAudit(service.ctx, { limit: 10 });
    expect(events.find((event) => event.event === 'two_factor.policy_off')).toMatchObject({
      actor: 'root',
      details: { usersWithTwoFactor: 2 },
    });
  });

  it('keeps the registrations: back on, the same key is asked for again', async () => {
    await admin.expect('PUT', '/api/admin/settings', { twoFactor: 'off', confirm: true }, 200);
    const off = service.client();
    expect(await off.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200)).toEqual({
      status: 'ok',
    });
    await admin.expect('PUT', '/api/admin/settings', { twoFactor: 'allowed' }, 200);
    const on = service.client();
    expect(await on.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200)).toEqual({
      status: 'second_factor_required',
    });
    await on.expect('POST', '/api/login/totp', { code: codeFor(service, aliceKey) }, 200);
    expect((await on.expect('GET', '/api/me', undefined, 200)).twoFactor).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
  });

  it('shows the console a confirmation with the number of users before saving', async () => {
    const page = await admin.send('GET', '/admin/settings');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = (fields: Record<string, string>) =>
      admin.send('POST', '/admin/settings', undefined, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    const asked = await form({ twoFactor: 'off', maxFailures: '10', lockMinutes: '3' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('2 users have two-factor authentication on');
    expect(asked.body).toContain('name="confirm" value="yes"');
    expect((await admin.expect('GET', '/api/admin/settings', undefined, 200)).twoFactor).toBe('allowed');
    const confirmToken = /name="_csrf" value="([^"]+)"/.exec(asked.body)?.[1] ?? '';
    const saved = await admin.send('POST', '/admin/settings', undefined, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: confirmToken,
        twoFactor: 'off',
        maxFailures: '10',
        lockMinutes: '3',
        confirm: 'yes',
      }).toString(),
    });
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect((await admin.expect('GET', '/api/admin/settings', undefined, 200)).twoFactor).toBe('off');
  });
});
