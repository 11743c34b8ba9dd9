import { type Kysely, type QueryCreator, sql } from 'kysely';
import { verifyDummyPassword, verifyPassword } from '../crypto/password.js';
import { normalizeRecoveryCode } from '../crypto/recovery-codes.js';
import { hashToken } from '../crypto/tokens.js';
import type { AuthMethod, DB, Role, SessionStage } from '../db/schema.js';
import { speaksPostgres } from '../db/speaks-postgres.js';
import { AppError } from '../errors.js';
import { notifyRecoveryCodeUsed } from '../mail/recovery-code-notices.js';
import {
  addressKey,
  attemptKeys,
  type Device,
  type GuardedKey,
  guardAttempt,
  passwordKey,
  refuseFailedAttempt,
  refuseLockedAddress,
  reportOutcome,
  secondFactorKey,
} from './attempts/index.js';
import { type AuditRecord, auditRow, recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { hasPasskey } from './passkeys/has-passkey.js';
import { claimRecoveryCode, matchRecoveryCode } from './recovery-codes.js';
import { createSession, parseAMR, sessionPromotion } from './sessions.js';
import { getSettings } from './settings.js';
import { claimTOTPStep, claimTOTPStepQuery, matchTOTPCode, normalizeTOTPCode } from './totp-code.js';
import { normalizeUsername } from './users.js';

/** Codes one pending sign-in may try before it is dropped. */
export const MAX_CODE_ATTEMPTS = 5;

export type LoginStatus =
  | 'ok'
  | 'second_factor_required'
  | 'enrollment_required'
  | 'password_change_required';

/** A new session and what it still needs: nothing, a code, or an authenticator registration. */
export interface LoginResult {
  status: LoginStatus;
  token: string;
  expiresAt: number;
  username: string;
  role: Role;
}

/**
 * The password step, guarded by the address limit and the account's counter (the browser's own one
 * when it brings a device cookie for this user). Throws INVALID_CREDENTIALS, ACCOUNT_LOCKED (the same
 * whether the password was right), TOO_MANY_REQUESTS, UNAVAILABLE (hashing queue full).
 */
export async function login(ctx: ServiceContext, input: PasswordInput): Promise<LoginResult> {
  try {
    return await reportOutcome(ctx, 'password', () => passwordStep(ctx, input));
  } catch (error) {
    // A locked password step reads like any wrong password (the lock shows only at the code step,
    // after the right password): neither the lock nor whether the name exists shows here.
    if (error instanceof AppError && error.code === 'ACCOUNT_LOCKED')
      throw new AppError('INVALID_CREDENTIALS');
    throw error;
  }
}

interface PasswordInput {
  username: unknown;
  password: unknown;
  ip: string;
  device?: Device | undefined;
  userAgent?: string | undefined;
}

async function passwordStep(ctx: ServiceContext, input: PasswordInput): Promise<LoginResult> {
  const password =
    typeof input.password === 'string' && input.password.length <= 1024 ? input.password : undefined;
  let username: string | undefined;
  try {
    username = normalizeUsername(input.username);
  } catch {
    username = undefined;
  }
  const { lockout, twoFactor } = await getSettings(ctx);
  const actor: Actor = { username: username ?? null, ip: input.ip };
  const keys: GuardedKey[] = [addressKey(ctx, input.ip)];
  // Unknown names get a counter too: a lock must not tell which accounts exist.
  if (username !== undefined) keys.push(passwordKey(username, input.device, lockout));
  let found: { id: number; username: string } | undefined;
  const outcome = await ctx.hashGate.run(input.ip, () =>
    guardAttempt(ctx, keys, async () => {
      const user = username === undefined ? undefined : await selectLoginUser(ctx, username);
      found = user;
      if (!user || password === undefined) {
        if (password !== undefined) await verifyDummyPassword(password);
        return undefined;
      }
      return (await verifyPassword(user.password_hash, password)) ? user : undefined;
    }),
  );
  if (!outcome.ok) {
    const details = input.device?.username === username ? { device: true } : undefined;
    return await refuseFailedAttempt(
      ctx,
      outcome,
      { event: 'login.password_failed', actor, target: found?.username, ...(details ? { details } : {}) },
      new AppError('INVALID_CREDENTIALS'),
    );
  }
  if (outcome.value.disabled_at !== null) {
    // Only the right password learns that the account is disabled: a guess learns nothing.
    await recordAudit(ctx, { event: 'login.refused_disabled', actor, target: outcome.value.username });
    throw new AppError('ACCOUNT_DISABLED');
  }
  return signedIn(ctx, outcome.value, twoFactor, actor, input);
}

async function signedIn(
  ctx: ServiceContext,
  user: NonNullable<Awaited<ReturnType<typeof selectLoginUser>>>,
  twoFactor: 'off' | 'allowed' | 'required',
  actor: Actor,
  client: { ip: string; userAgent?: string | undefined },
): Promise<LoginResult> {
  // A passkey or security key is a second factor in its own right, like an authenticator app.
  const hasSecondFactor =
    user.credential_id !== null || (twoFactor !== 'off' && (await hasPasskey(ctx, user.id)));
  const status: LoginStatus =
    twoFactor !== 'off' && hasSecondFactor
      ? 'second_factor_required'
      : user.must_change_password
        ? // A one-time password is replaced before anything else, registration included.
          'password_change_required'
        : twoFactor === 'required'
          ? 'enrollment_required'
          : 'ok';
  const stage = STAGE_OF[status];
  // The password is all the factors of a person without a registered authenticator.
  const auth = { time: stage === 'second_factor' ? null : ctx.now(), amr: ['pwd' as const] };
  const session = await createSession(ctx, {
    userId: user.id,
    stage,
    ip: client.ip,
    userAgent: client.userAgent,
    auth,
  });
  if (status === 'ok') {
    await recordAudit(ctx, {
      event: 'login.succeeded',
      actor,
      target: user.username,
      details: { method: 'password' },
    });
    ctx.events.emit('login.succeeded', 'password');
  } else ctx.events.emit('login.password_accepted');
  return { status, ...session, username: user.username, role: user.role };
}

/** The session stage each sign-in status leaves the session in. */
export const STAGE_OF: Readonly<Record<LoginStatus, SessionStage>> = {
  ok: 'full',
  second_factor_required: 'second_factor',
  enrollment_required: 'enrollment',
  password_change_required: 'password_change',
};

function selectLoginUser(ctx: ServiceContext, username: string) {
  return ctx.db
    .selectFrom('users')
    .leftJoin('totp_credentials', (join) =>
      join.onRef('totp_credentials.user_id', '=', 'users.id').on('totp_credentials.state', '=', 'active'),
    )
    .select([
      'users.id',
      'users.username',
      'users.role',
      'users.password_hash',
      'users.disabled_at',
      'users.must_change_password',
    ])
    .select('totp_credentials.id as credential_id')
    .where('users.username', '=', username)
    .executeTakeFirst();
}

/**
 * The second factor with a TOTP code, for a session waiting for one. On success the session gets a
 * NEW token (the old one stops working). Throws MALFORMED_CODE, NO_PENDING_LOGIN, INVALID_CODE,
 * ACCOUNT_LOCKED (without revealing whether the code was right), TOO_MANY_REQUESTS.
 */
export function loginWithTOTP(
  ctx: ServiceContext,
  input: { token: string | undefined; code: unknown; ip: string },
): Promise<LoginResult> {
  return reportOutcome(ctx, 'code', () => totpStep(ctx, input));
}

async function totpStep(
  ctx: ServiceContext,
  input: { token: string | undefined; code: unknown; ip: string },
): Promise<LoginResult> {
  const code = normalizeTOTPCode(input.code);
  await refuseLockedAddress(ctx, input.ip);
  const pending = await pendingLogin(ctx, input.token);
  if (pending.credential_id === null || pending.secret_box === null || pending.last_step === null) {
    throw new AppError('NO_PENDING_LOGIN');
  }
  const credential = {
    id: pending.credential_id,
    secret_box: pending.secret_box,
    last_step: pending.last_step,
  };
  // A right code whose step was already accepted (or is taken by a concurrent request) is a replay:
  // said as such to the person, audited as such for the administrator.
  return finishSecondFactor(ctx, pending, input, 'totp', async () => {
    const match = matchTOTPCode(ctx, pending.user_id, credential, code);
    if (match === undefined || match.used) return { claim: undefined, rightCode: match !== undefined };
    const step = match.step;
    const claim = (db: Kysely<DB>) => claimTOTPStep(db, credential.id, step);
    const claimQuery = (db: Kysely<DB>) => claimTOTPStepQuery(db, credential.id, step);
    return { claim, claimQuery, rightCode: true };
  });
}

/** The second factor with a recovery code; each code works once. Same errors as loginWithTOTP. */
export function loginWithRecoveryCode(
  ctx: ServiceContext,
  input: { token: string | undefined; code: unknown; ip: string },
): Promise<LoginResult> {
  return reportOutcome(ctx, 'recovery_code', () => recoveryCodeStep(ctx, input));
}

async function recoveryCodeStep(
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
  await refuseLockedAddress(ctx, input.ip);
  const pending = await pendingLogin(ctx, input.token);
  return finishSecondFactor(ctx, pending, input, 'recovery_code', async () => {
    const match = await matchRecoveryCode(ctx, pending.user_id, code);
    const claim =
      match === undefined ? undefined : (db: Kysely<DB>) => claimRecoveryCode(db, match, ctx.now());
    return { claim, rightCode: false };
  });
}

export type PendingLogin = Awaited<ReturnType<ReturnType<typeof pendingLoginQuery>['executeTakeFirst']>> &
  object;

function pendingLoginQuery(ctx: ServiceContext, id: string) {
  // One query fetches everything the code check needs: session, user and active key.
  return ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('totp_credentials', (join) =>
      join.onRef('totp_credentials.user_id', '=', 'users.id').on('totp_credentials.state', '=', 'active'),
    )
    .select([
      'sessions.user_id',
      'sessions.amr',
      'users.username',
      'users.role',
      'users.must_change_password',
    ])
    .select([
      'totp_credentials.id as credential_id',
      'totp_credentials.secret_box',
      'totp_credentials.last_step',
    ])
    .where('sessions.id', '=', id)
    .where('users.disabled_at', 'is', null);
}

/**
 * What a pending sign-in has proven so far: the password, or a passkey that did not verify the person
 * (a security key without PIN: one factor, so the code is still asked).
 */
export function firstFactor(amr: readonly AuthMethod[]): 'pwd' | 'pop' {
  return amr.includes('pop') && !amr.includes('pwd') ? 'pop' : 'pwd';
}

/**
 * The pending sign-in, after taking one of its MAX_CODE_ATTEMPTS places (reserved before the check
 * like every other counter, so parallel requests on one session cannot try more).
 */
export async function pendingLogin(ctx: ServiceContext, token: string | undefined): Promise<PendingLogin> {
  if (!token) throw new AppError('NO_PENDING_LOGIN');
  const id = hashToken(token);
  const reserve = (db: QueryCreator<DB>) =>
    db
      .updateTable('sessions')
      .set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) }))
      .where('id', '=', id)
      .where('stage', '=', 'second_factor')
      .where('expires_at', '>', ctx.now())
      .where('code_attempts', '<', MAX_CODE_ATTEMPTS);
  let reserved: boolean;
  let pending: PendingLogin | undefined;
  if (speaksPostgres(ctx.db)) {
    // One round trip: the reservation, and what the check needs read in the same statement.
    const row = await ctx.db
      .with('reserved', (db) => reserve(db).returning('id'))
      .selectFrom('reserved')
      .leftJoin(pendingLoginQuery(ctx, id).as('pending'), (join) => join.onTrue())
      .selectAll('pending')
      .select('reserved.id as reserved_id')
      .executeTakeFirst();
    reserved = row !== undefined;
    pending = row === undefined || row.user_id === null ? undefined : (row as PendingLogin);
  } else {
    reserved = (await reserve(ctx.db).executeTakeFirst()).numUpdatedRows === 1n;
    pending = reserved ? await pendingLoginQuery(ctx, id).executeTakeFirst() : undefined;
  }
  if (!reserved) {
    // Used up (or expired): the pending sign-in is dropped; only the password step can start again.
    await ctx.db.deleteFrom('sessions').where('id', '=', id).where('stage', '=', 'second_factor').execute();
    throw new AppError('NO_PENDING_LOGIN');
  }
  if (!pending) throw new AppError('NO_PENDING_LOGIN');
  return pending;
}

