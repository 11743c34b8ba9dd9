import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_COUNTER_AGE_MS } from '../src/services/attempts/index.js';
import {
  addUser,
  dialects,
  fixedClock,
  freshDatabase,
  PASSWORD,
  type TestService,
  testService,
} from './support/harness.js';

const LIMIT = { maxFailures: 5, windowSeconds: 60 };

// Threat: one address spraying passwords over many accounts, each staying under its own lock.
// Defence: a per-address failure limit shared by every instance (database, or Redis when configured).
describe.each(dialects())('per-address limit on %s', (dialect) => {
  let service: TestService;
  afterEach(async () => {
    await service.close();
  });

  it('refuses an address after 5 failures across accounts, lets others in, and forgets after the window', async () => {
    service = await testService(dialect, { ipLimit: LIMIT });
    await addUser(service, 'alice');
    const attacker = service.client('203.0.113.7');
    for (let i = 0; i < 5; i++) {
      expect(
        await attacker.errorCode('POST', '/api/login', { username: `user${i}`, password: 'password123' }),
      ).toBe('INVALID_CREDENTIALS');
    }
    const refused = await attacker.send('POST', '/api/login', { username: 'alice', password: PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    expect(await attacker.errorCode('POST', '/api/login/totp', { code: '123456' })).toBe('TOO_MANY_REQUESTS');

    await service
      .client('198.51.100.1')
      .expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    service.clock.advance(61);
    await attacker.expect('POST', '/api/login', { username: 'alice', password: PASSWORD }, 200);
    // Counters whose window has passed are swept.
    service.clock.advance(61);
    await service.ctx.attempts.sweep(service.clock.ms, {
      addressWindowMs: 60_000,
      accountAgeMs: ACCOUNT_COUNTER_AGE_MS,
    });
    expect(await addressCounters(service)).toEqual([]);
  });

  it('uses the forwarded client address only from a trusted proxy', async () => {
    service = await testService(dialect, { ipLimit: LIMIT, env: { TRUST_PROXY: '10.0.0.1' } });
    const viaProxy = service.client('10.0.0.1');
    const forwarded = { headers: { 'x-forwarded-for': '203.0.113.44' } };
    for (let i = 0; i < 5; i++) {
      await viaProxy.send('POST', '/api/login', { username: 'nobody', password: 'password123' }, forwarded);
    }
    expect(await addressCounters(service)).toEqual([{ key: 'address:203.0.113.44', failures: 5 }]);
    // Another client behind the same proxy is not blocked; an untrusted sender cannot pick its address.
    expect(
      (await viaProxy.send('POST', '/api/login', {}, { headers: { 'x-forwarded-for': '198.51.100.9' } }))
        .statusCode,
    ).toBe(401);
    await service.client('192.0.2.1').send('POST', '/api/login', {}, forwarded);
    expect((await addressCounters(service)).map((row) => row.key)).toContain('address:192.0.2.1');
  });

  it('limits floods of any requests per address in this process (429 as JSON)', async () => {
    service = await testService(dialect, { requestsPerMinute: 3 });
    const client = service.client('203.0.113.50');
    for (let i = 0; i < 3; i++) expect((await client.send('GET', '/api/me')).statusCode).toBe(401);
    const flooded = await client.send('GET', '/api/me');
    expect(flooded.statusCode).toBe(429);
    expect(flooded.json()).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) },
    });
  });

  it('shares the count between two instances on one database', async () => {
    const test = await freshDatabase(dialect);
    const clock = fixedClock();
    // Two instances of one service share its master key (a different key is refused at start).
    const secretKey = new Uint8Array(randomBytes(32));
    service = await testService(dialect, { ipLimit: LIMIT, test, clock, secretKey });
    const second = await testService(dialect, { ipLimit: LIMIT, test, clock, secretKey });
    try {
      for (let i = 0; i < 5; i++) {
        const instance = i % 2 === 0 ? service : second;
        await instance
          .client('203.0.113.8')
          .errorCode('POST', '/api/login', { username: 'nobody', password: 'password123' });
      }
      expect(
        await second.client('203.0.113.8').errorCode('POST', '/api/login', { username: 'x', password: 'y' }),
      ).toBe('TOO_MANY_REQUESTS');
    } finally {
      await second.close();
      await test.dispose();
    }
  });
});

// With REDIS_URL the counters live in Redis; set TEST_REDIS_URL to run this (it fails if unreachable).
describe.skipIf(!process.env.TEST_REDIS_URL)('per-address limit in Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? '', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });
  afterAll(() => {
    redis?.disconnect();
  });

  it('limits sign-ins through the app when the app is given Redis', async () => {
    const service = await testService('sqlite', { ipLimit: LIMIT, redis });
    try {
      const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
      await redis.del(`kakunin:attempts:address:${ip}`);
      for (let i = 0; i < 5; i++)
        await service
          .client(ip)
          .errorCode('POST', '/api/login', { username: 'nobody', password: 'password123' });
      expect(
        await service
          .client(ip)
          .errorCode('POST', '/api/login', { username: 'nobody', password: 'password123' }),
      ).toBe('TOO_MANY_REQUESTS');
      expect(await addressCounters(service)).toEqual([]);
      await redis.del(`kakunin:attempts:address:${ip}`);
    } finally {
      await service.close();
    }
  });
});

function addressCounters(service: TestService): Promise<{ key: string; failures: number }[]> {
  return service.ctx.db
    .selectFrom('attempt_counters')
    .select(['key', 'failures'])
    .where('key', 'like', 'address:%')
    .execute();
}
