import { verifyPassword } from '../crypto/password.js';
import { normalizeRecoveryCode } from '../crypto/recovery-codes.js';
import type { AuthMethod } from '../db/schema.js';
import { AppError } from '../errors.js';
import { notifyRecoveryCodeUsed } from '../mail/recovery-code-notices.js';
import {
  addressKey,
  attemptKeys,
  type GuardedKey,
  guardAttempt,
  passwordKey,
  refuseFailedAttempt,
  refuseLockedAccount,
  secondFactorKey,
} from './attempts/index.js';
import { recordAudit } from './audit.js';
import type { Actor, ServiceContext } from './context.js';
import { PasskeyRefusedError, verifyPasskeyAssertion } from './passkeys/assert.js';
import { hasPasskey } from './passkeys/has-passkey.js';
import { claimRecoveryCode, matchRecoveryCode } from './recovery-codes.js';
import { renewReauthenticated, type Session } from './sessions.js';
import { getSettings } from './settings.js';
import { claimTOTPCode, normalizeTOTPCode, type StoredCredential } from './totp-code.js';

/** How long a full sign-in or a re-authentication lets sensitive changes through without asking again. */
export const REAUTH_WINDOW_MS = 5 * 60_000;

/** Methods that prove a second factor; a session whose `amr` has none of them is password-only. */
const SECOND_FACTOR_METHODS: ReadonlySet<AuthMethod> = new Set<AuthMethod>(['otp', 'rec', 'hwk', 'pop']);

/** What a request may bring to prove it is the person: a code (authenticator or recovery) or a password. */
export interface ReauthProof {
  /** A 6-digit code from the current key, or a recovery code (told apart by their shape). */
  code?: unknown;
  /** A recovery code given in its own field. */
  recoveryCode?: unknown;
  /** The password: enough only for a person without a second factor. */
  password?: unknown;
  /** A passkey's answer (JSON, as @simplewebauthn/browser returns it) to a `reauthenticate` challenge. */
  passkey?: unknown;
}

/** A sensitive change asked for by a signed-in session. */
export interface SensitiveRequest {
  session: Session;
  proof?: ReauthProof | undefined;
  actor: Actor;
  /** Told the session's new token when a proof renewed it (the caller sets the cookie). */
  onRenewed?: ((renewed: { token: string; expiresAt: number; session: Session }) => void) | undefined;
}

/** What the person can prove with: the answer to REAUTHENTICATION_REQUIRED and the page's form. */
export type ReauthMethods = ('otp' | 'pop' | 'rec')[] | ['pwd'];

/** The person's second factors: the active authenticator key, and whether they have a passkey. */
export interface SecondFactors {
  totp: StoredCredential | undefined;
  passkey: boolean;
}

/**
 * THE rule for every sensitive change (re-keying or removing a second factor, new recovery codes,
 * and later passkeys, password, email, API tokens, ending other sessions): the account is not
 * locked, and the person either proves a current factor with this request (a code from the current
 * key or a recovery code; the password only when there is no second factor) or proved all their
 * factors within the last 5 minutes. A proof given is always checked (a wrong one is a failure
 * counted toward the lock, never ignored). A proof renews the session's token (`onRenewed`); the
 * session as it now is comes back. Throws ACCOUNT_LOCKED, REAUTHENTICATION_REQUIRED
 * (details.methods), INVALID_CODE, WRONG_PASSWORD, MALFORMED_CODE.
 * @see OWASP ASVS 5.0 V6.3 / V7.5 (re-authentication before sensitive changes)
 */
export async function requireReauthentication(
  ctx: ServiceContext,
  request: SensitiveRequest,
  purpose: string,
): Promise<Session> {
  const { session } = request;
  await refuseLockedAccount(ctx, session);
  const factors = await secondFactors(ctx, session.userId);
  if (hasProof(request.proof)) return checkProof(ctx, request, factors, purpose);
  if (isRecentlyAuthenticated(session, hasFactor(factors), ctx.now())) return session;
  throw reauthenticationRequired(factors);
}

/**
 * The re-authentication step on its own (the page `/account/confirm` and `POST /api/me/reauthenticate`):
 * a proof is required even when the sign-in is recent, and it opens the 5-minute window under a new
 * session token. Returns the session as it now is.
 */
export async function reauthenticate(ctx: ServiceContext, request: SensitiveRequest): Promise<Session> {
  await refuseLockedAccount(ctx, request.session);
  const factors = await secondFactors(ctx, request.session.userId);
  if (!hasProof(request.proof)) throw reauthenticationRequired(factors);
  return checkProof(ctx, request, factors, 'reauthenticate');
}

