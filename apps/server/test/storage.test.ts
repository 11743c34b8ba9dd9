import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKED_FOREVER } from '../src/db/schema.js';
import type { ServiceContext } from '../src/services/context.js';
import { sqlIPLimiter } from '../src/services/ip-limiter.js';
import { recordAccountFailure } from '../src/services/lockout.js';
import {
  createSession,
  deleteExpiredSessions,
  endUserSessions,
  findSession,
  promoteSession,
} from '../src/services/sessions.js';
import { DEFAULT_SETTINGS, getSettings } from '../src/services/settings.js';
import { findUser } from '../src/services/users.js';
import { addUser, dialects, type TestService, testService } from './support/harness.js';

// The storage contract every dialect must keep: the same results from the same service calls, and
// counters that stay exact when several instances (separate connection pools) write at once.
describe.each(dialects())('storage contract on %s', (dialect) => {
  let service: TestService;
  let userId: number;
  let others: ServiceContext[];
  beforeEach(async () => {
    service = await testService(dialect);
    await addUser(service, 'alice');
    userId = (await findUser(service.ctx, 'alice'))!.id;
    // Two more "instances": their own connections to the same database.
    others = await Promise.all(
      [1, 2].map(async () => ({ ...service.ctx, db: (await service.test.reopen()).db })),
    );
  });
  afterEach(async () => {
    await service.close();
  });

  it('counts concurrent failures from three instances exactly, and locks exactly once', async () => {
    const instances = [service.ctx, ...others];
    const lockout = { maxFailures: 10, lockSeconds: 60 };
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) => recordAccountFailure(instances[i % 3]!, userId, lockout)),
    );
    expect(results.every((result) => result.lockedFor === undefined)).toBe(true);
    const tenth = await Promise.all([recordAccountFailure(others[0]!, userId, lockout)]);
    expect(tenth[0]!.lockedFor).toBe(60);
    const row = await service.ctx.db
      .selectFrom('users')
      .select(['failed_count', 'consecutive_failures', 'locked_until'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      failed_count: 0,
      consecutive_failures: 10,
      locked_until: service.clock.ms + 60_000,
    });
  });

  it('locks for good at the 100th consecutive failure whatever the instance', async () => {
    const instances = [service.ctx, ...others];
    const lockout = { maxFailures: 100, lockSeconds: 60 };
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => recordAccountFailure(instances[i % 3]!, userId, lockout)),
    );
    const row = await service.ctx.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).toBe(LOCKED_FOREVER);
  });

  it('counts concurrent address failures from three instances exactly', async () => {
    const limiters = [service.ctx, ...others].map((ctx) =>
      sqlIPLimiter(ctx.db, () => service.clock.ms, { maxFailures: 30, windowSeconds: 60 }),
    );
    await Promise.all(Array.from({ length: 29 }, (_, i) => limiters[i % 3]!.recordFailure('192.0.2.77')));
    expect(await limiters[0]!.retryAfterSeconds('192.0.2.77')).toBe(0);
    await limiters[1]!.recordFailure('192.0.2.77');
    expect(await limiters[2]!.retryAfterSeconds('192.0.2.77')).toBe(60);
  });

  it('keeps sessions: create, find, promote once, end, expire', async () => {
    const { token } = await createSession(service.ctx, { userId, stage: 'second_factor', ip: '192.0.2.1' });
    expect(await findSession(service.ctx, token)).toMatchObject({
      userId,
      username: 'alice',
      role: 'user',
      stage: 'second_factor',
    });
    const promotions = await Promise.all(
      [service.ctx, ...others].map((ctx) => promoteSession(ctx, token, 'second_factor')),
    );
    const winners = promotions.filter((promotion) => promotion !== undefined);
    expect(winners).toHaveLength(1);
    expect(await findSession(service.ctx, token)).toBeUndefined();
    const full = winners[0]!.token;
    expect((await findSession(others[1]!, full))?.stage).toBe('full');

    const second = await createSession(service.ctx, { userId, stage: 'full', ip: null });
    await endUserSessions(others[0]!, userId);
    expect(await findSession(service.ctx, full)).toBeUndefined();
    expect(await findSession(service.ctx, second.token)).toBeUndefined();

    const pending = await createSession(service.ctx, { userId, stage: 'second_factor', ip: null });
    service.clock.advance(301);
    expect(await findSession(service.ctx, pending.token)).toBeUndefined();
    expect(await deleteExpiredSessions(service.ctx)).toBe(1);
  });

  it('reads the default settings from an empty table', async () => {
    expect(await getSettings(service.ctx)).toEqual(DEFAULT_SETTINGS);
  });
});
