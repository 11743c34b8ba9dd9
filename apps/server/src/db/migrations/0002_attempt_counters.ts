import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../migrations.js';

/** Longest lock carried over from the old columns: the permanent password lock is gone (ADR 0009). */
const CARRY_OVER_CAP_MS = 24 * 3600_000;

/**
 * One table of failure counters keyed by what they protect (`address:…`, `password:…`, `device:…`,
 * `totp:…`, `recovery:…`), replacing the lock columns on `users` and the `ip_failures` table.
 * Current account locks are carried over, a permanent one as a 24-hour lock.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration works on the untyped database
export async function attemptCounters(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('failures', 'integer', (col) => col.notNull())
    .addColumn('window_start', 'bigint', (col) => col.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('locks', 'integer', (col) => col.notNull())
    .addColumn('consecutive', 'integer', (col) => col.notNull())
    .execute();
  const now = Date.now();
  const cap = now + CARRY_OVER_CAP_MS;
  await sql`insert into attempt_counters (key, failures, window_start, locked_until, locks, consecutive)
    select 'password:' || username, failed_count, ${now},
      case when locked_until > ${cap} then ${cap} else locked_until end, 1, 0
    from users where locked_until is not null and locked_until > ${now}`.execute(db);
  await db.schema.alterTable('users').dropColumn('failed_count').execute();
  await db.schema.alterTable('users').dropColumn('consecutive_failures').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
  await db.schema.dropTable('ip_failures').execute();
}