/** Whether the person has a second factor: an authenticator app or a passkey. */
export async function hasSecondFactor(ctx: ServiceContext, userId: number): Promise<boolean> {
  return hasFactor(await secondFactors(ctx, userId));
}

/** The person's second factors (what the re-authentication form offers). */
export async function secondFactors(ctx: ServiceContext, userId: number): Promise<SecondFactors> {
  const [totp, passkey] = await Promise.all([activeCredential(ctx, userId), hasPasskey(ctx, userId)]);
  return { totp, passkey };
}

/**
 * Whether the person proves a sensitive change on the confirm page rather than in the form: the forms'
 * proof field takes a code, and their only second factors are passkeys.
 */
export function provesOnConfirmPage(factors: SecondFactors): boolean {
  return factors.totp === undefined && factors.passkey;
}

function hasFactor(factors: SecondFactors): boolean {
  return factors.totp !== undefined || factors.passkey;
}

/** Until when (epoch ms) sensitive changes need no new proof; undefined when they need one now. */
export function reauthenticatedUntil(
  session: Session,
  hasSecondFactor: boolean,
  now: number,
): number | undefined {
  const times = [session.reauthAt];
  if (!hasSecondFactor || session.amr.some((method) => SECOND_FACTOR_METHODS.has(method)))
    times.push(session.authTime);
  const latest = Math.max(...times.map((time) => (time === null || time > now ? -1 : time)));
  return latest >= 0 && now - latest <= REAUTH_WINDOW_MS ? latest + REAUTH_WINDOW_MS : undefined;
}

/** What a person proves themselves with: their second factors and recovery codes, or the password. */
export function reauthMethods(factors: { totp: unknown; passkey: boolean }): ReauthMethods {
  const methods: ('otp' | 'pop' | 'rec')[] = [];
  if (factors.totp !== undefined) methods.push('otp');
  if (factors.passkey) methods.push('pop');
  return methods.length === 0 ? ['pwd'] : [...methods, 'rec'];
}

function isRecentlyAuthenticated(session: Session, hasSecondFactor: boolean, now: number): boolean {
  // A password-only sign-in is not recent enough for a person who has a second factor since.
  return reauthenticatedUntil(session, hasSecondFactor, now) !== undefined;
}

function reauthenticationRequired(factors: SecondFactors): AppError {
  return new AppError('REAUTHENTICATION_REQUIRED', { methods: reauthMethods(factors) });
}

function hasProof(proof: ReauthProof | undefined): proof is ReauthProof {
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  return (
    proof !== undefined &&
    (given(proof.code) || given(proof.recoveryCode) || given(proof.password) || given(proof.passkey))
  );
}

async function checkProof(
  ctx: ServiceContext,
  request: SensitiveRequest,
  factors: SecondFactors,
  purpose: string,
): Promise<Session> {
  const { session, actor } = request;
  const proof = request.proof ?? {};
  const method = hasFactor(factors)
    ? await checkFactor(ctx, session, factors, proof, actor, purpose)
    : undefined;
  if (!hasFactor(factors)) await verifyCurrentPassword(ctx, request, proof.password, purpose);
  const renewed = await renewReauthenticated(ctx, session);
  if (!renewed) throw new AppError('UNAUTHENTICATED');
  request.onRenewed?.(renewed);
  await recordAudit(ctx, {
    event: 'reauthenticated',
    actor,
    target: session.username,
    details: { method: method ?? 'pwd', purpose },
  });
  return renewed.session;
}

/**
 * Checks the person's current password, guarded like the sign-in's (the address limit and the
 * account's password counter; a wrong one counts toward the lock). Throws WRONG_PASSWORD,
 * ACCOUNT_LOCKED, TOO_MANY_REQUESTS.
 */
export async function verifyCurrentPassword(
  ctx: ServiceContext,
  request: Pick<SensitiveRequest, 'session' | 'actor'>,
  password: unknown,
  purpose: string,
): Promise<void> {
  const { session, actor } = request;
  const ip = actor.ip ?? 'unknown';
  const { lockout } = await getSettings(ctx);
  // The session passed the password step: its guesses get an allowance of their own, as a browser
  // with a device cookie does, so a guesser elsewhere holding the lock shared by unknown browsers
  // cannot stop the person from confirming a change, and a stolen session guesses no further.
  const inSession = {
    username: session.username,
    id: `session-${session.userId}-${session.id.slice(0, 16)}`,
  };
  const keys = [addressKey(ctx, ip), passwordKey(session.username, inSession, lockout)];
  const checked = await ctx.hashGate.run(ip, () =>
    guardAttempt(ctx, keys, async () => {
      const user = await ctx.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', session.userId)
        .executeTakeFirstOrThrow();
      const right =
        typeof password === 'string' &&
        password.length <= 1024 &&
        (await verifyPassword(user.password_hash, password));
      return right ? true : undefined;
    }),
  );
  if (!checked.ok) {
    await refuseFailedAttempt(
      ctx,
      checked,
      { event: 'login.password_failed', actor, target: session.username, details: { during: purpose } },
      new AppError('WRONG_PASSWORD'),
    );
  }
}

