import type { Account } from './account.js';
import { hotp } from './hotp.js';
import { steam } from './steam.js';
import { assertPeriod, totp } from './totp.js';

/** The code an account shows at `nowMs` (HOTP accounts use their stored counter). */
export function code(account: Account, nowMs: number): string {
  switch (account.type) {
    case 'hotp':
      return hotp(account.secret, account.counter, account);
    case 'steam':
      return steam(account.secret, nowMs, account.period);
    case 'totp':
      return totp(account.secret, nowMs, account);
    default:
      throw new RangeError(`Unknown OTP type: ${String((account as Account).type)}`);
  }
}

/** Milliseconds until the current TOTP or Steam code changes; Infinity for HOTP. */
export function remainingMs(account: Account, nowMs: number): number {
  if (account.type === 'hotp') return Number.POSITIVE_INFINITY;
  assertPeriod(account.period);
  if (!(nowMs >= 0) || !Number.isFinite(nowMs)) throw new RangeError('nowMs must be a finite time ≥ 0');
  const stepMs = account.period * 1000;
  return stepMs - (nowMs % stepMs);
}
