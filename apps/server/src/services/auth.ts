import type { Kysely } from 'kysely';
import { verifyDummyPassword, verifyPassword } from '../crypto/password.js';
import { normalizeRecoveryCode } from '../crypto/recovery-codes.js';
import { hashToken } from '../crypto/tokens.js';
import type { DB, Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { clearAccountFailures, lockedError, lockRemaining, recordAccountFailure } from './lockout.js';
import { claimRecoveryCode, matchRecoveryCode } from './recovery-codes.js';
import { createSession, promoteSession } from './sessions.js';
import { getSettings } from './settings.js';
import { claimTOTPStep, matchTOTPCode, normalizeTOTPCode } from './totp-code.js';
import { normalizeUsername } from './users.js';

/** Wrong codes one pending sign-in may try before it is dropped. */
export const MAX_CODE_ATTEMPTS = 5;

export type LoginStatus = 'ok' | 'second_factor_required' | 'enrollment_required';

/** A new session and what it still needs: nothing, a code, or an authenticator registration. */
export interface LoginResult {
  status: LoginStatus;
  token: string;
  expiresAt: number;
  username: string;
  role: Role;
}

/**
 * The password step. Failures count toward the account lock and the per-address limit. A locked
 * account is refused without looking at the password, and with the same answer as a wrong password
 * for an unknown name (after as long), so neither the lock nor the name's existence shows here.
 * Throws INVALID_CREDENTIALS, TOO_MANY_REQUESTS.
 */
export async function login(
  ctx: ServiceContext,
  input: { username: unknown; password: unknown; ip: string },
): Promise<LoginResult> {
  await checkAddress(ctx, input.ip);
  const password =
    typeof input.password === 'string' && input.password.length <= 1024 ? input.password : undefined;
  let username: string | undefined;
  try {
    username = normalizeUsername(input.username);
  } catch {
    username = undefined;
  }
  const user =
    username === undefined
      ? undefined
      : await ctx.db
          .selectFrom('users')
          .leftJoin('totp_credentials', (join) =>
            join
              .onRef('totp_credentials.user_id', '=', 'users.id')
              .on('totp_credentials.state', '=', 'active'),
          )
          .select(['users.id', 'users.username', 'users.role', 'users.password_hash', 'users.locked_until'])
          .select('totp_credentials.id as credential_id')
          .where('users.username', '=', username)
          .executeTakeFirst();
  const actor: Actor = { username: username ?? null, ip: input.ip };
  if (!user || password === undefined) {
    if (password !== undefined) await verifyDummyPassword(password);
    await ctx.ipLimiter.recordFailure(input.ip);
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (lockRemaining(user, ctx.now()) !== undefined) {
    await verifyDummyPassword(password);
    await ctx.ipLimiter.recordFailure(input.ip);
    await recordAudit(ctx, { event: 'login.refused_locked', actor, target: user.username });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!(await verifyPassword(user.password_hash, password))) {
    try {
      await countFailure(ctx, user.id, user.username, actor, 'login.password_failed');
    } catch (error) {
      // The failure that locks the account reads like any other wrong password.
      if (!(error instanceof AppError && error.code === 'ACCOUNT_LOCKED')) throw error;
    }
    throw new AppError('INVALID_CREDENTIALS');
  }
  const { twoFactor } = await getSettings(ctx);
  const status: LoginStatus =
    twoFactor === 'off'
      ? 'ok'
      : user.credential_id !== null
        ? 'second_factor_required'
        : twoFactor === 'required'
          ? 'enrollment_required'
          : 'ok';
  const stage =
    status === 'ok' ? 'full' : status === 'second_factor_required' ? 'second_factor' : 'enrollment';
  // The password is all the factors of a person without a registered authenticator.
  const auth = { time: stage === 'second_factor' ? null : ctx.now(), amr: ['pwd' as const] };
  const session = await createSession(ctx, { userId: user.id, stage, ip: input.ip, auth });
  if (status === 'ok') {
    await clearAccountFailures(ctx, user.id);
    await recordAudit(ctx, {
      event: 'login.succeeded',
      actor,
      target: user.username,
      details: { method: 'password' },
    });
  }
  return { status, ...session, username: user.username, role: user.role };
}

/**
 * The second factor with a TOTP code, for a session waiting for one. On success the session gets a
 * NEW token (the old one stops working). Throws MALFORMED_CODE, NO_PENDING_LOGIN, INVALID_CODE,
 * ACCOUNT_LOCKED (without revealing whether the code was right), TOO_MANY_REQUESTS.
 */
export async function loginWithTOTP(
  ctx: ServiceContext,
  input: { token: string | undefined; code: unknown; ip: string },
): Promise<LoginResult> {
  const code = normalizeTOTPCode(input.code);
  const pending = await pendingLogin(ctx, input.token, input.ip);
  if (pending.credential_id === null || pending.secret_box === null || pending.last_step === null) {
    throw new AppError('NO_PENDING_LOGIN');
  }
  const credential = {
    id: pending.credential_id,
    secret_box: pending.secret_box,
    last_step: pending.last_step,
  };
  const match = matchTOTPCode(ctx, pending.user_id, credential, code);
  const claim =
    match === undefined || match.used
      ? undefined
      : (db: Kysely<DB>) => claimTOTPStep(db, credential.id, match.step);
  // A right code whose step was already accepted (or is taken by a concurrent request) is a replay:
  // said as such to the person, audited as such for the administrator.
  return finishSecondFactor(ctx, pending, claim, input, 'totp', match !== undefined);
}

/** The second factor with a recovery code; each code works once. Same errors as loginWithTOTP. */
export async function loginWithRecoveryCode(
  ctx: ServiceContext,
  input: { token: string | undefined; code: unknown; ip: string },
): Promise<LoginResult> {
  const code =
    typeof input.code === 'string' && input.code.length <= 64 ? normalizeRecoveryCode(input.code) : undefined;
  if (code === undefined) {
    throw new AppError(
      'MALFORMED_CODE',
      undefined,
      'A recovery code is 16 letters and digits in groups of four, like k3m9-q7xw-2pzd-8fhn.',
    );
  }
  const pending = await pendingLogin(ctx, input.token, input.ip);
  const match = await matchRecoveryCode(ctx, pending.user_id, code);
  const claim = match === undefined ? undefined : (db: Kysely<DB>) => claimRecoveryCode(db, match, ctx.now());
  return finishSecondFactor(ctx, pending, claim, input, 'recovery_code', false);
}

type PendingLogin = Awaited<ReturnType<typeof selectPendingLogin>> & object;

function selectPendingLogin(ctx: ServiceContext, token: string) {
  // One query fetches everything the code check needs: session, user, lock state and active key.
  return ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('totp_credentials', (join) =>
      join.onRef('totp_credentials.user_id', '=', 'users.id').on('totp_credentials.state', '=', 'active'),
    )
    .select(['sessions.user_id', 'sessions.stage', 'users.username', 'users.role', 'users.locked_until'])
    .select(['users.failed_count', 'users.consecutive_failures'])
    .select([
      'totp_credentials.id as credential_id',
      'totp_credentials.secret_box',
      'totp_credentials.last_step',
    ])
    .where('sessions.id', '=', hashToken(token))
    .where('sessions.expires_at', '>', ctx.now())
    .executeTakeFirst();
}

async function pendingLogin(
  ctx: ServiceContext,
  token: string | undefined,
  ip: string,
): Promise<PendingLogin> {
  await checkAddress(ctx, ip);
  const pending = token ? await selectPendingLogin(ctx, token) : undefined;
  if (pending?.stage !== 'second_factor') throw new AppError('NO_PENDING_LOGIN');
  const locked = lockRemaining(pending, ctx.now());
  // A locked account is refused before the code is looked at: the answer cannot tell right from wrong.
  if (locked !== undefined) {
    await recordAudit(ctx, {
      event: 'login.refused_locked',
      actor: { username: pending.username, ip },
      target: pending.username,
    });
    throw lockedError(locked);
  }
  return pending;
}

async function finishSecondFactor(
  ctx: ServiceContext,
  pending: PendingLogin,
  claim: ((db: Kysely<DB>) => Promise<boolean>) | undefined,
  input: { token: string | undefined; ip: string },
  method: 'totp' | 'recovery_code',
  /** The code was right but its time step was already used: a failure is a replay. */
  rightCode: boolean,
): Promise<LoginResult> {
  const token = input.token as string;
  const actor: Actor = { username: pending.username, ip: input.ip };
  // The claim and everything a success writes share one transaction: one commit (one fsync) per
  // sign-in, and a sign-in that vanished meanwhile gives its code back.
  const session =
    claim &&
    (await ctx.db.transaction().execute(async (trx) => {
      if (!(await claim(trx))) return undefined;
      const tx: ServiceContext = { ...ctx, db: trx };
      const promoted = await promoteSession(tx, token, 'second_factor', 'full', {
        time: ctx.now(),
        amr: ['pwd', method === 'totp' ? 'otp' : 'rec'],
      });
      if (!promoted) throw new AppError('NO_PENDING_LOGIN');
      if (pending.failed_count > 0 || pending.consecutive_failures > 0)
        await clearAccountFailures(tx, pending.user_id);
      if (method === 'recovery_code')
        await recordAudit(tx, { event: 'recovery_code.used', actor, target: pending.username });
      await recordAudit(tx, {
        event: 'login.succeeded',
        actor,
        target: pending.username,
        details: { method },
      });
      return promoted;
    }));
  if (!session) {
    await countCodeAttempt(ctx, token);
    const event = rightCode ? 'login.code_replayed' : 'login.code_failed';
    await countFailure(ctx, pending.user_id, pending.username, actor, event, { method });
    throw new AppError(rightCode ? 'CODE_ALREADY_USED' : 'INVALID_CODE');
  }
  return { status: 'ok', ...session, username: pending.username, role: pending.role };
}

/** One more wrong code on a pending sign-in; the sign-in is dropped at MAX_CODE_ATTEMPTS. */
async function countCodeAttempt(ctx: ServiceContext, token: string): Promise<void> {
  const id = hashToken(token);
  const row = await ctx.db
    .updateTable('sessions')
    .set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) }))
    .where('id', '=', id)
    .returning('code_attempts')
    .executeTakeFirst();
  if (row && row.code_attempts >= MAX_CODE_ATTEMPTS)
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
}

/**
 * Counts a failed password or code toward the account lock and the address limit, audits it, and
 * throws ACCOUNT_LOCKED when this failure locked the account.
 */
export async function countFailure(
  ctx: ServiceContext,
  userId: number,
  username: string,
  actor: Actor,
  event: 'login.password_failed' | 'login.code_failed' | 'login.code_replayed',
  details?: object,
): Promise<void> {
  const { lockout } = await getSettings(ctx);
  await ctx.ipLimiter.recordFailure(actor.ip ?? 'unknown');
  const { lockedFor } = await recordAccountFailure(ctx, userId, lockout);
  await recordAudit(ctx, { event, actor, target: username, ...(details ? { details } : {}) });
  if (lockedFor !== undefined) {
    await recordAudit(ctx, {
      event: 'account.locked',
      actor,
      target: username,
      details: { retryAfterSeconds: lockedFor },
    });
    throw lockedError(lockedFor);
  }
}

async function checkAddress(ctx: ServiceContext, ip: string): Promise<void> {
  const retryAfterSeconds = await ctx.ipLimiter.retryAfterSeconds(ip);
  if (retryAfterSeconds > 0) throw new AppError('TOO_MANY_REQUESTS', { retryAfterSeconds });
}
