import { verifyPassword } from '../crypto/password.js';
import { normalizeRecoveryCode } from '../crypto/recovery-codes.js';
import type { AuthMethod } from '../db/schema.js';
import { AppError } from '../errors.js';
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
import { claimRecoveryCode, matchRecoveryCode } from './recovery-codes.js';
import { renewReauthenticated, type Session } from './sessions.js';
import { getSettings } from './settings.js';
import { claimTOTPCode, normalizeTOTPCode, type StoredCredential } from './totp-code.js';

/** How long a full sign-in or a re-authentication lets sensitive changes through without asking again. */
export const REAUTH_WINDOW_MS = 5 * 60_000;

/** Methods that prove a second factor; a session whose `amr` has none of them is password-only. */
const SECOND_FACTOR_METHODS: ReadonlySet<AuthMethod> = new Set<AuthMethod>(['otp', 'rec', 'hwk']);

/** What a request may bring to prove it is the person: a code (authenticator or recovery) or a password. */
export interface ReauthProof {
  /** A 6-digit code from the current key, or a recovery code (told apart by their shape). */
  code?: unknown;
  /** A recovery code given in its own field. */
  recoveryCode?: unknown;
  /** The password: enough only for a person without a second factor. */
  password?: unknown;
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
export type ReauthMethods = ['otp', 'rec'] | ['pwd'];

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
  const active = await activeCredential(ctx, session.userId);
  if (hasProof(request.proof)) return checkProof(ctx, request, active, purpose);
  if (isRecentlyAuthenticated(session, active !== undefined, ctx.now())) return session;
  throw reauthenticationRequired(active !== undefined);
}

/**
 * The re-authentication step on its own (the page `/account/confirm` and `POST /api/me/reauthenticate`):
 * a proof is required even when the sign-in is recent, and it opens the 5-minute window under a new
 * session token. Returns the session as it now is.
 */
export async function reauthenticate(ctx: ServiceContext, request: SensitiveRequest): Promise<Session> {
  await refuseLockedAccount(ctx, request.session);
  const active = await activeCredential(ctx, request.session.userId);
  if (!hasProof(request.proof)) throw reauthenticationRequired(active !== undefined);
  return checkProof(ctx, request, active, 'reauthenticate');
}

/** Whether the person has a second factor (what the re-authentication form asks for). */
export async function hasSecondFactor(ctx: ServiceContext, userId: number): Promise<boolean> {
  return (await activeCredential(ctx, userId)) !== undefined;
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

/** What a person with or without a second factor proves themselves with. */
export function reauthMethods(hasSecondFactor: boolean): ReauthMethods {
  return hasSecondFactor ? ['otp', 'rec'] : ['pwd'];
}

function isRecentlyAuthenticated(session: Session, hasSecondFactor: boolean, now: number): boolean {
  // A password-only sign-in is not recent enough for a person who has a second factor since.
  return reauthenticatedUntil(session, hasSecondFactor, now) !== undefined;
}

function reauthenticationRequired(hasSecondFactor: boolean): AppError {
  return new AppError('REAUTHENTICATION_REQUIRED', { methods: reauthMethods(hasSecondFactor) });
}

function hasProof(proof: ReauthProof | undefined): proof is ReauthProof {
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  return proof !== undefined && (given(proof.code) || given(proof.recoveryCode) || given(proof.password));
}

async function checkProof(
  ctx: ServiceContext,
  request: SensitiveRequest,
  active: StoredCredential | undefined,
  purpose: string,
): Promise<Session> {
  const { session, actor } = request;
  const proof = request.proof ?? {};
  const method = active ? await checkFactor(ctx, session, active, proof, actor, purpose) : undefined;
  if (!active) {
    const ip = actor.ip ?? 'unknown';
    const { lockout } = await getSettings(ctx);
    const keys = [addressKey(ctx, ip), passwordKey(session.username, undefined, lockout)];
    const checked = await ctx.hashGate.run(ip, () =>
      guardAttempt(ctx, keys, async () => {
        const user = await ctx.db
          .selectFrom('users')
          .select('password_hash')
          .where('id', '=', session.userId)
          .executeTakeFirstOrThrow();
        const right =
          typeof proof.password === 'string' &&
          proof.password.length <= 1024 &&
          (await verifyPassword(user.password_hash, proof.password));
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

/** Checks a code from the current key or a recovery code (used up on success). */
async function checkFactor(
  ctx: ServiceContext,
  session: Session,
  active: StoredCredential,
  proof: ReauthProof,
  actor: Actor,
  purpose: string,
): Promise<AuthMethod> {
  const text = proof.recoveryCode ?? proof.code;
  // A password alone does not prove anything to a person who has a second factor.
  if (text === undefined || text === null || text === '') throw reauthenticationRequired(true);
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
      return 'rec';
    }
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

async function activeCredential(ctx: ServiceContext, userId: number): Promise<StoredCredential | undefined> {
  return ctx.db
    .selectFrom('totp_credentials')
    .select(['id', 'secret_box', 'last_step'])
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
}
