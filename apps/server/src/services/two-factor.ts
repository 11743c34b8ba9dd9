import { randomBytes } from 'node:crypto';
import { createAccount, encodeBase32, formatKeyURI } from '@kakunin/otp';
import { qrSVG } from '@kakunin/qr';
import { totpKeyContext } from '../crypto/secret-box.js';
import type { SessionStage } from '../db/schema.js';
import { AppError } from '../errors.js';
import { notify } from '../mail/notify.js';
import { revokeAppAccess } from '../oidc/revoke.js';
import { refuseLockedAccount } from './attempts/index.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { hasPasskey } from './passkeys/has-passkey.js';
import { hasSecondFactor, requireReauthentication, type SensitiveRequest } from './reauth.js';
import { replaceRecoveryCodes } from './recovery-codes.js';
import { enrollmentAuthentication, promoteSession } from './sessions.js';
import { getSettings, type TwoFactorPolicy } from './settings.js';
import { claimTOTPCode, normalizeTOTPCode, type StoredCredential } from './totp-code.js';

/** The signed-in user a two-factor operation is for. */
export interface AccountRef {
  userId: number;
  username: string;
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** A registration waits for its first code. */
  pending: boolean;
  recoveryCodesLeft: number;
  policy: TwoFactorPolicy;
}

/** What the registration dialog shows: the key as text, the otpauth:// URI and its QR code (SVG). */
export interface Enrollment {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** A user's two-factor state and the administrator's policy. */
export async function twoFactorStatus(ctx: ServiceContext, userId: number): Promise<TwoFactorStatus> {
  const [credentials, codes, settings] = await Promise.all([
    ctx.db.selectFrom('totp_credentials').select('state').where('user_id', '=', userId).execute(),
    ctx.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow(),
    getSettings(ctx),
  ]);
  return {
    enabled: credentials.some((row) => row.state === 'active'),
    pending: credentials.some((row) => row.state === 'pending'),
    recoveryCodesLeft: Number(codes.n),
    policy: settings.twoFactor,
  };
}

/**
 * Starts a registration with a new random 160-bit key, stored encrypted as *pending*: unusable for
 * sign-in until confirmed. An active key (re-registration) keeps working meanwhile. Replaces any
 * earlier pending key. Passes the re-authentication rule first (a stolen session cannot put its own
 * key in). Throws TWO_FACTOR_DISABLED when the policy is off, and what requireReauthentication throws.
 */
export async function startEnrollment(
  ctx: ServiceContext,
  request: SensitiveRequest,
  random: (n: number) => Uint8Array = randomBytes,
): Promise<Enrollment> {
  if ((await getSettings(ctx)).twoFactor === 'off') throw new AppError('TWO_FACTOR_DISABLED');
  const account = accountOf(request);
  await requireReauthentication(ctx, request, 'two_factor.enroll');
  const secret = new Uint8Array(random(20));
  const box = ctx.box.seal(secret, totpKeyContext(account.userId));
  await ctx.db
    .deleteFrom('totp_credentials')
    .where('user_id', '=', account.userId)
    .where('state', '=', 'pending')
    .execute();
  await ctx.db
    .insertInto('totp_credentials')
    .values({
      user_id: account.userId,
      state: 'pending',
      secret_box: box,
      last_step: -1,
      created_at: ctx.now(),
    })
    .execute();
  return describeEnrollment(ctx, account.username, secret);
}

/** The registration waiting for confirmation (to show its QR code again), or undefined. */
export async function getPendingEnrollment(
  ctx: ServiceContext,
  account: AccountRef,
): Promise<Enrollment | undefined> {
  const pending = await credential(ctx, account.userId, 'pending');
  if (!pending) return undefined;
  return describeEnrollment(
    ctx,
    account.username,
    ctx.box.open(pending.secret_box, totpKeyContext(account.userId)),
  );
}

async function describeEnrollment(
  ctx: ServiceContext,
  username: string,
  secret: Uint8Array,
): Promise<Enrollment> {
  const otpauthUri = formatKeyURI(createAccount({ secret, issuer: ctx.issuer, name: username }));
  const qrSvg = qrSVG(otpauthUri);
  return { secret: encodeBase32(secret), otpauthUri, qrSvg };
}

/** The session a registration is confirmed in: its cookie token and its stage. */
export interface EnrollingSession {
  token: string | undefined;
  stage: SessionStage;
}

/**
 * Confirms the pending key with a current code: it becomes the active key (replacing an older one),
 * ten new recovery codes replace the old ones (returned once, in plain text), and the session goes on
 * fully signed in under a NEW token — a privilege change, committed with the key or not at all, as at
 * sign-in. Throws NO_PENDING_ENROLLMENT, MALFORMED_CODE, INVALID_CODE, UNAUTHENTICATED.
 */
export async function confirmEnrollment(
  ctx: ServiceContext,
  account: AccountRef,
  input: { code: unknown; session: EnrollingSession },
  actor: Actor,
): Promise<{ recoveryCodes: string[]; rekeyed: boolean; session: { token: string; expiresAt: number } }> {
  const code = normalizeTOTPCode(input.code);
  const token = input.session.token;
  if (token === undefined) throw new AppError('UNAUTHENTICATED');
  const pending = await credential(ctx, account.userId, 'pending');
  if (!pending) throw new AppError('NO_PENDING_ENROLLMENT');
  await refuseLockedAccount(ctx, account);
  if (!(await claimTOTPCode(ctx, account.userId, pending, code))) throw new AppError('INVALID_CODE');
  const { recoveryCodes, rekeyed, session } = await ctx.db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('totp_credentials')
      .where('user_id', '=', account.userId)
      .where('state', '=', 'active')
      .executeTakeFirst();
    const activated = await trx
      .updateTable('totp_credentials')
      .set({ state: 'active' })
      .where('id', '=', pending.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    // A registration started meanwhile replaced this key: roll back, the old key stays.
    if (activated.numUpdatedRows !== 1n) throw new AppError('NO_PENDING_ENROLLMENT');
    const codes = await replaceRecoveryCodes(trx, ctx.recoveryCodeKey, account.userId);
    const auth = enrollmentAuthentication(ctx, input.session);
    const promoted = await promoteSession({ ...ctx, db: trx }, token, input.session.stage, 'full', auth);
    // The session ended meanwhile (signed out, reset): nothing is registered.
    if (!promoted) throw new AppError('UNAUTHENTICATED');
    return { recoveryCodes: codes, rekeyed: removed.numDeletedRows > 0n, session: promoted };
  });
  await recordAudit(ctx, {
    event: rekeyed ? 'two_factor.rekeyed' : 'two_factor.enabled',
    actor,
    target: account.username,
  });
  return { recoveryCodes, rekeyed, session };
}

