import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKED_FOREVER } from '../src/db/schema.js';
import {
  type AttemptRule,
  type AttemptStore,
  growingLocks,
  redisAttemptStore,
  sqlAttemptStore,
} from '../src/services/attempts/index.js';
import { dialects, freshDatabase, type TestDatabase } from './support/harness.js';

// The counter contract every store keeps (ADR 0009): places are reserved atomically, so instances
// racing on one key never get more than the limit; locks grow; a success releases.
const stores = [...dialects(), ...(process.env.TEST_REDIS_URL ? (['redis'] as const) : [])];

const NOW = 1_800_000_000_000;
const RULE: AttemptRule = { limit: 10, lockMs: growingLocks(180) };

describe.each(stores)('attempt counters on %s', (kind) => {
  let instances: AttemptStore[];
  let test: TestDatabase | undefined;
  const clients: Redis[] = [];
  beforeEach(async () => {
    if (kind === 'redis') {
      const prefix = `kakunin-test:${Date.now()}:${Math.random()}:`;
      for (let i = 0; i < 3; i++) clients.push(new Redis(process.env.TEST_REDIS_URL as string));
      instances = clients.map((client) => redisAttemptStore(client, prefix));
      return;
    }
    test = await freshDatabase(kind);
    // Three instances: each its own connection (pool) to the same database.
    instances = [
      sqlAttemptStore(test.database.db),
      sqlAttemptStore((await test.reopen()).db),
      sqlAttemptStore((await test.reopen()).db),
    ];
  });
  afterEach(async () => {
    if (kind === 'redis') {
      await instances[0]!.clear([], ['']);
      for (const client of clients.splice(0)) client.disconnect();
    }
    await test?.dispose();
    test = undefined;
  });

  it('grants exactly the limit to 200 racing reservations from three instances, and locks once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => instances[i % 3]!.reserve('password:alice', RULE, NOW)),
    );
    const granted = answers.filter((answer) => answer.granted);
    expect(granted).toHaveLength(10);
    expect(granted.filter((answer) => answer.granted && answer.lockedFor !== undefined)).toEqual([
      { granted: true, lockedFor: 180_000 },
    ]);
    for (const answer of answers.filter((each) => !each.granted))
      expect(answer).toEqual({ granted: false, retryAfterMs: 180_000 });
    expect(await instances[1]!.lockedUntil(['password:alice', 'password:bob'], NOW)).toEqual(
      new Map([['password:alice', NOW + 180_000]]),
    );
  });

  it('locks longer each time (3, 6, 12 minutes …) until a success clears the key', async () => {
    let now = NOW;
    for (const minutes of [3, 6, 12]) {
      for (let i = 0; i < 10; i++)
        expect((await instances[i % 3]!.reserve('k', RULE, now)).granted).toBe(true);
      expect(await instances[0]!.reserve('k', RULE, now)).toEqual({
        granted: false,
        retryAfterMs: minutes * 60_000,
      });
      now += minutes * 60_000;
    }
    await instances[2]!.release([{ key: 'k', how: 'clear' }]);
    for (let i = 0; i < 9; i++) await instances[0]!.reserve('k', RULE, now);
    expect(await instances[1]!.reserve('k', RULE, now)).toEqual({ granted: true, lockedFor: 180_000 });
  });

  it('locks for good after 100 consecutive reservations when the rule says so', async () => {
    const rule: AttemptRule = { limit: 10, lockMs: [1000], lockForeverAfter: 100 };
    let now = NOW;
    let last: unknown;
    for (let i = 0; i < 100; i++) {
      last = await instances[i % 3]!.reserve('totp:1', rule, now);
      if ((i + 1) % 10 === 0) now += 1000;
    }
    expect(last).toEqual({ granted: true, lockedFor: null });
    expect(await instances[0]!.reserve('totp:1', rule, now + 86_400_000 * 365)).toEqual({
      granted: false,
      retryAfterMs: null,
    });
    expect((await instances[0]!.lockedUntil(['totp:1'], now)).get('totp:1')).toBe(LOCKED_FOREVER);
  });

  it('gives back one place for an address and forgets attempts after its window', async () => {
    const rule: AttemptRule = { limit: 3, windowMs: 60_000, lockMs: [60_000] };
    await instances[0]!.reserve('address:192.0.2.1', rule, NOW);
    await instances[1]!.reserve('address:192.0.2.1', rule, NOW);
    await instances[2]!.release([{ key: 'address:192.0.2.1', how: 'one' }]);
    expect((await instances[0]!.reserve('address:192.0.2.1', rule, NOW)).granted).toBe(true);
    expect(await instances[0]!.reserve('address:192.0.2.1', rule, NOW)).toEqual({
      granted: true,
      lockedFor: 60_000,
    });
    expect((await instances[1]!.reserve('address:192.0.2.1', rule, NOW + 59_000)).granted).toBe(false);
    expect((await instances[1]!.reserve('address:192.0.2.1', rule, NOW + 60_000)).granted).toBe(true);
    // A window that passed without a lock starts again at one.
    for (let i = 0; i < 2; i++) await instances[0]!.reserve('address:192.0.2.2', rule, NOW);
    expect(await instances[0]!.reserve('address:192.0.2.2', rule, NOW + 61_000)).toEqual({ granted: true });
  });

  it('releases a right guess’s keys together: the account’s cleared, the address given one place back', async () => {
    const account: AttemptRule = { limit: 3, lockMs: [60_000] };
    const address: AttemptRule = { limit: 3, windowMs: 60_000, lockMs: [60_000] };
    for (let i = 0; i < 2; i++) {
      await instances[0]!.reserve('totp:7', account, NOW);
      await instances[0]!.reserve('address:192.0.2.9', address, NOW);
    }
    await instances[1]!.release([
      { key: 'address:192.0.2.9', how: 'one' },
      { key: 'totp:7', how: 'clear' },
    ]);
    // The account's key starts again at one: two more places before the third locks it.
    expect(await instances[2]!.reserve('totp:7', account, NOW)).toEqual({ granted: true });
    expect(await instances[2]!.reserve('totp:7', account, NOW)).toEqual({ granted: true });
    expect(await instances[2]!.reserve('totp:7', account, NOW)).toEqual({ granted: true, lockedFor: 60_000 });
    // The address had two, gave one back: the next reservation is its second, then the third locks.
    expect(await instances[2]!.reserve('address:192.0.2.9', address, NOW)).toEqual({ granted: true });
    expect(await instances[2]!.reserve('address:192.0.2.9', address, NOW)).toEqual({
      granted: true,
      lockedFor: 60_000,
    });
  });

  it('clears a user’s keys and every device key of theirs, and no one else’s', async () => {
    const one: AttemptRule = { limit: 1, lockMs: [60_000] };
    const keys = ['password:a_b', 'device:a_b:x1', 'device:a_b:x2', 'device:axb:x3', 'password:axb'];
    for (const key of keys) await instances[0]!.reserve(key, one, NOW);
    await instances[1]!.clear(['password:a_b'], ['device:a_b:']);
    expect([...(await instances[2]!.lockedUntil(keys, NOW)).keys()]).toEqual([
      'device:axb:x3',
      'password:axb',
    ]);
  });
});
