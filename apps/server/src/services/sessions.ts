import type { QueryCreator } from 'kysely';
import { hashToken, randomToken } from '../crypto/tokens.js';
import type { AuthMethod, DB, Role, SessionStage } from '../db/schema.js';
import { revokeAppAccess } from '../oidc/revoke.js';
import type { ServiceContext } from './context.js';

/** How long each kind of session lives, in ms. */
export const SESSION_LIFETIME: Readonly<Record<SessionStage, number>> = {
  second_factor: 5 * 60_000,
  enrollment: 30 * 60_000,
  full: 12 * 60 * 60_000,
  password_change: 30 * 60_000,
};

/** How often a session's "last seen" time is written: once a minute at most, not on every request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/** The longest User-Agent kept with a session. */
const MAX_USER_AGENT = 512;

/** A live session with its user. */
export interface Session {
  /** SHA-256 of the cookie token (the row id). */
  id: string;
  userId: number;
  username: string;
  role: Role;
  stage: SessionStage;
  expiresAt: number;
  /** When the person last proved all their factors in this session (OIDC `auth_time`); null before. */
  authTime: number | null;
  /** The methods of that sign-in (OIDC `amr`), in the order they were used. */
  amr: AuthMethod[];
  /** When a current factor was last proven again for a sensitive change; null if never. */
  reauthAt: number | null;
  /**
   * What the pages' form tokens are bound to: new at each sign-in step, kept when re-authentication
   * renews the token, so a form open in another tab of the same sign-in stays good.
   */
  csrfKey: string;
}

/** How a session's person was authenticated: when all their factors were proven, and with what. */
export interface SessionAuthentication {
  /** Null while factors are still missing (a sign-in waiting for its code). */
  time: number | null;
  amr: AuthMethod[];
}

const AUTH_METHODS: ReadonlySet<string> = new Set<AuthMethod>(['pwd', 'otp', 'rec', 'hwk', 'pop', 'user']);

/** The stored `amr` column as a list; anything unexpected in it is dropped, never trusted. */
export function parseAMR(text: string): AuthMethod[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((item): item is AuthMethod => typeof item === 'string' && AUTH_METHODS.has(item))
      : [];
  } catch {
    return [];
  }
}

/**
 * A new session: the token goes into the cookie, only its hash into the database. Without `auth` it
 * records no authentication (never counts as recent for a sensitive change).
 */
export async function createSession(
  ctx: ServiceContext,
  input: {
    userId: number;
    stage: SessionStage;
    ip: string | null;
    userAgent?: string | undefined;
    auth?: SessionAuthentication;
  },
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
      auth_time: input.auth?.time ?? null,
      amr: JSON.stringify(input.auth?.amr ?? []),
      user_agent: input.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      last_seen_at: now,
      csrf_key: randomToken(),
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
      'sessions.auth_time',
      'sessions.amr',
      'sessions.reauth_at',
      'sessions.last_seen_at',
      'sessions.csrf_key',
      'users.username',
      'users.role',
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', ctx.now())
    // A disabled account has no session anywhere, even one that a race left behind.
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = ctx.now();
  if (row.last_seen_at === null || now - Number(row.last_seen_at) >= LAST_SEEN_RESOLUTION_MS)
    await ctx.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    stage: row.stage,
    expiresAt: row.expires_at,
    authTime: row.auth_time === null ? null : Number(row.auth_time),
    amr: parseAMR(row.amr),
    reauthAt: row.reauth_at === null ? null : Number(row.reauth_at),
    // A session opened before the key existed keeps what its forms were bound to then.
    csrfKey: row.csrf_key ?? row.id,
  };
}

/**
 * Moves a session from `from` to a fuller stage under a NEW token (the old one stops working), in one
 * atomic UPDATE: of two concurrent promotions only one succeeds. Undefined when it was not in `from`.
 * `auth`, when given, records the authentication that earned the promotion.
 */
export async function promoteSession(
  ctx: ServiceContext,
  token: string,
  from: SessionStage,
  to: SessionStage = 'full',
  auth?: SessionAuthentication,
): Promise<{ token: string; expiresAt: number } | undefined> {
  return promote(ctx, hashToken(token), from, to, auth);
}

/**
 * A session that had to register a second factor before anything else, fully signed in now that it
 * has (a passkey added on the spot): promoted under a NEW token, with the sign-in's record of it.
 * Undefined when the session ended or moved on meanwhile.
 */
