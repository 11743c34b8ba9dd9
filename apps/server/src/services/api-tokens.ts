import { timingSafeEqual } from 'node:crypto';
import { hashToken, randomToken } from '../crypto/tokens.js';
import type { APITokenScope } from '../db/schema.js';
import { AppError } from '../errors.js';
import { addressKey, guardAttempt } from './attempts/index.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import type { Session } from './sessions.js';

/** What every token starts with, so that secret scanners and people can tell one when they see it. */
export const TOKEN_PREFIX = 'kkn_';

/** Last use is written at most this often per token (each call would otherwise be a write). */
const LAST_USE_PRECISION_MS = 60_000;

/** A token as the console lists it (never the token itself). */
export interface APITokenSummary {
  id: number;
  name: string;
  scope: APITokenScope;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedIP: string | null;
  revokedAt: number | null;
}

/** Who a bearer request acts as: the creating administrator, within the token's scope. */
export interface TokenIdentity {
  id: number;
  name: string;
  scope: APITokenScope;
  session: Session;
}

function checkName(name: unknown): string {
  const text = typeof name === 'string' ? name.normalize('NFC').trim() : '';
  if (text.length < 1 || text.length > 64 || /\p{Cc}/u.test(text)) throw new AppError('INVALID_TOKEN_NAME');
  return text;
}

function checkScope(scope: unknown): APITokenScope {
  if (scope === 'admin' || scope === 'read') return scope;
  throw new AppError('BAD_REQUEST', undefined, 'scope must be "admin" or "read".');
}

/**
 * Creates a named token for the administrator `session` and returns it: the only time it is seen.
 * Only its SHA-256 is stored. The caller has applied the re-authentication rule.
 */
export async function createAPIToken(
  ctx: ServiceContext,
  input: { name: unknown; scope: unknown },
  session: Session,
  actor: Actor,
): Promise<{ id: number; token: string; name: string; scope: APITokenScope }> {
  const name = checkName(input.name);
  const scope = checkScope(input.scope);
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const row = await ctx.db
    .insertInto('api_tokens')
    .values({
      token_hash: hashToken(token),
      name,
      scope,
      user_id: session.userId,
      created_at: ctx.now(),
      last_used_at: null,
      last_used_ip: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, { event: 'api_token.created', actor, details: { id: row.id, name, scope } });
  return { id: row.id, token, name, scope };
}

/** Every token, newest first, revoked ones included (the audit trail of what existed). */
export async function listAPITokens(ctx: ServiceContext): Promise<APITokenSummary[]> {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.scope',
      'users.username',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.last_used_ip',
      'api_tokens.revoked_at',
    ])
    .orderBy('api_tokens.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scope: row.scope,
    createdBy: row.username,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    lastUsedIP: row.last_used_ip,
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  }));
}

/** Revokes a token for good; TOKEN_NOT_FOUND when there is no live token with this id. */
export async function revokeAPIToken(ctx: ServiceContext, id: number, actor: Actor): Promise<void> {
  const row = await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['name'])
    .executeTakeFirst();
  if (!row) throw new AppError('TOKEN_NOT_FOUND');
  await recordAudit(ctx, { event: 'api_token.revoked', actor, details: { id, name: row.name } });
}

/**
 * The identity of a bearer token, or INVALID_TOKEN. The lookup is by the token's SHA-256 (what an
 * index compare can leak is about the hash, not the token), and the hashes are compared again in
 * constant time. Every attempt takes a place in the caller's address limit and a right token gives
 * it back, so guessing tokens is throttled like guessing passwords. A token stops working when it is
 * revoked, or when its creator is disabled or no longer an administrator.
 */
export async function authenticateAPIToken(
  ctx: ServiceContext,
  token: string,
  ip: string,
): Promise<TokenIdentity> {
  const outcome = await guardAttempt(ctx, [addressKey(ctx, ip)], async () => {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) return undefined;
    const hash = hashToken(token);
    const row = await ctx.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([
        'api_tokens.id',
        'api_tokens.token_hash',
        'api_tokens.name',
        'api_tokens.scope',
        'api_tokens.last_used_at',
        'users.id as user_id',
        'users.username',
        'users.role',
        'users.disabled_at',
      ])
      .where('api_tokens.token_hash', '=', hash)
      .where('api_tokens.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash))) return undefined;
    if (row.role !== 'admin' || row.disabled_at !== null) return undefined;
    return row;
  });
  if (!outcome.ok) throw new AppError('INVALID_TOKEN');
  const row = outcome.value;
  const now = ctx.now();
  if (row.last_used_at === null || now - Number(row.last_used_at) >= LAST_USE_PRECISION_MS) {
    await ctx.db
      .updateTable('api_tokens')
      .set({ last_used_at: now, last_used_ip: ip })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    // The token acts as its creator, but never counts as a recent sign-in (no sensitive change).
    session: {
      id: `api-token:${row.id}`,
      userId: row.user_id,
      username: row.username,
      role: row.role,
      stage: 'full',
      expiresAt: Number.MAX_SAFE_INTEGER,
      authTime: null,
      amr: [],
      reauthAt: null,
      csrfKey: `api-token:${row.id}`,
    },
  };
}
