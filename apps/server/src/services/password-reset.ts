import { hashPassword } from '../crypto/password.js';
import { hashToken, randomToken } from '../crypto/tokens.js';
import { AppError } from '../errors.js';
import { inBackground, notify } from '../mail/notify.js';
import { addressKey, attemptKeys, guardAttempt } from './attempts/index.js';
import type { AttemptRule } from './attempts/store.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { checkPasswordPolicy } from './password-policy.js';
import { endUserSessions } from './sessions.js';

/** How long a password-reset link works. */
export const RESET_LINK_MINUTES = 30;

/** Links asked for per account and per address in an hour: more get no mail (accounts) or 429 (addresses). */
const PER_ACCOUNT: AttemptRule = { limit: 3, windowMs: 3600_000, lockMs: [3600_000] };
const PER_ADDRESS: AttemptRule = { limit: 10, windowMs: 3600_000, lockMs: [3600_000] };

/**
 * Someone asks for a password-reset link for a username or mail address. The answer is the same
 * whether or not such an account exists or has a mail address (nothing to enumerate); only an
 * address that asks too often gets TOO_MANY_REQUESTS. A new link replaces the account's previous
 * one; the mail goes out in the background.
 */
export async function requestPasswordReset(
  ctx: ServiceContext,
  input: { identifier: unknown; ip: string; resetURL: (token: string) => string },
): Promise<void> {
  const address = await ctx.attempts.reserve(attemptKeys.resetAddress(input.ip), PER_ADDRESS, ctx.now());
  if (!address.granted)
    throw new AppError('TOO_MANY_REQUESTS', {
      retryAfterSeconds: Math.ceil((address.retryAfterMs ?? 3600_000) / 1000),
    });
  const identifier =
    typeof input.identifier === 'string' ? input.identifier.normalize('NFKC').trim().toLowerCase() : '';
  if (identifier === '' || identifier.length > 256 || !ctx.mailer) return;
  // The rest runs after the answer: an existing account costs the asker no more time than none.
  inBackground(ctx, 'password_reset', () => sendResetLink(ctx, identifier, input));
}

async function sendResetLink(
  ctx: ServiceContext,
  identifier: string,
  input: { ip: string; resetURL: (token: string) => string },
): Promise<void> {
  const user = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'disabled_at'])
    .where((eb) => eb.or([eb('username', '=', identifier), eb('email', '=', identifier)]))
    .executeTakeFirst();
  // An unknown name takes a place in a counter of its own (asking for it is throttled all the same).
  const account = await ctx.attempts.reserve(
    attemptKeys.resetAccount(user ? user.id : identifier),
    PER_ACCOUNT,
    ctx.now(),
  );
  if (!user || !user.email || user.disabled_at !== null || !account.granted) return;
  const token = await issuePasswordLink(ctx, user.id, RESET_LINK_MINUTES);
  await recordAudit(ctx, {
    event: 'password_reset.requested',
    actor: { username: null, ip: input.ip },
    target: user.username,
  });
  notify(ctx, { userId: user.id }, 'password_reset', {
    link: input.resetURL(token),
    minutes: RESET_LINK_MINUTES,
  });
}

/**
 * A new single-use link token for setting the account's password, live for `minutes`; only its hash
 * is stored, and it replaces the account's previous link (one per account at a time).
 */
export async function issuePasswordLink(
  ctx: ServiceContext,
  userId: number,
  minutes: number,
): Promise<string> {
  const token = randomToken(32);
  const now = ctx.now();
  const row = { token_hash: hashToken(token), created_at: now, expires_at: now + minutes * 60_000 };
  await ctx.db
    .insertInto('password_resets')
    .values({ user_id: userId, ...row })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(row))
    .execute();
  return token;
}

/** The account a live reset link belongs to; INVALID_RESET_LINK otherwise (wrong, expired, used). */
export async function checkResetLink(
  ctx: ServiceContext,
  token: unknown,
  ip: string,
): Promise<{ userId: number; username: string }> {
  // Links are 256-bit random, but guesses still count toward the address limit like any other.
  const outcome = await guardAttempt(ctx, [addressKey(ctx, ip)], async () => {
    if (typeof token !== 'string' || token.length < 20 || token.length > 128) return undefined;
    return ctx.db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select(['users.id as userId', 'users.username'])
      .where('password_resets.token_hash', '=', hashToken(token))
      .where('password_resets.expires_at', '>', ctx.now())
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
  });
  if (!outcome.ok) throw new AppError('INVALID_RESET_LINK');
  return outcome.value;
}

/**
 * Sets a new password with a reset link: the link is used up (one atomic DELETE, so two tabs cannot
 * both use it), every session and app sign-in of the account ends, and nothing about the second
 * factor changes — the next sign-in still asks for it. No session is opened here.
 */
export async function completePasswordReset(
  ctx: ServiceContext,
  input: { token: unknown; password: unknown; ip: string },
): Promise<{ username: string }> {
  const account = await checkResetLink(ctx, input.token, input.ip);
  const password = await checkPasswordPolicy(ctx, input.password, account.username);
  const passwordHash = await hashPassword(password);
  const claimed = await ctx.db
    .deleteFrom('password_resets')
    .where('token_hash', '=', hashToken(input.token as string))
    .where('expires_at', '>', ctx.now())
    .executeTakeFirst();
  if (claimed.numDeletedRows !== 1n) throw new AppError('INVALID_RESET_LINK');
  await ctx.db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 0 })
    .where('id', '=', account.userId)
    .execute();
  await endUserSessions(ctx, account.userId);
  const actor: Actor = { username: null, ip: input.ip };
  await recordAudit(ctx, { event: 'password_reset.completed', actor, target: account.username });
  return { username: account.username };
}

/** Deletes expired reset links; run now and then. */
export async function deleteExpiredResetLinks(ctx: ServiceContext): Promise<void> {
  await ctx.db.deleteFrom('password_resets').where('expires_at', '<=', ctx.now()).execute();
}
