import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type DB, LOCKED_FOREVER } from '../../db/schema.js';
import { speaksPostgres } from '../../db/speaks-postgres.js';
import { type AttemptRule, type AttemptStore, lockLength, type Reservation } from './store.js';

// Second-factor counters are never swept: they carry NIST's 100 consecutive failures until a success.
const ADDRESS = 'address:';
const ACCOUNT_PREFIXES = ['password:', 'device:', 'reset-address:', 'reset-account:'] as const;

// A bigint parameter: PostgreSQL cannot always infer a bare parameter's type inside CASE.
const big = (value: number): RawBuilder<number> => sql<number>`cast(${value} as bigint)`;

/**
 * Counters in the `attempt_counters` table. A reservation is one `INSERT … ON CONFLICT DO UPDATE …
 * WHERE not locked … RETURNING` statement, atomic on SQLite and PostgreSQL alike, so instances sharing
 * the database never grant more places than the limit.
 */
export function sqlAttemptStore(db: Kysely<DB>): AttemptStore {
  return {
    async reserve(key, rule, now) {
      const row = await sql<{ failures: number; locked_until: number | null }>`
        insert into attempt_counters (key, failures, window_start, locked_until, locks, consecutive)
        values (${key}, 1, ${big(now)}, ${firstLock(rule, now)}, ${rule.limit <= 1 ? 1 : 0}, 1)
        on conflict (key) do update set
          failures = ${nextFailures(rule, now)},
          window_start = case when ${fresh(rule, now)} then ${big(now)}
            else attempt_counters.window_start end,
          locked_until = case
            when ${reachesForever(rule)} then ${big(LOCKED_FOREVER)}
            when ${nextFailures(rule, now)} >= ${sql.lit(rule.limit)} then ${lockEnd(rule, now)}
            else null end,
          locks = case when ${nextFailures(rule, now)} >= ${sql.lit(rule.limit)}
            then attempt_counters.locks + 1 else attempt_counters.locks end,
          consecutive = attempt_counters.consecutive + 1
        where attempt_counters.locked_until is null or attempt_counters.locked_until <= ${big(now)}
        returning failures, locked_until`.execute(db);
      const granted = row.rows[0];
      if (granted) return grantedReservation(granted.locked_until, now);
      const current = await db
        .selectFrom('attempt_counters')
        .select('locked_until')
        .where('key', '=', key)
        .executeTakeFirst();
      return refusedReservation(current?.locked_until ?? null, now);
    },

    async release(keys) {
      const cleared = keys.filter((each) => each.how === 'clear').map((each) => each.key);
      const given = keys.filter((each) => each.how === 'one').map((each) => each.key);
      const forget = db.deleteFrom('attempt_counters').where('key', 'in', cleared);
      const giveBack = db
        .updateTable('attempt_counters')
        .set((eb) => ({ failures: eb('failures', '-', 1), consecutive: eb('consecutive', '-', 1) }))
        .where('key', 'in', given)
        .where('failures', '>', 0);
      if (cleared.length > 0 && given.length > 0 && speaksPostgres(db)) {
        // One statement, one round trip and one commit (a sign-in's account and address keys).
        await sql`with cleared as (${forget}) ${giveBack}`.execute(db);
        return;
      }
      if (cleared.length > 0) await forget.execute();
      if (given.length > 0) await giveBack.execute();
    },

    async lockedUntil(keys, now) {
      const result = new Map<string, number>();
      // In chunks: SQLite takes at most 32,766 parameters in one statement.
      for (let start = 0; start < keys.length; start += 500) {
        const rows = await db
          .selectFrom('attempt_counters')
          .select(['key', 'locked_until'])
          .where('key', 'in', keys.slice(start, start + 500))
          .where('locked_until', '>', now)
          .execute();
        for (const row of rows) result.set(row.key, row.locked_until as number);
      }
      return result;
    },

    async clear(keys, prefixes = []) {
      if (keys.length === 0 && prefixes.length === 0) return;
      await db
        .deleteFrom('attempt_counters')
        .where((eb) =>
          eb.or([
            ...(keys.length > 0 ? [eb('key', 'in', [...keys])] : []),
            ...prefixes.map((prefix) => eb(startsWith(prefix), '=', prefix)),
          ]),
        )
        .execute();
    },

    async sweep(now, ages) {
      await db
        .deleteFrom('attempt_counters')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .where((eb) =>
          eb.or([
            eb.and([
              eb(startsWith(ADDRESS), '=', ADDRESS),
              eb('window_start', '<=', now - ages.addressWindowMs),
            ]),
            eb.and([
              eb.or(ACCOUNT_PREFIXES.map((prefix) => eb(startsWith(prefix), '=', prefix))),
              eb('window_start', '<=', now - ages.accountAgeMs),
            ]),
          ]),
        )
        .execute();
    },
  };
}

