import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { listAudit } from '../src/services/audit.js';
import { Client } from './support/client.js';
import {
  codeFor,
  dialects,
  PASSWORD,
  setPolicy,
  type TestService,
  testService,
  userWithTwoFactor,
} from './support/harness.js';

// Threat: an observed or phished code is replayed, or raced by many parallel requests.
// Defence: RFC 6238 §5.2 — the matched step is stored with an atomic UPDATE … WHERE last_step < :step.
describe.each(dialects())('two-factor replay on %s', (dialect) => {
  let service: TestService;
  let secret: string;
  beforeEach(async () => {
    service = await testService(dialect);
    ({ secret } = await userWithTwoFactor(service, 'alice'));
    // The lock has its own tests; here every refusal must be the replay defence's.
    await setPolicy(service, { lockout: { maxFailures: 100, lockSeconds: 180 } });
    // Leave the step used by the registration behind, so that steps −1…+1 are all fresh.
    service.clock.advance(60);
  });
  afterEach(async () => {
    await service.close();
  });

  async function pendingLogins(count: number, app = service.app): Promise<Client[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const client = new Client(app);
        await client.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
        return client;
      }),
    );
  }

  it('accepts a code once; the same code on another sign-in is refused as already used and audited as a replay', async () => {
    const [first, second] = await pendingLogins(2);
    const code = codeFor(service, secret);
    await first!.expect('POST', '/api/login/totp', { code }, 200);
    expect(await second!.errorCode('POST', '/api/login/totp', { code })).toBe('CODE_ALREADY_USED');
    const events = (await listAudit(service.ctx, { limit: 10 })).map((entry) => entry.event);
    expect(events[0]).toBe('login.code_replayed');
    expect(events).not.toContain('login.code_failed');
  });

  it('accepts the previous and the next step (±1) but not two steps away', async () => {
    const [a, b, c, d] = await pendingLogins(4);
    expect(await a!.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret, -2) })).toBe(
      'INVALID_CODE',
    );
    expect(await a!.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret, 2) })).toBe(
      'INVALID_CODE',
    );
    await b!.expect('POST', '/api/login/totp', { code: codeFor(service, secret, -1) }, 200);
    await c!.expect('POST', '/api/login/totp', { code: codeFor(service, secret, 1) }, 200);
    // Step +1 was used, so the current step (older) is refused too, as a replay.
    expect(await d!.errorCode('POST', '/api/login/totp', { code: codeFor(service, secret, 0) })).toBe(
      'CODE_ALREADY_USED',
    );
  });

  it('gives exactly one success to 12 concurrent requests with the same code', async () => {
    const clients = await pendingLogins(12);
    const code = codeFor(service, secret);
    const responses = await Promise.all(
      clients.map((client) => client.send('POST', '/api/login/totp', { code })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(11);
  });

  it('gives exactly one success across three app instances on separate connections', async () => {
    const others = await Promise.all(
      [1, 2].map(async () =>
        buildApp({
          config: loadConfig({}),
          db: (await service.test.reopen()).db,
          secretKey: service.secretKey,
          now: () => service.clock.ms,
          logger: false,
          requestsPerMinute: false,
        }),
      ),
    );
    try {
      const apps = [service.app, ...others];
      const clients = (await Promise.all(apps.map((app) => pendingLogins(4, app)))).flat();
      const code = codeFor(service, secret);
      const responses = await Promise.all(
        clients.map((client) => client.send('POST', '/api/login/totp', { code })),
      );
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
    } finally {
      await Promise.all(others.map((app) => app.close()));
    }
  });
});
