import type { LockoutSettings } from '../settings.js';
import type { AttemptRule } from './store.js';

/** The per-address limit: attempts allowed per window from one client address. */
export interface AddressLimit {
  /** Attempts per window (default 100). */
  maxFailures: number;
  /** Window length in seconds (default 900). */
  windowSeconds: number;
}

export const DEFAULT_ADDRESS_LIMIT: AddressLimit = { maxFailures: 100, windowSeconds: 900 };

/** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one authenticator. */
export const MAX_CONSECUTIVE_FAILURES = 100;

/** The longest a growing lock lasts. */
export const LONGEST_LOCK_MS = 24 * 3600_000;

/** Growing locks: the configured length, doubled at each further lock, at most LONGEST_LOCK_MS. */
export function growingLocks(lockSeconds: number | null): (number | null)[] {
  if (lockSeconds === null) return [null];
  const schedule: number[] = [];
  for (let ms = lockSeconds * 1000; ; ms *= 2) {
    if (ms >= LONGEST_LOCK_MS) {
      schedule.push(Math.max(LONGEST_LOCK_MS, lockSeconds * 1000));
      return schedule;
    }
    schedule.push(ms);
  }
}

/** The password step: growing delays, never a permanent lock unless the administrator chose one. */
export function passwordRule(lockout: LockoutSettings): AttemptRule {
  return { limit: lockout.maxFailures, lockMs: growingLocks(lockout.lockSeconds) };
}

/** A second factor (after a right password): growing delays, and for good after 100 in a row. */
export function secondFactorRule(lockout: LockoutSettings): AttemptRule {
  return {
    limit: lockout.maxFailures,
    lockMs: growingLocks(lockout.lockSeconds),
    lockForeverAfter: MAX_CONSECUTIVE_FAILURES,
  };
}

/** One address: `maxFailures` per window, then refused until a window has passed. */
export function addressRule(limit: AddressLimit): AttemptRule {
  const windowMs = limit.windowSeconds * 1000;
  return { limit: limit.maxFailures, windowMs, lockMs: [windowMs] };
}

/** Counter keys, one place so that the administrator's unlock finds every one of a user's keys. */
export const attemptKeys = {
  address: (ip: string) => `address:${ip}`,
  password: (username: string) => `password:${username}`,
  device: (username: string, id: string) => `device:${username}:${id}`,
  devicePrefix: (username: string) => `device:${username}:`,
  totp: (userId: number) => `totp:${userId}`,
  recovery: (userId: number) => `recovery:${userId}`,
  passkey: (userId: number) => `passkey:${userId}`,
  /** Password-reset links asked for from one address, and for one account (or unknown name). */
  resetAddress: (ip: string) => `reset-address:${ip}`,
  resetAccount: (account: number | string) => `reset-account:${account}`,
} as const;
