import type { Role } from '../db/schema.js';
import { LOCKED_FOREVER } from '../db/schema.js';
import { notify } from '../mail/notify.js';
import { attemptKeys } from './attempts/rules.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { endUserSessions } from './sessions.js';
import { removeTwoFactor } from './two-factor.js';
import { getUser } from './users.js';

/** One row of the administrator's user list. */
export interface UserSummary {
  username: string;
  role: Role;
  createdAt: number;
  twoFactor: { enabled: boolean; pending: boolean };
  locked: boolean;
  /** Seconds until the lock ends; null = until unlocked or not locked. */
  lockRetryAfterSeconds: number | null;
}

/** Every user with two-factor and lock state, by name. */
export async function listUsers(ctx: ServiceContext): Promise<UserSummary[]> {
  const [users, credentials] = await Promise.all([
    ctx.db.selectFrom('users').select(['id', 'username', 'role', 'created_at']).orderBy('username').execute(),
    ctx.db.selectFrom('totp_credentials').select(['user_id', 'state']).execute(),
  ]);
  const now = ctx.now();
  const locks = await ctx.attempts.lockedUntil(users.flatMap(accountKeys), now);
  const statesByUser = new Map<number, string[]>();
  for (const row of credentials)
    statesByUser.set(row.user_id, [...(statesByUser.get(row.user_id) ?? []), row.state]);
  return users.map((user) => {
    const lock = lockRemaining(accountKeys(user), locks, now);
    const states = statesByUser.get(user.id) ?? [];
    return {
      username: user.username,
      role: user.role,
      createdAt: user.created_at,
      twoFactor: { enabled: states.includes('active'), pending: states.includes('pending') },
      locked: lock !== undefined,
      lockRetryAfterSeconds: lock ?? null,
    };
  });
}

/** Deletes a user's two-factor registration, passkeys and recovery codes and ends all their sessions. */
export async function resetUserTwoFactor(
  ctx: ServiceContext,
  username: unknown,
  actor: Actor,
): Promise<void> {
  const user = await getUser(ctx, username);
  await removeTwoFactor(ctx, user.id);
  // A reset covers every second factor: passkeys and security keys too.
  await ctx.db.deleteFrom('passkeys').where('user_id', '=', user.id).execute();
  await endUserSessions(ctx, user.id);
  await recordAudit(ctx, { event: 'two_factor.reset', actor, target: user.username });
  notify(ctx, { userId: user.id }, 'two_factor_reset');
}

/** Lifts a user's locks and clears every failure counter of theirs (password, devices, codes). */
export async function unlockUser(ctx: ServiceContext, username: unknown, actor: Actor): Promise<void> {
  const user = await getUser(ctx, username);
  await ctx.attempts.clear(accountKeys(user), [attemptKeys.devicePrefix(user.username)]);
  await recordAudit(ctx, { event: 'account.unlocked', actor, target: user.username });
}

/** The counters that lock an account for every browser: the shared password one and the codes'. */
function accountKeys(user: { id: number; username: string }): string[] {
  return [
    attemptKeys.password(user.username),
    attemptKeys.totp(user.id),
    attemptKeys.recovery(user.id),
    attemptKeys.passkey(user.id),
  ];
}

/** Seconds until the account's last lock ends (null = until unlocked); undefined when not locked. */
function lockRemaining(keys: string[], locks: Map<string, number>, now: number): number | null | undefined {
  let longest: number | undefined;
  for (const key of keys) {
    const until = locks.get(key);
    if (until !== undefined) longest = Math.max(longest ?? 0, until);
  }
  if (longest === undefined) return undefined;
  return longest >= LOCKED_FOREVER ? null : Math.ceil((longest - now) / 1000);
}
