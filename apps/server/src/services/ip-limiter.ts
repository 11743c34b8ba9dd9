import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { DB } from '../db/schema.js';

/** Failed sign-in attempts per client address, shared by every instance of the service. */
export interface IPLimiter {
  /** Seconds until the address may try again; 0 when it may try now. */
  retryAfterSeconds(ip: string): Promise<number>;
  recordFailure(ip: string): Promise<void>;
}

export interface IPLimitOptions {
  /** Failures allowed per window (default 100). */
  maxFailures: number;
  /** Window length in seconds (default 900). */
  windowSeconds: number;
}

export const DEFAULT_IP_LIMIT: IPLimitOptions = { maxFailures: 100, windowSeconds: 900 };

/** An IPLimiter on the `ip_failures` table (fixed window, one atomic upsert per failure). */
export function sqlIPLimiter(
  db: Kysely<DB>,
  now: () => number,
  options: IPLimitOptions = DEFAULT_IP_LIMIT,
): IPLimiter {
  const windowMs = options.windowSeconds * 1000;
  return {
    async retryAfterSeconds(ip) {
      const row = await db
        .selectFrom('ip_failures')
        .select(['failures', 'window_start'])
        .where('ip', '=', ip)
        .executeTakeFirst();
      if (!row || row.failures < options.maxFailures) return 0;
      const remaining = row.window_start + windowMs - now();
      return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
    },
    async recordFailure(ip) {
      const at = now();
      const expired = at - windowMs;
      await db
        .insertInto('ip_failures')
        .values({ ip, failures: 1, window_start: at })
        .onConflict((oc) =>
          oc.column('ip').doUpdateSet((eb) => ({
            failures: eb
              .case()
              .when('ip_failures.window_start', '<=', expired)
              .then(1)
              .else(eb('ip_failures.failures', '+', 1))
              .end(),
            window_start: eb
              .case()
              .when('ip_failures.window_start', '<=', expired)
              .then(at)
              .else(eb.ref('ip_failures.window_start'))
              .end(),
          })),
        )
        .execute();
    },
  };
}

/** Deletes address counters whose window has passed; run now and then. */
export async function deleteStaleIPFailures(
  db: Kysely<DB>,
  now: number,
  options: IPLimitOptions = DEFAULT_IP_LIMIT,
): Promise<void> {
  await db
    .deleteFrom('ip_failures')
    .where('window_start', '<=', now - options.windowSeconds * 1000)
    .execute();
}

/** An IPLimiter in Redis (rate-limiter-flexible), for deployments that set REDIS_URL. */
export function redisIPLimiter(
  redis: Redis,
  options: IPLimitOptions = DEFAULT_IP_LIMIT,
  prefix = 'kakunin-ip',
): IPLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: prefix,
    points: options.maxFailures,
    duration: options.windowSeconds,
  });
  return {
    async retryAfterSeconds(ip) {
      const res = await limiter.get(ip);
      if (!res || res.consumedPoints < options.maxFailures) return 0;
      return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    },
    async recordFailure(ip) {
      await limiter.penalty(ip, 1);
    },
  };
}
