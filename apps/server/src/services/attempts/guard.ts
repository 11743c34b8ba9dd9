import { LOCKED_FOREVER } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { notify } from '../../mail/notify.js';
import { recordAudit } from '../audit.js';
import type { Actor, ServiceContext } from '../context.js';
import type { LockoutSettings } from '../settings.js';
import { addressRule, attemptKeys, passwordRule, secondFactorRule } from './rules.js';
import type { AttemptRule } from './store.js';

/** One counter an attempt must get a place in before its guess is checked. */
export interface GuardedKey {
  key: string;
  rule: AttemptRule;
  /** What a right guess does to it: `clear` (an account's counter) or give back `one` (an address). */
  release: 'clear' | 'one';
  /** The answer while it is locked: the same for a right and a wrong guess. */
  refuse: (retryAfterSeconds: number | null) => AppError;
  /** Whether a failure that locks this key says so (accounts) or not (the address limit). */
  announcesLock: boolean;
}

/** How a guarded guess ended. */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false /** Set when this failure locked an account key (seconds; null = for good). */;
      lockedFor?: number | null;
    };

/**
 * Reserve, check, release (ADR 0009). Takes a place in each key in order (refusing with that key's
 * error when it is locked, before anything secret is looked at), then runs `check`, which returns the
 * result of a right guess or undefined. A right guess releases every place; a wrong one leaves them
 * counted. Passwords, TOTP codes and recovery codes go through here, and so will passkeys.
 */
export async function guardAttempt<T>(
  ctx: ServiceContext,
  keys: readonly GuardedKey[],
  check: () => Promise<T | undefined>,
): Promise<AttemptOutcome<T>> {
  let lockedFor: number | null | undefined;
  for (const guarded of keys) {
    const reservation = await ctx.attempts.reserve(guarded.key, guarded.rule, ctx.now());
    if (!reservation.granted) {
      ctx.events.emit('attempt.refused', guarded.key);
      throw guarded.refuse(toSeconds(reservation.retryAfterMs));
    }
    if (reservation.lockedFor !== undefined && guarded.announcesLock && lockedFor === undefined)
      lockedFor = toSeconds(reservation.lockedFor);
  }
  const value = await check();
  if (value === undefined) return lockedFor === undefined ? { ok: false } : { ok: false, lockedFor };
  // The guess was right and its effect is stored; a counter that cannot be released now only keeps
  // one extra failure, so this never turns a success into an error.
  await ctx.attempts
    .release(keys.map((guarded) => ({ key: guarded.key, how: guarded.release })))
    .catch((error: unknown) => ctx.events.emit('attempt.release_failed', error));
  return { ok: true, value };
}

function toSeconds(ms: number | null): number | null {
  return ms === null ? null : Math.max(1, Math.ceil(ms / 1000));
}

/** The ACCOUNT_LOCKED error, with `retryAfterSeconds` (null = until unlocked). */
export function lockedError(retryAfterSeconds: number | null): AppError {
  return new AppError('ACCOUNT_LOCKED', { retryAfterSeconds });
}

/** The client address's place (every attempt counts, even one refused by an account lock). */
export function addressKey(ctx: ServiceContext, ip: string): GuardedKey {
  return {
    key: attemptKeys.address(ip),
    rule: addressRule(ctx.addressLimit),
    release: 'one',
    refuse: (retryAfterSeconds) => new AppError('TOO_MANY_REQUESTS', { retryAfterSeconds }),
    announcesLock: false,
  };
}

/**
 * Refuses an address that is locked, without taking a place: for steps that must look something up
 * (the pending sign-in) before they know every key of the attempt.
 */
export async function refuseLockedAddress(ctx: ServiceContext, ip: string): Promise<void> {
  const guarded = addressKey(ctx, ip);
  const now = ctx.now();
  const until = (await ctx.attempts.lockedUntil([guarded.key], now)).get(guarded.key);
  if (until !== undefined) throw guarded.refuse(toSeconds(until - now));
}

/**
 * Refuses, without taking a place, while a counter of the account's second factors is locked (the
 * code's, the recovery codes', the passkeys'): signed-in operations that check a factor call it
 * first, so a lock hides whether a guess was right there too. The password counter shared by unknown
 * browsers is not one of them: anyone can lock it, and the session already passed the password step
 * (a password asked again is guarded by that counter itself).
 */
export async function refuseLockedAccount(ctx: ServiceContext, account: { userId: number }): Promise<void> {
  const keys = [
    attemptKeys.totp(account.userId),
    attemptKeys.recovery(account.userId),
    attemptKeys.passkey(account.userId),
  ];
  const now = ctx.now();
  const locks = [...(await ctx.attempts.lockedUntil(keys, now)).values()];
  if (locks.length === 0) return;
  const longest = Math.max(...locks);
  throw lockedError(longest >= LOCKED_FOREVER ? null : toSeconds(longest - now));
}

/** A browser's proof that it passed the password step for `username` before (OWASP device cookie). */
export interface Device {
  username: string;
  id: string;
}

/**
 * The password step's place: the browser's own allowance when it holds a device cookie for this
 * user, otherwise the allowance shared by all unknown browsers, which an attacker can use up
 * without touching the owner's.
 */
export function passwordKey(
  username: string,
  device: Device | undefined,
  lockout: LockoutSettings,
): GuardedKey {
  const trusted = device !== undefined && device.username === username;
  return {
    key: trusted ? attemptKeys.device(username, device.id) : attemptKeys.password(username),
    rule: passwordRule(lockout),
    release: 'clear',
    refuse: lockedError,
    announcesLock: true,
  };
}

/** A second factor's place (`attemptKeys.totp(id)`, `attemptKeys.recovery(id)`, `attemptKeys.passkey(id)`). */
export function secondFactorKey(key: string, lockout: LockoutSettings): GuardedKey {
  return { key, rule: secondFactorRule(lockout), release: 'clear', refuse: lockedError, announcesLock: true };
}

/**
 * After a wrong guess: audits it (and the lock it caused) and throws ACCOUNT_LOCKED when it locked
 * the account, `wrong` otherwise.
 */
export async function refuseFailedAttempt(
  ctx: ServiceContext,
  outcome: { lockedFor?: number | null },
  audit: {
    event: 'login.password_failed' | 'login.code_failed' | 'login.code_replayed' | 'login.passkey_failed';
    actor: Actor;
    target: string | undefined;
    details?: object;
  },
  wrong: AppError,
): Promise<never> {
  if (audit.target !== undefined) {
    const { event, actor, target, details } = audit;
    await recordAudit(ctx, { event, actor, target, ...(details ? { details } : {}) });
  }
  ctx.events.emit(audit.event);
  if (outcome.lockedFor === undefined) throw wrong;
  if (audit.target !== undefined) {
    await recordAudit(ctx, {
      event: 'account.locked',
      actor: audit.actor,
      target: audit.target,
      details: { retryAfterSeconds: outcome.lockedFor, ...audit.details },
    });
    notify(ctx, { username: audit.target }, 'account_locked', { ip: audit.actor.ip ?? '—' });
  }
  ctx.events.emit('account.locked');
  throw lockedError(outcome.lockedFor);
}