/**
 * Turns two-factor authentication off, after the re-authentication rule. Throws TWO_FACTOR_REQUIRED
 * when the administrator requires it, and what requireReauthentication throws.
 */
export async function disableTwoFactor(ctx: ServiceContext, request: SensitiveRequest): Promise<void> {
  if ((await getSettings(ctx)).twoFactor === 'required') throw new AppError('TWO_FACTOR_REQUIRED');
  const account = accountOf(request);
  await requireActive(ctx, account.userId);
  await requireReauthentication(ctx, request, 'two_factor.disable');
  // Passkeys that stay are still a second factor: their recovery codes stay with them.
  if (await hasPasskey(ctx, account.userId))
    await ctx.db.deleteFrom('totp_credentials').where('user_id', '=', account.userId).execute();
  else await removeTwoFactor(ctx, account.userId);
  // Apps were told this person signed in with two factors; they sign in again with what is left.
  await revokeAppAccess(ctx, account.userId);
  await recordAudit(ctx, { event: 'two_factor.disabled', actor: request.actor, target: account.username });
  notify(ctx, { userId: account.userId }, 'two_factor_disabled');
}

/** Replaces the recovery codes after the re-authentication rule; the old codes stop working. */
export async function regenerateRecoveryCodes(
  ctx: ServiceContext,
  request: SensitiveRequest,
): Promise<string[]> {
  const account = accountOf(request);
  // Any second factor has recovery codes beside it: an authenticator app, or passkeys alone.
  if (!(await hasSecondFactor(ctx, account.userId))) throw new AppError('TWO_FACTOR_NOT_ENABLED');
  await requireReauthentication(ctx, request, 'recovery_codes.regenerate');
  const recoveryCodes = await ctx.db
    .transaction()
    .execute((trx) => replaceRecoveryCodes(trx, ctx.recoveryCodeKey, account.userId));
  await recordAudit(ctx, {
    event: 'recovery_codes.regenerated',
    actor: request.actor,
    target: account.username,
  });
  return recoveryCodes;
}

/** Deletes a user's keys (active and pending) and recovery codes. */
export async function removeTwoFactor(ctx: ServiceContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('totp_credentials').where('user_id', '=', userId).execute();
  await ctx.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

async function credential(
  ctx: ServiceContext,
  userId: number,
  state: 'active' | 'pending',
): Promise<StoredCredential | undefined> {
  return ctx.db
    .selectFrom('totp_credentials')
    .select(['id', 'secret_box', 'last_step'])
    .where('user_id', '=', userId)
    .where('state', '=', state)
    .executeTakeFirst();
}

async function requireActive(ctx: ServiceContext, userId: number): Promise<StoredCredential> {
  const active = await credential(ctx, userId, 'active');
  if (!active) throw new AppError('TWO_FACTOR_NOT_ENABLED');
  return active;
}

function accountOf(request: SensitiveRequest): AccountRef {
  return { userId: request.session.userId, username: request.session.username };
}