/** Checks a passkey's answer, a code from the current key or a recovery code (used up on success). */
async function checkFactor(
  ctx: ServiceContext,
  session: Session,
  factors: SecondFactors,
  proof: ReauthProof,
  actor: Actor,
  purpose: string,
): Promise<AuthMethod> {
  if (proof.passkey !== undefined && proof.passkey !== null && proof.passkey !== '') {
    return checkPasskey(ctx, session, proof.passkey, actor, purpose);
  }
  const active = factors.totp;
  const text = proof.recoveryCode ?? proof.code;
  // A password alone does not prove anything to a person who has a second factor.
  if (text === undefined || text === null || text === '') throw reauthenticationRequired(factors);
  const recovery =
    proof.recoveryCode !== undefined ||
    (typeof text === 'string' && !/^\d{6}$/.test(text.normalize('NFKC').replace(/\s/g, '')));
  const recoveryCode = recovery
    ? typeof text === 'string' && text.length <= 64
      ? normalizeRecoveryCode(text)
      : undefined
    : undefined;
  if (recovery && recoveryCode === undefined) throw new AppError('MALFORMED_CODE');
  const totpCode = recovery ? undefined : normalizeTOTPCode(text);
  const { lockout } = await getSettings(ctx);
  const counter = recovery ? attemptKeys.recovery(session.userId) : attemptKeys.totp(session.userId);
  const keys: GuardedKey[] = [addressKey(ctx, actor.ip ?? 'unknown'), secondFactorKey(counter, lockout)];
  const outcome = await guardAttempt(ctx, keys, async (): Promise<AuthMethod | undefined> => {
    if (recoveryCode !== undefined) {
      const match = await matchRecoveryCode(ctx, session.userId, recoveryCode);
      if (match === undefined || !(await claimRecoveryCode(ctx.db, match, ctx.now()))) return undefined;
      await recordAudit(ctx, { event: 'recovery_code.used', actor, target: session.username });
      notifyRecoveryCodeUsed(ctx, session.userId, actor.ip ?? '—');
      return 'rec';
    }
    if (!active) return undefined;
    return (await claimTOTPCode(ctx, session.userId, active, totpCode as string)) ? 'otp' : undefined;
  });
  if (outcome.ok) return outcome.value;
  return refuseFailedAttempt(
    ctx,
    outcome,
    { event: 'login.code_failed', actor, target: session.username, details: { during: purpose } },
    new AppError('INVALID_CODE'),
  );
}

/**
 * A passkey's answer to the challenge handed to this session for a re-authentication: guarded like a
 * code (the address limit and the account's passkey counter), audited when refused.
 */
async function checkPasskey(
  ctx: ServiceContext,
  session: Session,
  response: unknown,
  actor: Actor,
  purpose: string,
): Promise<AuthMethod> {
  const rp = ctx.relyingParty;
  const { lockout } = await getSettings(ctx);
  const keys: GuardedKey[] = [
    addressKey(ctx, actor.ip ?? 'unknown'),
    secondFactorKey(attemptKeys.passkey(session.userId), lockout),
  ];
  const outcome = await guardAttempt(ctx, keys, async (): Promise<AuthMethod | undefined> => {
    try {
      await verifyPasskeyAssertion(ctx, rp, {
        purpose: 'reauthenticate',
        binding: session.id,
        response,
        userId: session.userId,
        actor,
      });
      return 'pop';
    } catch (error) {
      if (error instanceof PasskeyRefusedError) return undefined;
      throw error;
    }
  });
  if (outcome.ok) return outcome.value;
  return refuseFailedAttempt(
    ctx,
    outcome,
    { event: 'login.passkey_failed', actor, target: session.username, details: { during: purpose } },
    new AppError('PASSKEY_REFUSED'),
  );
}

async function activeCredential(ctx: ServiceContext, userId: number): Promise<StoredCredential | undefined> {
  return ctx.db
    .selectFrom('totp_credentials')
    .select(['id', 'secret_box', 'last_step'])
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
}