async function finishSecondFactor(
  ctx: ServiceContext,
  pending: PendingLogin,
  input: { token: string | undefined; ip: string },
  method: 'totp' | 'recovery_code',
  /** Checks the code: the claim of a right one, and whether it was right but already used. */
  match: () => Promise<CodeMatch>,
): Promise<LoginResult> {
  const token = input.token as string;
  const actor: Actor = { username: pending.username, ip: input.ip };
  const status = afterSecondFactor(pending);
  const { lockout } = await getSettings(ctx);
  let rightCode = false;
  const counter =
    method === 'totp' ? attemptKeys.totp(pending.user_id) : attemptKeys.recovery(pending.user_id);
  const outcome = await guardAttempt(
    ctx,
    [addressKey(ctx, input.ip), secondFactorKey(counter, lockout)],
    async () => {
      const { claim, claimQuery, rightCode: right } = await match();
      rightCode = right;
      if (!claim) return undefined;
      // The claim and everything a success writes share one transaction: one commit (one fsync) per
      // sign-in, and a sign-in that vanished meanwhile gives its code back.
      const promotion = sessionPromotion(ctx, hashToken(token), 'second_factor', STAGE_OF[status], {
        time: ctx.now(),
        amr: [firstFactor(parseAMR(pending.amr)), method === 'totp' ? 'otp' : 'rec'],
      });
      const audits: AuditRecord[] = [
        ...(method === 'recovery_code'
          ? [{ event: 'recovery_code.used' as const, actor, target: pending.username }]
          : []),
        { event: 'login.succeeded', actor, target: pending.username, details: { method } },
      ];
      return ctx.db.transaction().execute(async (trx) => {
        if (claimQuery && speaksPostgres(ctx.db)) {
          const { claimed, promoted } = await claimAndPromote(ctx, trx, claimQuery, promotion, audits);
          if (claimed && !promoted) throw new AppError('NO_PENDING_LOGIN');
          return promoted ? promotion.next : undefined;
        }
        if (!(await claim(trx))) return undefined;
        const promoted = await promotion.query(trx).executeTakeFirst();
        if (promoted.numUpdatedRows !== 1n) throw new AppError('NO_PENDING_LOGIN');
        for (const record of audits) await recordAudit({ ...ctx, db: trx }, record);
        return promotion.next;
      });
    },
  );
  if (!outcome.ok) {
    return refuseFailedAttempt(
      ctx,
      outcome,
      {
        event: rightCode ? 'login.code_replayed' : 'login.code_failed',
        actor,
        target: pending.username,
        details: { method },
      },
      new AppError(rightCode ? 'CODE_ALREADY_USED' : 'INVALID_CODE'),
    );
  }
  ctx.events.emit('login.succeeded', method);
  if (method === 'recovery_code') notifyRecoveryCodeUsed(ctx, pending.user_id, input.ip);
  return { status, ...outcome.value, username: pending.username, role: pending.role };
}

