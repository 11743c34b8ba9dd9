import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { hashToken } from '../crypto/tokens.js';
import type { AuthMethod, DB, Role, SessionStage } from '../db/schema.js';
import type { ServiceContext } from '../services/context.js';
import { parseAMR } from '../services/sessions.js';
import { cachedSession } from './session-cache.js';

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
  return cachedSession(ctx, token, async () => {
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