// substr counts characters on both dialects (LIKE would treat `_` in a username as a wildcard).
function startsWith(prefix: string): RawBuilder<string> {
  return sql<string>`substr(key, 1, ${sql.lit([...prefix].length)})`;
}

/** Whether the stored window is over: its lock has ended, or its attempts have aged out. */
function fresh(rule: AttemptRule, now: number): RawBuilder<boolean> {
  const lockEnded = sql`(attempt_counters.locked_until is not null and attempt_counters.locked_until <= ${big(now)})`;
  if (rule.windowMs === undefined) return sql<boolean>`${lockEnded}`;
  return sql<boolean>`(${lockEnded} or attempt_counters.window_start <= ${big(now - rule.windowMs)})`;
}

function nextFailures(rule: AttemptRule, now: number): RawBuilder<number> {
  return sql<number>`(case when ${fresh(rule, now)} then 1 else attempt_counters.failures + 1 end)`;
}

function reachesForever(rule: AttemptRule): RawBuilder<boolean> {
  if (rule.lockForeverAfter === undefined) return sql<boolean>`1 = 0`;
  return sql<boolean>`attempt_counters.consecutive + 1 >= ${sql.lit(rule.lockForeverAfter)}`;
}

/** The end of the lock that the stored `locks` count calls for, as a CASE over the schedule. */
function lockEnd(rule: AttemptRule, now: number): RawBuilder<number> {
  const end = (ms: number | null) => (ms === null ? big(LOCKED_FOREVER) : big(now + ms));
  const last = rule.lockMs.length - 1;
  if (last <= 0) return end(lockLength(rule, 0));
  const branches = rule.lockMs.slice(0, last).map((ms, index) => sql`when ${sql.lit(index)} then ${end(ms)}`);
  return sql<number>`case attempt_counters.locks ${sql.join(branches, sql` `)} else ${end(lockLength(rule, last))} end`;
}

/** locked_until for a key's very first reservation (a limit or a forever-after of 1 locks at once). */
function firstLock(rule: AttemptRule, now: number): RawBuilder<number | null> {
  if (rule.lockForeverAfter !== undefined && rule.lockForeverAfter <= 1) return big(LOCKED_FOREVER);
  if (rule.limit > 1) return sql<null>`cast(null as bigint)`;
  const ms = lockLength(rule, 0);
  return big(ms === null ? LOCKED_FOREVER : now + ms);
}

export function grantedReservation(lockedUntil: number | null, now: number): Reservation {
  if (lockedUntil === null || lockedUntil <= now) return { granted: true };
  return { granted: true, lockedFor: lockedUntil >= LOCKED_FOREVER ? null : lockedUntil - now };
}

export function refusedReservation(lockedUntil: number | null, now: number): Reservation {
  if (lockedUntil !== null && lockedUntil >= LOCKED_FOREVER) return { granted: false, retryAfterMs: null };
  // Unlocked between the two statements: ask again in a second rather than loop here.
  return { granted: false, retryAfterMs: Math.max(1000, (lockedUntil ?? now) - now) };
}
