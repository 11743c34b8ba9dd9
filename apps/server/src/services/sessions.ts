import { hashToken, randomToken } from '../crypto/tokens.js';
import type { Role, SessionStage } from '../db/schema.js';
import type { ServiceContext } from './context.js';

/** How long each kind of session lives, in ms. */
export const SESSION_LIFETIME: Readonly<Record<SessionStage, number>> = {
  second_factor: 5 * 60_000,
  enrollment: 30 * 60_000,
  full: 12 * 60 * 60_000,
};

/** A live session with its user. */
export interface Session {
  /** SHA-256 of the cookie token (the row id). */
  id: string;
  userId: number;
  username: string;
  role: Role;
  stage: SessionStage;
  expiresAt: number;
}

/** A new session: the token goes into the cookie, only its hash into the database. */
export async function createSession(
  ctx: ServiceContext,
  input: { userId: number; stage: SessionStage; ip: string | null },
): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const now = ctx.now();
  const expiresAt = now + SESSION_LIFETIME[input.stage];
  await ctx.db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: input.userId,
      stage: input.stage,
      created_at: now,
      expires_at: expiresAt,
      ip: input.ip,
    })
    .execute();
  return { token, expiresAt };
}

/** The session for a cookie token, or undefined when unknown, ended or expired. */
export async function findSession(
  ctx: ServiceContext,
  token: string | undefined,
): Promise<Session | undefined> {
  if (!token) return undefined;
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.stage',
      'sessions.expires_at',
      'users.username',
      'users.role',
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', ctx.now())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    stage: row.stage,
    expiresAt: row.expires_at,
  };
}

/**
 * Moves a session from `from` to a fuller stage under a NEW token (the old one stops working), in one
 * atomic UPDATE: of two concurrent promotions only one succeeds. Undefined when it was not in `from`.
 */
export async function promoteSession(
  ctx: ServiceContext,
  token: string,
  from: SessionStage,
  to: SessionStage = 'full',
): Promise<{ token: string; expiresAt: number } | undefined> {
  const next = randomToken();
  const now = ctx.now();
  const expiresAt = now + SESSION_LIFETIME[to];
  const result = await ctx.db
    .updateTable('sessions')
    .set({ id: hashToken(next), stage: to, expires_at: expiresAt, code_attempts: 0 })
    .where('id', '=', hashToken(token))
    .where('stage', '=', from)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n ? { token: next, expiresAt } : undefined;
}

/** Ends one session (sign-out). */
export async function endSession(ctx: ServiceContext, token: string | undefined): Promise<void> {
  if (!token) return;
  await ctx.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

/** Ends every session of a user (password reset, 2FA reset). */
export async function endUserSessions(ctx: ServiceContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Deletes expired sessions; run now and then. */
export async function deleteExpiredSessions(ctx: ServiceContext): Promise<number> {
  const result = await ctx.db.deleteFrom('sessions').where('expires_at', '<=', ctx.now()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
