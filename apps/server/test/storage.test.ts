import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../src/services/context.js';
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
// sessions that stay exact when several instances (separate connection pools) write at once.
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
