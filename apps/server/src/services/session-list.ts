import { hashToken } from '../crypto/tokens.js';
import type { SessionStage } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { describeUserAgent } from './user-agent.js';

/** One signed-in browser of a person, as "my sessions" and the administrator's user page list it. */
export interface SessionInfo {
  /** A name for the session in URLs and forms: derived from the stored id, never the cookie token. */
  id: string;
  /** The session that asks (marked "this browser"). */
  current: boolean;
  browser: string | null;
  system: string | null;
  ip: string | null;
  stage: SessionStage;
  signedInAt: number;
  lastSeenAt: number | null;
  expiresAt: number;
}

/** The public name of a stored session id (itself a hash of the cookie token). */
export function publicSessionId(storedId: string): string {
  return hashToken(`session:${storedId}`).slice(0, 32);
}

/** A user's live sessions, the most recently used first; `currentId` (stored id) is marked. */
export async function listSessions(
  ctx: ServiceContext,
  userId: number,
  currentId?: string,
): Promise<SessionInfo[]> {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'stage', 'created_at', 'expires_at', 'ip', 'user_agent', 'last_seen_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', ctx.now())
    .execute();
  return rows
    .map((row) => ({
      id: publicSessionId(row.id),
      current: row.id === currentId,
      ...describeUserAgent(row.user_agent),
      ip: row.ip,
      stage: row.stage,
      signedInAt: Number(row.created_at),
      lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
      expiresAt: Number(row.expires_at),
    }))
    .sort((a, b) => (b.lastSeenAt ?? b.signedInAt) - (a.lastSeenAt ?? a.signedInAt));
}

/** Ends one session of a user by its public id. Throws SESSION_NOT_FOUND. Returns the stored id. */
export async function endSessionByPublicId(
  ctx: ServiceContext,
  userId: number,
  publicId: unknown,
): Promise<string> {
  if (typeof publicId !== 'string' || !/^[0-9a-f]{32}$/.test(publicId))
    throw new AppError('SESSION_NOT_FOUND');
  const rows = await ctx.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
  const row = rows.find((candidate) => publicSessionId(candidate.id) === publicId);
  if (!row) throw new AppError('SESSION_NOT_FOUND');
  await ctx.db.deleteFrom('sessions').where('id', '=', row.id).execute();
  return row.id;
}
