import { sql } from 'kysely';
import { LOCKED_FOREVER } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { type LockoutSettings, MAX_CONSECUTIVE_FAILURES } from './settings.js';

export interface LockColumns {
  locked_until: number | null;
}

/** Seconds until the lock ends (null = until an administrator unlocks); undefined when not locked. */
export function lockRemaining(user: LockColumns, now: number): number | null | undefined {
  if (user.locked_until === null || user.locked_until <= now) return undefined;
  if (user.locked_until >= LOCKED_FOREVER) return null;
  return Math.ceil((user.locked_until - now) / 1000);
}

/** The ACCOUNT_LOCKED error, with `retryAfterSeconds` (null = until unlocked). */
export function lockedError(retryAfterSeconds: number | null): AppError {
  return new AppError('ACCOUNT_LOCKED', { retryAfterSeconds });
}

/**
 * Counts one failed password or code in a single atomic UPDATE (safe across instances). Locks the
 * account when the count reaches `maxFailures`, and for good after 100 consecutive failures.
 * Returns the lock's remaining seconds when this failure locked it.
 * @see NIST SP 800-63B §5.2.2 (rate limiting)
 */
export async function recordAccountFailure(
  ctx: ServiceContext,
  userId: number,
  lockout: LockoutSettings,
): Promise<{ lockedFor: number | null | undefined }> {
  const now = ctx.now();
  const until = lockout.lockSeconds === null ? LOCKED_FOREVER : now + lockout.lockSeconds * 1000;
  const reachesLimit = sql<boolean>`failed_count + 1 >= ${lockout.maxFailures}`;
  const row = await ctx.db
    .updateTable('users')
    .set({
      failed_count: sql`case when ${reachesLimit} then 0 else failed_count + 1 end`,
      consecutive_failures: sql`consecutive_failures + 1`,
      locked_until: sql`case
        when consecutive_failures + 1 >= ${MAX_CONSECUTIVE_FAILURES} then ${LOCKED_FOREVER}
        when ${reachesLimit} then ${until}
        else locked_until end`,
    })
    .where('id', '=', userId)
    .returning(['locked_until'])
    .executeTakeFirst();
  return { lockedFor: row ? lockRemaining(row, now) : undefined };
}

/** Clears the failure counters after a success (a no-op write is skipped). */
export async function clearAccountFailures(ctx: ServiceContext, userId: number): Promise<void> {
  await ctx.db
    .updateTable('users')
    .set({ failed_count: 0, consecutive_failures: 0 })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('failed_count', '>', 0), eb('consecutive_failures', '>', 0)]))
    .execute();
}

/**
 * Throws ACCOUNT_LOCKED while the account is locked. Signed-in operations that check a password or a
 * code (disable 2FA, new recovery codes) call it first, so a lock hides whether either was right there
 * too, as it does at sign-in.
 */
export async function refuseWhileLocked(ctx: ServiceContext, userId: number): Promise<void> {
  const user = await ctx.db
    .selectFrom('users')
    .select('locked_until')
    .where('id', '=', userId)
    .executeTakeFirst();
  const locked = user ? lockRemaining(user, ctx.now()) : undefined;
  if (locked !== undefined) throw lockedError(locked);
}

/** Lifts a lock and clears the counters. */
export async function unlockAccount(ctx: ServiceContext, userId: number): Promise<void> {
  await ctx.db
    .updateTable('users')
    .set({ failed_count: 0, consecutive_failures: 0, locked_until: null })
    .where('id', '=', userId)
    .execute();
}
