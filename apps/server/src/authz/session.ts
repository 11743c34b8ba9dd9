import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { hashToken } from '../crypto/tokens.js';
import type { AuthMethod, DB, Role, SessionStage } from '../db/schema.js';
import type { ServiceContext } from '../services/context.js';
import { LAST_SEEN_RESOLUTION_MS, parseAMR } from '../services/sessions.js';
import { cachedSession, rememberedSession } from './session-cache.js';

/** What a forward-auth check needs to know about the browser's session. */
export interface AuthzSession {
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  stage: SessionStage;
  /** The sign-in went through a second factor. */
  twoFactor: boolean;
}

interface Row {
  username: string;
  display_name: string | null;
  email: string | null;
  role: Role;
  stage: SessionStage;
  amr: string;
  expires_at: number | string;
}

// One round trip per check, and no query building on the hot path: the SQL is compiled once per
// database and only its parameters change.
const compiled = new WeakMap<Kysely<DB>, CompiledQuery<Row>>();

function query(db: Kysely<DB>): CompiledQuery<Row> {
  let cached = compiled.get(db);
  if (!cached) {
    cached = sql<Row>`select u.username, u.display_name, u.email, u.role, s.stage, s.amr, s.expires_at
      from sessions s inner join users u on u.id = s.user_id
      where s.id = ${''} and s.expires_at > ${0} and u.disabled_at is null`.compile(db);
    compiled.set(db, cached);
  }
  return cached;
}

/**
 * The live session for a cookie token. Signed-in sessions are remembered by this process for as long
 * as the database says nothing about sessions or users has changed (session-cache.ts): a sign-out or
 * a disabled user anywhere is seen within EPOCH_POLL_MS, on this instance at once.
 */
export async function authzSession(
  ctx: ServiceContext,
  token: string | undefined,
): Promise<AuthzSession | undefined> {
  if (!token || token.length > 128) return undefined;
  // Remembered sessions are keyed by the token itself: the id (its hash) only for the database.
  const session = await cachedSession(ctx, token, async () => {
    const parameters = [hashToken(token), ctx.now()];
    const result = await ctx.db.executeQuery<Row>({ ...query(ctx.db), parameters });
    const row = result.rows[0];
    if (!row) return { value: undefined };
    const session: AuthzSession = {
      username: row.username,
      displayName: row.display_name,
      email: row.email,
      role: row.role,
      stage: row.stage,
      twoFactor: isMultiFactor(parseAMR(row.amr)),
    };
    // Only signed-in sessions are remembered: one waiting for its code changes without a sign-out.
    return row.stage === 'full' ? { value: session, expiresAt: Number(row.expires_at) } : { value: session };
  });
  if (session) await markSeen(ctx, token);
  return session;
}

/**
 * What `authzSession` answers without waiting for anything — a remembered session whose "last seen"
 * need not move — or undefined when only `authzSession` can tell.
 */
export function rememberedAuthzSession(
  ctx: ServiceContext,
  token: string | undefined,
): AuthzSession | undefined {
  if (!token || token.length > 128) return undefined;
  const session = rememberedSession<AuthzSession>(ctx, token);
  if (!session) return undefined;
  const last = lastMarked.get(ctx)?.get(token);
  return last !== undefined && ctx.now() - last < LAST_SEEN_RESOLUTION_MS ? session : undefined;
}

/** When this process last moved each session's "last seen" (service clock), by session token. */
const lastMarked = new WeakMap<ServiceContext, Map<string, number>>();

/**
 * A check is the person using an app: the session's "last seen" moves, at most once a minute per
 * session — remembered here, so checks answered from memory write nothing either, and conditional in
 * the database, so several instances do not each write. Raw SQL: the column is no part of what a
 * check answers, so the write must not make this process's session cache forget.
 */
async function markSeen(ctx: ServiceContext, token: string): Promise<void> {
  const now = ctx.now();
  let marked = lastMarked.get(ctx);
  if (!marked) {
    marked = new Map<string, number>();
    lastMarked.set(ctx, marked);
  }
  const last = marked.get(token);
  if (last !== undefined && now - last < LAST_SEEN_RESOLUTION_MS) return;
  if (marked.size >= 100_000) marked.clear();
  marked.set(token, now);
  const id = hashToken(token);
  await sql`update sessions set last_seen_at = ${now}
    where id = ${id} and (last_seen_at is null or last_seen_at <= ${now - LAST_SEEN_RESOLUTION_MS})`.execute(
    ctx.db,
  );
}

// RFC 8176 method values by kind of factor: something known, something held, something one is.
const FACTOR_KIND: Readonly<Record<AuthMethod, 'know' | 'have' | 'are'>> = {
  pwd: 'know',
  otp: 'have',
  rec: 'have',
  hwk: 'have',
  pop: 'have',
  user: 'are',
};

/** Two or more kinds of factor proven at sign-in (password + code, passkey with user verification). */
export function isMultiFactor(amr: readonly AuthMethod[]): boolean {
  return new Set(amr.map((method) => FACTOR_KIND[method])).size >= 2;
}
