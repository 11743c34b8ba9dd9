import type { Role } from '../db/schema.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { lockRemaining, unlockAccount } from './lockout.js';
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
    ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'created_at', 'locked_until'])
      .orderBy('username')
      .execute(),
    ctx.db.selectFrom('totp_credentials').select(['user_id', 'state']).execute(),
  ]);
  const now = ctx.now();
  const statesByUser = new Map<number, string[]>();
  for (const row of credentials)
    statesByUser.set(row.user_id, [...(statesByUser.get(row.user_id) ?? []), row.state]);
  return users.map((user) => {
    const lock = lockRemaining(user, now);
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

/** Deletes a user's two-factor registration and recovery codes and ends all their sessions. */
export async function resetUserTwoFactor(
  ctx: ServiceContext,
  username: unknown,
  actor: Actor,
): Promise<void> {
  const user = await getUser(ctx, username);
  await removeTwoFactor(ctx, user.id);
  await endUserSessions(ctx, user.id);
  await recordAudit(ctx, { event: 'two_factor.reset', actor, target: user.username });
}

/** Lifts a user's lock and clears the failure counters. */
export async function unlockUser(ctx: ServiceContext, username: unknown, actor: Actor): Promise<void> {
  const user = await getUser(ctx, username);
  await unlockAccount(ctx, user.id);
  await recordAudit(ctx, { event: 'account.unlocked', actor, target: user.username });
}