/**
 * Where a sign-in goes once the second factor is proven: on to replacing a one-time password (an
 * administrator's reset of a person who has a second factor), or signed in.
 */
export function afterSecondFactor(
  pending: Pick<PendingLogin, 'must_change_password'>,
): 'ok' | 'password_change_required' {
  return pending.must_change_password ? 'password_change_required' : 'ok';
}

/** What checking a second-factor code found: the claim of a right, unused code, and whether it was right. */
interface CodeMatch {
  claim: ((db: Kysely<DB>) => Promise<boolean>) | undefined;
  /** The same claim as a statement, for claimAndPromote. */
  claimQuery?: (db: Kysely<DB>) => ReturnType<typeof claimTOTPStepQuery>;
  rightCode: boolean;
}

/**
 * On PostgreSQL, the claim, the promotion and the audit entries of a sign-in as ONE statement (its
 * WITH clauses run together, in one round trip instead of three): the session is promoted only if this
 * statement claimed the step, and audited only if it was promoted. Run in the caller's transaction,
 * which rolls back a claim whose sign-in vanished meanwhile.
 */
async function claimAndPromote(
  ctx: ServiceContext,
  trx: Kysely<DB>,
  claimQuery: NonNullable<CodeMatch['claimQuery']>,
  promotion: ReturnType<typeof sessionPromotion>,
  audits: readonly AuditRecord[],
): Promise<{ claimed: boolean; promoted: boolean }> {
  const promote = promotion.query(trx).where(sql<boolean>`exists (select 1 from claimed)`).returning('id');
  const inserts = audits.map((record, index) => {
    const row = auditRow(ctx, record);
    return sql`audited_${sql.lit(index)} as (insert into audit_log (at, event, actor, target, ip, details)
      select cast(${row.at} as bigint), cast(${row.event} as text), cast(${row.actor} as text),
        cast(${row.target} as text), cast(${row.ip} as text), cast(${row.details} as text)
      from promoted)`;
  });
  const { rows } = await sql<{ claimed: boolean; promoted: boolean }>`
    with claimed as (${claimQuery(trx)}), promoted as (${promote}), ${sql.join(inserts)}
    select exists (select 1 from claimed) as claimed, exists (select 1 from promoted) as promoted`.execute(
    trx,
  );
  return { claimed: rows[0]?.claimed === true, promoted: rows[0]?.promoted === true };
}
