import type { Redis } from 'ioredis';
import { LOCKED_FOREVER } from '../../db/schema.js';
import { DependencyError } from '../../http/unavailable.js';
import { grantedReservation, refusedReservation } from './sql-store.js';
import { type AttemptRule, type AttemptStore, lockLength } from './store.js';

/** How long an unlocked account counter outlives its last attempt (the SQL sweep's age). */
export const ACCOUNT_COUNTER_AGE_MS = 30 * 86_400_000;

// The same rule as the SQL statement, in one script so that Redis runs it atomically.
// KEYS[1] the counter; ARGV: now, limit, windowMs (-1: none), foreverAfter (-1: none),
// FOREVER, keepMs (-1: never expire), then the lock schedule in ms (-1: until unlocked).
const RESERVE = `
local now = tonumber(ARGV[1]); local limit = tonumber(ARGV[2]); local window = tonumber(ARGV[3])
local foreverAfter = tonumber(ARGV[4]); local FOREVER = tonumber(ARGV[5]); local keep = tonumber(ARGV[6])
local h = redis.call('HMGET', KEYS[1], 'f', 'w', 'l', 'k', 'c')
local failures = tonumber(h[1]) or 0; local windowStart = tonumber(h[2]) or now
local locked = tonumber(h[3]); local locks = tonumber(h[4]) or 0; local consecutive = tonumber(h[5]) or 0
if locked and locked > now then return {0, tostring(locked)} end
if (locked and locked <= now) or (window >= 0 and windowStart <= now - window) then
  failures = 0; windowStart = now
end
failures = failures + 1; consecutive = consecutive + 1; locked = nil
if foreverAfter >= 0 and consecutive >= foreverAfter then
  locked = FOREVER
elseif failures >= limit then
  local index = math.min(locks, #ARGV - 7) + 7
  local ms = tonumber(ARGV[index])
  if ms < 0 then locked = FOREVER else locked = now + ms end
end
if failures >= limit then locks = locks + 1 end
redis.call('HSET', KEYS[1], 'f', failures, 'w', windowStart, 'k', locks, 'c', consecutive)
if locked then redis.call('HSET', KEYS[1], 'l', tostring(locked)) else redis.call('HDEL', KEYS[1], 'l') end
if keep < 0 or locked == FOREVER then redis.call('PERSIST', KEYS[1])
else
  local ttl = keep
  if locked and locked - now > ttl then ttl = locked - now end
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return {1, tostring(locked or -1)}
`;

const RELEASE_ONE = `
local f = tonumber(redis.call('HGET', KEYS[1], 'f'))
if f and f > 0 then redis.call('HINCRBY', KEYS[1], 'f', -1); redis.call('HINCRBY', KEYS[1], 'c', -1) end
return 0
`;

/**
 * Counters in Redis (`REDIS_URL`): one hash per key, reserved by a Lua script so that every instance
 * sees the same count. Keys expire on their own once they hold nothing back.
 */
export function redisAttemptStore(redis: Redis, prefix = 'kakunin:attempts:'): AttemptStore {
  return inRedis({
    async reserve(key, rule, now) {
      const schedule = rule.lockMs.map((ms) => (ms === null ? -1 : ms));
      const [granted, until] = (await redis.eval(
        RESERVE,
        1,
        prefix + key,
        now,
        rule.limit,
        rule.windowMs ?? -1,
        rule.lockForeverAfter ?? -1,
        LOCKED_FOREVER,
        keepMs(rule),
        ...schedule,
      )) as [number, string];
      const lockedUntil = Number(until) < 0 ? null : Number(until);
      return granted === 1 ? grantedReservation(lockedUntil, now) : refusedReservation(lockedUntil, now);
    },

    async release(keys) {
      const pipeline = redis.pipeline();
      for (const { key, how } of keys) {
        if (how === 'clear') pipeline.del(prefix + key);
        else pipeline.eval(RELEASE_ONE, 1, prefix + key);
      }
      for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    },

    async lockedUntil(keys, now) {
      const result = new Map<string, number>();
      if (keys.length === 0) return result;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hget(prefix + key, 'l');
      const answers = (await pipeline.exec()) ?? [];
      keys.forEach((key, index) => {
        const [error, value] = answers[index] ?? [];
        if (error) throw error;
        const until = value === null || value === undefined ? undefined : Number(value);
        if (until !== undefined && until > now) result.set(key, until);
      });
      return result;
    },

    async clear(keys, prefixes = []) {
      const doomed = keys.map((key) => prefix + key);
      for (const start of prefixes) {
        // Usernames cannot hold glob characters ([ ] * ? \), so the prefix needs no escaping.
        let cursor = '0';
        do {
          const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}${start}*`, 'COUNT', 200);
          cursor = next;
          doomed.push(...found);
        } while (cursor !== '0');
      }
      if (doomed.length > 0) await redis.del(...doomed);
    },

    async sweep() {
      // Redis expires the keys by itself (PEXPIRE in the script).
    },
  });
}

/** Every failure of a Redis call names Redis, so the service answers 503 and the log says why. */
function inRedis(store: AttemptStore): AttemptStore {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(store) as [
    string,
    (...args: unknown[]) => Promise<unknown>,
  ][]) {
    wrapped[name] = (...args: unknown[]) =>
      method(...args).catch((error: unknown) => {
        throw new DependencyError('redis', error);
      });
  }
  return wrapped as unknown as AttemptStore;
}

function keepMs(rule: AttemptRule): number {
  if (rule.lockForeverAfter !== undefined) return -1;
  if (rule.windowMs !== undefined) return rule.windowMs;
  return Math.max(ACCOUNT_COUNTER_AGE_MS, lockLength(rule, rule.lockMs.length - 1) ?? 0);
}