export async function finishEnrollment(
  ctx: ServiceContext,
  session: Session,
  amr: AuthMethod[],
): Promise<{ token: string; expiresAt: number; session: Session } | undefined> {
  const time = ctx.now();
  const promoted = await promote(ctx, session.id, 'enrollment', 'full', { time, amr });
  if (!promoted) return undefined;
  const { token, expiresAt, csrfKey } = promoted;
  const renewed = { ...session, id: hashToken(token), stage: 'full' as const, authTime: time, amr, csrfKey };
  return { token, expiresAt, session: { ...renewed, expiresAt } };
}

async function promote(
  ctx: ServiceContext,
  id: string,
  from: SessionStage,
  to: SessionStage,
  auth: SessionAuthentication | undefined,
): Promise<{ token: string; expiresAt: number; csrfKey: string } | undefined> {
  const promotion = sessionPromotion(ctx, id, from, to, auth);
  const result = await promotion.query(ctx.db).executeTakeFirst();
  return result.numUpdatedRows === 1n ? promotion.next : undefined;
}

/**
 * The UPDATE that promotes the session with row id `id` (the token's hash) and the new token it
 * gives, as a statement: run alone, or as part of a larger statement (the second-factor step on
 * PostgreSQL).
 */
export function sessionPromotion(
  ctx: ServiceContext,
  id: string,
  from: SessionStage,
  to: SessionStage,
  auth?: SessionAuthentication,
) {
  const next = randomToken();
  const csrfKey = randomToken();
  const now = ctx.now();
  const expiresAt = now + SESSION_LIFETIME[to];
  const query = (db: QueryCreator<DB>) =>
    db
      .updateTable('sessions')
      .set({
        id: hashToken(next),
        stage: to,
        expires_at: expiresAt,
        code_attempts: 0,
        // A sign-in step: forms from before it (another person's, or planted) no longer verify.
        csrf_key: csrfKey,
        ...(auth ? { auth_time: auth.time, amr: JSON.stringify(auth.amr) } : {}),
      })
      .where('id', '=', id)
      .where('stage', '=', from)
      .where('expires_at', '>', now);
  return { next: { token: next, expiresAt, csrfKey }, query };
}

/**
 * What a finished registration proves: in a session that had to register before anything else, the
 * password at sign-in and now a code from the new key are all the person's factors. A registration
 * from a full session (re-keying) leaves the sign-in's record as it was.
 */
export function enrollmentAuthentication(
  ctx: ServiceContext,
  session: { stage: SessionStage },
): SessionAuthentication | undefined {
  return session.stage === 'enrollment' ? { time: ctx.now(), amr: ['pwd', 'otp'] } : undefined;
}

/**
 * Records that a current factor was just proven again in this session (see services/reauth.ts), under
 * a NEW token: the session now carries more privilege, so a token seen or planted before stops
 * working. The person is the same, so the session keeps its CSRF key: forms open in other tabs stay
 * good. Undefined when the session ended meanwhile.
 */
export async function renewReauthenticated(
  ctx: ServiceContext,
  session: Session,
): Promise<{ token: string; expiresAt: number; session: Session } | undefined> {
  const token = randomToken();
  const now = ctx.now();
  const id = hashToken(token);
  const result = await ctx.db
    .updateTable('sessions')
    .set({ id, reauth_at: now })
    .where('id', '=', session.id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return undefined;
  return { token, expiresAt: session.expiresAt, session: { ...session, id, reauthAt: now } };
}

/** Ends one session (sign-out). */
export async function endSession(ctx: ServiceContext, token: string | undefined): Promise<void> {
  if (!token) return;
  await ctx.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

/**
 * Ends every session of a user (password reset, 2FA reset, disabling), and their sign-ins to apps;
 * with `keep`, every session but that one (a password change ends the person's other sessions).
 */
export async function endUserSessions(ctx: ServiceContext, userId: number, keep?: string): Promise<void> {
  await ctx.db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(keep !== undefined, (query) => query.where('id', '!=', keep as string))
    .execute();
  await revokeAppAccess(ctx, userId);
}

/** Deletes expired sessions; run now and then. */
export async function deleteExpiredSessions(ctx: ServiceContext): Promise<number> {
  const result = await ctx.db.deleteFrom('sessions').where('expires_at', '<=', ctx.now()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
